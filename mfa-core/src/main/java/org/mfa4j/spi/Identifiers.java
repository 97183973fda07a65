package org.mfa4j.spi;

import java.nio.charset.StandardCharsets;

/**
 * The rules every identifier handed to mfa4j follows (user ids, session ids), and the one way caller input
 * appears in a message.
 *
 * <p>An identifier is 1 to N bytes of strict UTF-8: no unpaired surrogate, no control character, no format
 * or bidirectional-control character (U+200E, U+202E, U+2066, ...), no line or paragraph separator
 * (U+2028, U+2029), and not only white space. The limit counts UTF-8 bytes, so every layer (the proof, the
 * cipher's associated data, a database column) holds every id that passes: an id that could be locked can
 * always sign in.
 */
public final class Identifiers {

    /** How many characters of caller input a message quotes at most. */
    public static final int QUOTE_LIMIT = 32;

    private Identifiers() {
    }

    /**
     * Returns {@code value} if it is a valid identifier of at most {@code maxUtf8Bytes} bytes.
     *
     * @param what the name used in the message, such as {@code "user id"}
     * @throws IllegalArgumentException naming the rule broken, never quoting the value
     */
    public static String require(String what, String value, int maxUtf8Bytes) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (isPrintableAscii(value)) {
            // The usual id: no surrogates or forbidden characters, one byte of UTF-8 per char.
            if (value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            if (value.length() > maxUtf8Bytes) {
                throw new IllegalArgumentException(what + " must be at most " + maxUtf8Bytes + " bytes of UTF-8");
            }
            return value;
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " must not contain an unpaired surrogate");
            }
            if (isForbidden(c)) {
                throw new IllegalArgumentException(what + " must not contain control, format or bidi characters "
                        + "(found U+" + String.format("%04X", (int) c) + ")");
            }
        }
        if (utf8Length(value) > maxUtf8Bytes) {
            throw new IllegalArgumentException(what + " must be at most " + maxUtf8Bytes + " bytes of UTF-8");
        }
        return value;
    }

    /**
     * The strict UTF-8 bytes of {@code value}: never a replacement character for what cannot be encoded.
     *
     * @throws IllegalArgumentException when {@code value} holds an unpaired surrogate
     */
    public static byte[] utf8(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("text cannot be encoded as UTF-8 (unpaired surrogate)");
            }
        }
        // With no unpaired surrogate the JDK's encoder replaces nothing: these are the strict bytes (and the
        // accept path mints a proof per call, where a CharsetEncoder would cost an allocation of 256 bytes).
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Caller input as it may appear in a message: at most {@link #QUOTE_LIMIT} characters, anything but
     * printable ASCII escaped as {@code \\uXXXX}, in single quotes. {@code null} is {@code null}.
     */
    public static String quote(String input) {
        if (input == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(QUOTE_LIMIT + 8).append('\'');
        int n = Math.min(input.length(), QUOTE_LIMIT);
        for (int i = 0; i < n; i++) {
            char c = input.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        sb.append('\'');
        if (input.length() > n) {
            sb.append("...");
        }
        return sb.toString();
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static boolean isForbidden(char c) {
        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
