package org.mfa4j.provider.recovery;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.mfa4j.MfaConfigurationException;

/**
 * PBKDF2-HMAC-SHA256 from the JDK: 256-bit output, salt and iteration count stored with the code set.
 *
 * <p>The key-derivation function is looked up on each use, not when the provider starts: the first lookup
 * of a {@code javax.crypto} service in a JVM loads the JCA providers and the crypto policy (tens of
 * milliseconds), which the first set of codes or the first verification pays instead. The Java platform
 * does not promise this algorithm (only {@code DESede} among secret-key factories), though every OpenJDK
 * build has it in SunJCE; a JVM without it makes every setup and verification of recovery codes throw an
 * {@link MfaConfigurationException}, the exception a start-up check would have thrown, and nothing is
 * accepted or stored.
 */
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
    /** {@link #hash} as a {@link Kdf} (a class, not a method reference: start-up). */
    static final Kdf PBKDF2 = new Kdf() {
        @Override
        public byte[] hash(char[] code, byte[] salt, int iterations) {
            return CodeHasher.hash(code, salt, iterations);
        }
    };

    static byte[] hash(char[] code, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(code, salt, iterations, HASH_BYTES * 8);
        Arrays.fill(code, '\0');
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException e) {
            throw new MfaConfigurationException("provider '" + RecoveryCodesProviderFactory.ID + "' cannot hash "
                    + "codes: this JVM has no " + ALGORITHM + "; add a JCA provider that has it", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " refused the key specification", e);
        } finally {
            spec.clearPassword();
        }
    }
}
