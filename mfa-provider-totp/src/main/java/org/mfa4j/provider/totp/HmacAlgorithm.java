package org.mfa4j.provider.totp;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.spi.SecretBytes;

/**
 * The HMAC functions RFC 6238 allows, each with one {@link Mac} per thread: {@code Mac.getInstance} walks
 * the JCA provider list and is far dearer than {@code init}, so the hot path only re-keys a cached instance.
 *
 * <p>A thread's {@code Mac} is created on its first code, not when the provider starts: the first
 * {@code Mac.getInstance} in a JVM costs tens of milliseconds. HmacSHA1 and HmacSHA256 are required of every
 * Java platform; HmacSHA512 is not, so the factory checks it at start-up when the settings choose it
 * ({@link #requireAvailable()}). A JVM without the algorithm of a stored credential makes each check of it
 * throw the {@link MfaConfigurationException} a start-up check would have thrown: nothing is accepted.
 */
enum HmacAlgorithm {
    SHA1("HmacSHA1", 20, true),
    SHA256("HmacSHA256", 32, true),
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
                return new Keyed(newMac(jcaName));
            }
        };
    }

    /** The JCA name, such as {@code HmacSHA256}. */
    String jcaName() {
        return jcaName;
    }

    /** The key length RFC 6238 section 5.1 recommends: the HMAC output length. */
    int keyBytes() {
        return keyBytes;
    }

    /**
     * This thread's {@link Mac}, keyed with {@code key}, with scratch space for a code. Use it before the
     * thread asks for another one of the same algorithm; {@code doFinal} keeps the key.
     */
    Keyed keyed(SecretBytes key) {
        Keyed k = macs.get();
        // The same credential again on this thread (a user retrying, a busy account): the Mac still holds
        // its key, so skip the two compression blocks of re-keying. Compared in constant time.
        if (key.equalsSecret(k.key)) {
            return k;
        }
        k.key = null;
        try {
            key.initMac(k.mac);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException(jcaName + " rejected the stored key", e);
        }
        k.key = key;
        return k;
    }

    /** A thread's Mac and the secret it was last initialised with (immutable, so safe to hold). */
    static final class Keyed {
        final Mac mac;
        /** Scratch space for one code: the counter and the HMAC (wiped after each check). */
        final byte[] message = new byte[8];
        final byte[] hash;
        private SecretBytes key;

        Keyed(Mac mac) {
            this.mac = mac;
            this.hash = new byte[mac.getMacLength()];
        }
    }

    /** The algorithm for a setting or stored value: {@code SHA1}, {@code SHA256}, {@code SHA512} or the JCA name. */
    static Optional<HmacAlgorithm> parse(String value) {
        for (HmacAlgorithm a : ALL) {
            if (a.name().equals(value)) {
                return Optional.of(a); // how credentials store it: no normalising on the hot path
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

    private static Mac newMac(String jcaName) {
        try {
            return Mac.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw unavailable(jcaName, e);
        }
    }

    /**
     * Fails early when the JVM lacks this algorithm and the Java platform does not promise it (called by the
     * factory for the configured algorithm). Algorithms every platform has are not looked up here: the
     * lookup would start the JCA, which the first code does anyway.
     *
     * @throws MfaConfigurationException when the algorithm is missing
     */
    void requireAvailable() {
        if (!platformRequired) {
            newMac(jcaName);
        }
    }

    private static MfaConfigurationException unavailable(String jcaName, Exception cause) {
        return new MfaConfigurationException("provider '" + TotpProviderFactory.ID + "' cannot compute codes: "
                + "this JVM has no " + jcaName + "; choose another algorithm or add a JCA provider that has it",
                cause);
    }
}
