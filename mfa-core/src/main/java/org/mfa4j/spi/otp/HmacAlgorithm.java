package org.mfa4j.spi.otp;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.spi.SecretBytes;

/**
 * The HMAC functions RFC 4226 and RFC 6238 allow. {@link Hotp} and {@link Totp} keep one {@link Mac} per
 * thread and algorithm: {@code Mac.getInstance} walks the JCA provider list and is far dearer than
 * {@code init}, so computing a code only re-keys a cached instance, and not even that when the thread's last
 * code was of the same secret.
 *
 * <p>A thread's {@code Mac} is created on its first code, not before: the first {@code Mac.getInstance} in
 * a JVM costs tens of milliseconds. HmacSHA1 and HmacSHA256 are required of every Java platform; HmacSHA512
 * is not, so a provider whose settings choose it calls {@link #requireAvailable()} when it starts. On a JVM
 * without the algorithm every code throws the {@link MfaConfigurationException} that check would have
 * thrown: nothing is accepted.
 */
public enum HmacAlgorithm {
    /** HMAC-SHA-1, the default of RFC 4226 and of the otpauth URI, and the only one every app supports. */
    SHA1("HmacSHA1", 20, true),
    /** HMAC-SHA-256 (RFC 6238). */
    SHA256("HmacSHA256", 32, true),
    /** HMAC-SHA-512 (RFC 6238); the Java platform does not promise it. */
    SHA512("HmacSHA512", 64, false);

    private static final HmacAlgorithm[] ALL = values();

    private final String jcaName;
    private final int keyBytes;
    private final boolean platformRequired;
    private final ThreadLocal<Keyed> macs;

    HmacAlgorithm(String jcaName, int keyBytes, boolean platformRequired) {
        this.jcaName = jcaName;
        this.keyBytes = keyBytes;
        this.platformRequired = platformRequired;
        this.macs = new ThreadLocal<>() {
            @Override
            protected Keyed initialValue() {
                return new Keyed(newMac());
            }
        };
    }

    /** The JCA name, such as {@code HmacSHA256}. */
    public String jcaName() {
        return jcaName;
    }

    /** The secret length RFC 6238 section 5.1 recommends, in bytes: the HMAC output length (20, 32, 64). */
    public int keyBytes() {
        return keyBytes;
    }

    /**
     * The algorithm a setting or stored value names: {@code SHA1}, {@code SHA256} or {@code SHA512}, in any
     * case, with or without a dash or an {@code Hmac} prefix ({@code HmacSHA256}, {@code sha-256}).
     *
     * @return empty for anything else, null included
     */
    public static Optional<HmacAlgorithm> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (HmacAlgorithm a : ALL) {
            if (a.name().equals(value)) {
                return Optional.of(a); // how credentials store it: no normalising on the verify path
            }
        }
        String v = value.strip().toUpperCase(Locale.ROOT).replace("-", "");
        if (v.startsWith("HMAC")) {
            v = v.substring(4);
        }
        for (HmacAlgorithm a : ALL) {
            if (a.name().equals(v)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /**
     * Fails early when this JVM lacks the algorithm and the Java platform does not promise it; for a
     * provider's start-up with the configured algorithm. Algorithms every platform has are not looked up:
     * the lookup would start the JCA, which the first code does anyway.
     *
     * @throws MfaConfigurationException when the algorithm is missing
     */
    public void requireAvailable() {
        if (!platformRequired) {
            newMac();
        }
    }

    /**
     * A new, unkeyed {@code Mac} of this algorithm, for a caller that keeps its own.
     *
     * @throws MfaConfigurationException when this JVM has no such algorithm
     */
    public Mac newMac() {
        try {
            return Mac.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new MfaConfigurationException("one-time codes cannot be computed: this JVM has no " + jcaName
                    + "; choose another algorithm or add a JCA provider that has it", e);
        }
    }

    /**
     * This thread's {@code Mac}, keyed with {@code key}, with scratch space for one code. Valid until the
     * thread asks for another one of this algorithm; {@code doFinal} keeps the key.
     */
    Keyed keyed(SecretBytes key) {
        Keyed k = macs.get();
        // The same credential again on this thread (a user retrying, a busy account): the Mac still holds its
        // key, so skip the two compression blocks of re-keying. Compared in constant time.
        if (key.equalsSecret(k.key)) {
            return k;
        }
        k.key = null;
        try {
            key.initMac(k.mac);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(jcaName + " refused the key", e);
        }
        k.key = key;
        return k;
    }

    /** A thread's {@code Mac} and the secret it was last keyed with (immutable, so safe to hold). */
    static final class Keyed {
        final Mac mac;
        /** Scratch space for one code: the counter and the HMAC (wiped after each use). */
        final byte[] message = new byte[Long.BYTES];
        final byte[] hash;
        private SecretBytes key;

        Keyed(Mac mac) {
            this.mac = mac;
            this.hash = new byte[mac.getMacLength()];
        }
    }
}
