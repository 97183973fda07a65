package org.mfa4j.spi.otp;

import java.util.Arrays;
import java.util.Objects;

/**
 * RFC 4648 Base32 (section 6, the alphabet {@code A}-{@code Z}, {@code 2}-{@code 7}): how authenticator apps
 * are given a shared secret. {@link #encode} writes upper case without padding, the form the otpauth URI and
 * the apps expect. {@link #decode} is strict: it takes upper or lower case, with or without the
 * {@code =} padding, and refuses anything else (spaces, other characters, a length no encoding has, stray bits
 * in the last character) with an {@link IllegalArgumentException} that names the rule and the position,
 * never the text: the text is usually a secret.
 */
public final class Base32 {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int BITS_PER_CHAR = 5;

    private Base32() {
    }

    /** {@code data} in upper-case Base32 without padding; the empty string for no bytes. */
    public static String encode(byte[] data) {
        Objects.requireNonNull(data, "data");
        char[] out = new char[(data.length * Byte.SIZE + BITS_PER_CHAR - 1) / BITS_PER_CHAR];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (byte b : data) {
            buffer = buffer << Byte.SIZE | b & 0xff;
            bits += Byte.SIZE;
            while (bits >= BITS_PER_CHAR) {
                bits -= BITS_PER_CHAR;
                out[n++] = ALPHABET[buffer >>> bits & 0x1f];
            }
        }
        if (bits > 0) {
            out[n] = ALPHABET[buffer << BITS_PER_CHAR - bits & 0x1f];
        }
        return new String(out);
    }

    /**
     * The bytes of Base32 {@code text}, in either case, padded to a multiple of eight characters or not
     * padded at all.
     *
     * @throws IllegalArgumentException when {@code text} is not the canonical encoding of any bytes
     */
    public static byte[] decode(CharSequence text) {
        Objects.requireNonNull(text, "text");
        int length = unpaddedLength(text);
        byte[] out = new byte[length * BITS_PER_CHAR / Byte.SIZE];
        try {
            decode(text, length, out);
        } catch (IllegalArgumentException e) {
            Arrays.fill(out, (byte) 0); // the text is usually a secret
            throw e;
        }
        return out;
    }

    private static void decode(CharSequence text, int length, byte[] out) {
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < length; i++) {
            buffer = buffer << BITS_PER_CHAR | value(text.charAt(i), i);
            bits += BITS_PER_CHAR;
            if (bits >= Byte.SIZE) {
                bits -= Byte.SIZE;
                out[n++] = (byte) (buffer >>> bits);
            }
        }
        int lastGroup = length % 8;
        if (lastGroup == 1 || lastGroup == 3 || lastGroup == 6) {
            throw new IllegalArgumentException("Base32 text cannot have " + length + " characters besides "
                    + "padding: no number of bytes encodes to that many");
        }
        if ((buffer & (1 << bits) - 1) != 0) {
            throw new IllegalArgumentException("Base32 text must end in a character whose unused low bits are "
                    + "zero (character " + (length - 1) + " is not)");
        }
    }

    /** The length without the padding, after checking that any padding is where and as long as it must be. */
    private static int unpaddedLength(CharSequence text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '=') {
            end--;
        }
        int padding = text.length() - end;
        if (padding > 0 && (text.length() % 8 != 0 || padding != expectedPadding(end % 8))) {
            throw new IllegalArgumentException("padded Base32 text must be a whole number of 8-character groups, "
                    + "with the padding the last group's length implies");
        }
        return end;
    }

    /** The padding a group of {@code chars} characters gets (RFC 4648 section 6). */
    private static int expectedPadding(int chars) {
        return chars == 0 ? 0 : 8 - chars;
    }

    private static int value(char c, int position) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        if (c >= '2' && c <= '7') {
            return c - '2' + 26;
        }
        throw new IllegalArgumentException("Base32 text holds only the letters A to Z (either case), the digits "
                + "2 to 7 and final '=' padding; character " + position + " is none of these");
    }
}
