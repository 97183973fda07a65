package org.mfa4j.spi.otp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.mfa4j.MfaInput;
import org.mfa4j.spi.SecretBytes;

/**
 * RFC 4226 HOTP: the HMAC of the 8-byte big-endian counter, dynamic truncation to 31 bits (section 5.3), the
 * last 6 to 8 decimal digits. With the algorithm and a sealed secret ({@link #code(HmacAlgorithm, SecretBytes,
 * long, int)}) a code allocates nothing: it uses this thread's {@code Mac} ({@link HmacAlgorithm}).
 *
 * <p>A typed answer is read by {@link #parse} (exactly the code's number of ASCII digits, spaces and dashes
 * between them ignored) and compared whole, in constant time ({@link #matches}). Leading zeros are part of a
 * code: {@code 000042} is the code 42 of a six-digit credential, and {@code 42} is no code at all.
 */
public final class Hotp {

    /** The fewest digits a code has (RFC 4226 section 5.3). */
    public static final int MIN_DIGITS = 6;
    /** The most digits a code has: 10^8 is the largest power of ten below 2^31. */
    public static final int MAX_DIGITS = 8;
    /** Longer typed input is refused unread: eight digits with generous spacing fit easily. */
    public static final int MAX_TYPED_LENGTH = 32;

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000};
    private static final int MIN_HMAC_BYTES = 20;

    private Hotp() {
    }

    /**
     * The code of {@code counter} under {@code key}, as a number below {@code 10^digits}, with this thread's
     * {@code Mac} of {@code algorithm}. Nothing is kept but the {@code Mac}'s key, and the HMAC is wiped.
     *
     * @throws IllegalArgumentException when {@code digits} is not 6 to 8 or the {@code Mac} refuses the key
     * @throws org.mfa4j.MfaConfigurationException when this JVM has no such algorithm
     */
    public static int code(HmacAlgorithm algorithm, SecretBytes key, long counter, int digits) {
        requireDigits(digits);
        HmacAlgorithm.Keyed keyed = Objects.requireNonNull(algorithm, "algorithm")
                .keyed(Objects.requireNonNull(key, "key"));
        try {
            return code(keyed, counter, digits);
        } finally {
            Arrays.fill(keyed.hash, (byte) 0);
        }
    }

    /**
     * The code of {@code counter} as a number below {@code 10^digits}, with a {@code Mac} the caller keyed
     * (of at least 20 bytes of output: any HMAC RFC 4226 or RFC 6238 names). Allocates the HMAC's output.
     *
     * @throws IllegalArgumentException when {@code digits} is not 6 to 8, or the {@code Mac}'s output is too
     *                                  short for dynamic truncation
     * @throws IllegalStateException    when the {@code Mac} has no key
     */
    public static int code(Mac keyed, long counter, int digits) {
        requireDigits(digits);
        return truncate(hmac(keyed, counter)) % POWERS_OF_TEN[digits];
    }

    /** The HMAC of the counter (RFC 4226 section 5.2, step 1), from a {@code Mac} the caller keyed. */
    public static byte[] hmac(Mac keyed, long counter) {
        Objects.requireNonNull(keyed, "keyed");
        for (int shift = 56; shift >= 0; shift -= 8) {
            keyed.update((byte) (counter >>> shift));
        }
        return keyed.doFinal();
    }

    /**
     * Dynamic truncation (RFC 4226 section 5.3, step 2): the 31 bits at the offset the last nibble names.
     *
     * @throws IllegalArgumentException when {@code hmac} is shorter than 20 bytes
     */
    public static int truncate(byte[] hmac) {
        if (hmac.length < MIN_HMAC_BYTES) {
            throw new IllegalArgumentException("dynamic truncation needs an HMAC of at least 20 bytes");
        }
        int offset = hmac[hmac.length - 1] & 0x0f;
        return (hmac[offset] & 0x7f) << 24 | (hmac[offset + 1] & 0xff) << 16 | (hmac[offset + 2] & 0xff) << 8
                | hmac[offset + 3] & 0xff;
    }

    /** The code with the thread's scratch space; the caller wipes {@code keyed.hash}. */
    static int code(HmacAlgorithm.Keyed keyed, long counter, int digits) {
        byte[] message = keyed.message;
        long c = counter;
        for (int i = message.length - 1; i >= 0; i--) {
            message[i] = (byte) c;
            c >>>= 8;
        }
        keyed.mac.update(message);
        try {
            keyed.mac.doFinal(keyed.hash, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC output longer than expected", e);
        }
        return truncate(keyed.hash) % POWERS_OF_TEN[digits];
    }

    /**
     * The code as the user sees it: {@code digits} ASCII digits, leading zeros kept.
     *
     * @throws IllegalArgumentException when {@code digits} is not 6 to 8, or {@code code} is negative or has
     *                                  more digits
     */
    public static String format(int code, int digits) {
        requireDigits(digits);
        if (code < 0 || code >= POWERS_OF_TEN[digits]) {
            throw new IllegalArgumentException("a code of " + digits + " digits is at least 0 and below 10^"
                    + digits);
        }
        byte[] text = new byte[digits];
        int v = code;
        for (int i = digits - 1; i >= 0; i--) {
            text[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return new String(text, StandardCharsets.US_ASCII);
    }

    /**
     * The typed answer as a number: exactly {@code digits} ASCII digits, with the spaces and dashes people type
     * or paste between them ignored ({@link MfaInput#isCodeSeparator}). Empty for anything else: longer than
     * {@value #MAX_TYPED_LENGTH} characters, a control character, a sign, a non-ASCII digit, too few or too
     * many digits. No number parsing: {@code Integer.parseInt} takes {@code +123456} and non-ASCII digits.
     *
     * @throws IllegalArgumentException when {@code digits} is not 6 to 8
     */
    public static OptionalInt parse(CharSequence typed, int digits) {
        requireDigits(digits);
        int v = value(Objects.requireNonNull(typed, "typed"), digits);
        return v < 0 ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /**
     * Whether {@code typed} is the code {@code expected}: {@link #parse} of it, then one comparison of the
     * whole code whose time does not depend on where the two differ. False when {@code typed} is not a code.
     *
     * @throws IllegalArgumentException when {@code digits} is not 6 to 8
     */
    public static boolean matches(CharSequence typed, int expected, int digits) {
        requireDigits(digits);
        int v = value(Objects.requireNonNull(typed, "typed"), digits);
        return v >= 0 & equal(v, expected);
    }

    /** Whether two codes are equal, without a branch on how much of them is. */
    static boolean equal(int a, int b) {
        return (a ^ b) == 0;
    }

    /** The typed code's value, or -1 when it is not {@code digits} ASCII digits and separators. */
    private static int value(CharSequence s, int digits) {
        if (s.length() > MAX_TYPED_LENGTH) {
            return -1;
        }
        int v = 0;
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (count == digits) {
                    return -1;
                }
                v = v * 10 + (c - '0');
                count++;
            } else if (!MfaInput.isCodeSeparator(c)) {
                return -1;
            }
        }
        return count == digits ? v : -1;
    }

    /** Throws unless {@code digits} is 6 to 8. */
    static int requireDigits(int digits) {
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            throw new IllegalArgumentException("a one-time code has 6 to 8 digits");
        }
        return digits;
    }

    /** {@code 10^digits}, for a checked {@code digits}. */
    static int bound(int digits) {
        return POWERS_OF_TEN[digits];
    }
}
