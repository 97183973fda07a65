package org.mfa4j.provider.totp;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mfa4j.spi.SecretBytes;

/**
 * The HMAC functions RFC 6238 allows, each with one {@link Mac} per thread: {@code Mac.getInstance} walks
 * the JCA provider list and is far dearer than {@code init}, so the hot path only re-keys a cached instance.
 */
enum HmacAlgorithm {
    SHA1("HmacSHA1", 20),
    SHA256("HmacSHA256", 32),
    SHA512("HmacSHA512", 64);

    private static final HmacAlgorithm[] ALL = values();

    private final String jcaName;
    private final int keyBytes;
    private final ThreadLocal<Keyed> macs;

    HmacAlgorithm(String jcaName, int keyBytes) {
        this.jcaName = jcaName;
        this.keyBytes = keyBytes;
        this.macs = ThreadLocal.withInitial(() -> new Keyed(newMac(jcaName)));
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
     * This thread's {@link Mac}, keyed with {@code key}. Use it before the thread asks for another one of
     * the same algorithm; {@code doFinal} keeps the key.
     */
    Mac keyed(SecretBytes key) {
        Keyed k = macs.get();
        // The same credential again on this thread (a user retrying, a busy account): the Mac still holds
        // its key, so skip the two compression blocks of re-keying. Compared in constant time.
        if (k.key != null && key.equalsBytes(k.key)) {
            return k.mac;
        }
        byte[] raw = key.toByteArray();
        try {
            k.mac.init(new SecretKeySpec(raw, jcaName));
        } catch (InvalidKeyException e) {
            Arrays.fill(raw, (byte) 0);
            k.key = null;
            throw new IllegalStateException(jcaName + " rejected the stored key", e);
        }
        if (k.key != null) {
            Arrays.fill(k.key, (byte) 0);
        }
        k.key = raw;
        return k.mac;
    }

    /** A thread's Mac and the key it was last initialised with. */
    private static final class Keyed {
        final Mac mac;
        byte[] key;

        Keyed(Mac mac) {
            this.mac = mac;
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
            throw new IllegalStateException("this JVM has no " + jcaName, e);
        }
    }

    /** Fails early when the JVM lacks one of the algorithms (called once by the factory). */
    static void requireAvailable() {
        for (HmacAlgorithm a : ALL) {
            try {
                Mac.getInstance(a.jcaName);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no " + a.jcaName, e);
            }
        }
    }
}
