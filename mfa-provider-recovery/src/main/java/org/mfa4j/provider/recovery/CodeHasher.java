package org.mfa4j.provider.recovery;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** PBKDF2-HMAC-SHA256 from the JDK: 256-bit output, salt and iteration count stored with the code set. */
final class CodeHasher {

    static final int HASH_BYTES = 32;
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    private CodeHasher() {
    }

    /** A key-derivation function over a normalised code; the provider uses {@link CodeHasher#hash}. */
    @FunctionalInterface
    interface Kdf {
        /** The hash of {@code code} (wiped afterwards) with {@code salt} and {@code iterations}. */
        byte[] hash(char[] code, byte[] salt, int iterations);
    }

    /** The hash of a normalised code; wipes {@code code}. */
    static byte[] hash(char[] code, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(code, salt, iterations, HASH_BYTES * 8);
        Arrays.fill(code, '\0');
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Fails early when the JVM lacks the KDF (called once by the factory). */
    static void requireAvailable() {
        try {
            SecretKeyFactory.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
        }
    }
}
