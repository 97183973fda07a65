package org.mfa4j.examples.hotp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mfa4j.spi.SecretBytes;

/**
 * RFC 4226 HOTP: HMAC-SHA-1 of the 8-byte big-endian counter, dynamic truncation (section 5.3), six decimal
 * digits. One {@link Mac} per verification: this example keeps it plain rather than fast.
 */
final class Hotp {

    /** The length of every code. RFC 4226 asks for at least six digits. */
    static final int DIGITS = 6;

    private static final String ALGORITHM = "HmacSHA1";

    private Hotp() {
    }

    /** A MAC keyed with {@code key}. HmacSHA1 is one of the algorithms every Java platform has. */
    static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available on this Java platform", e);
        }
    }

    /** A MAC keyed with a sealed secret, keyed inside its holder. */
    static Mac keyed(SecretBytes key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            key.initMac(mac);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available on this Java platform", e);
        }
    }

    /** HMAC-SHA-1 of the counter (RFC 4226 section 5.2, step 1). */
    static byte[] hmac(Mac keyed, long counter) {
        return keyed.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
    }

    /** Dynamic truncation (section 5.3, step 2): 31 bits from the offset the last nibble names. */
    static int truncate(byte[] hmac) {
        int offset = hmac[hmac.length - 1] & 0x0f;
        return ByteBuffer.wrap(hmac, offset, Integer.BYTES).getInt() & 0x7fff_ffff;
    }

    /** The code for {@code counter} as {@value #DIGITS} ASCII digits, leading zeros kept. */
    static byte[] code(Mac keyed, long counter) {
        int value = truncate(hmac(keyed, counter)) % 1_000_000;
        return String.format(Locale.ROOT, "%06d", value).getBytes(StandardCharsets.US_ASCII);
    }
}
