package org.mfa4j.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaSecretException;
import org.mfa4j.SecretKeys;

/**
 * The raw bytes of the application keys, the one place they live. {@link SecretKeys} (public) holds one
 * and never hands it out; the engine's cipher and proof signer reach it through {@link #of}, which
 * {@code SecretKeys} grants once (the JDK's shared-secrets pattern: this package is not exported). Key
 * bytes never leave this class: it initialises a JCA {@link Cipher} or {@link Mac} with them, or with a key
 * derived from them, and keeps nothing of what it made.
 *
 * <p>{@link #destroy()} overwrites every key with zeros; from then on every use throws
 * {@link MfaSecretException}, so nothing is ever sealed or signed under a wiped (all-zero) key. A use that
 * overlaps the wipe is refused too: the copy is read under an optimistic {@link StampedLock} stamp and
 * thrown away unless the stamp still holds.
 */
public final class KeyRing {

    private static volatile Function<SecretKeys, KeyRing> access;

    private final String currentId;
    /** By id, current first. Each array is this ring's own; only {@link #destroy()} writes to them. */
    private final Map<String, byte[]> keys;
    private final StampedLock lock = new StampedLock();
    private volatile boolean destroyed;

    /** Takes ownership of the arrays in {@code keys}; {@code currentId} must be one of them. */
    public KeyRing(String currentId, Map<String, byte[]> keys) {
        if (!keys.containsKey(currentId)) {
            throw new IllegalArgumentException("the current key id is not among the keys");
        }
        this.currentId = currentId;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** Called once, by {@link SecretKeys}: how the engine reaches a key set's ring. */
    public static void grantAccess(Function<SecretKeys, KeyRing> accessor) {
        Objects.requireNonNull(accessor, "accessor");
        synchronized (KeyRing.class) {
            if (access != null) {
                throw new IllegalStateException("access to the key rings was granted already");
            }
            access = accessor;
        }
    }

    /** The ring of {@code keys}. */
    public static KeyRing of(SecretKeys keys) {
        Objects.requireNonNull(keys, "keys");
        // An instance exists, so SecretKeys is initialised and has granted access.
        return access.apply(keys);
    }

    /** Whether {@code id} is 1 to 32 of {@code [A-Za-z0-9_-]} (checked without java.util.regex: start-up). */
    public static boolean isKeyId(String id) {
        if (id.isEmpty() || id.length() > 32) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    public String currentId() {
        return currentId;
    }

    /** Key ids, the current one first. */
    public List<String> ids() {
        return new ArrayList<>(keys.keySet());
    }

    public boolean has(String keyId) {
        return keys.containsKey(keyId);
    }

    /**
     * This ring's keys and those of {@code older} that it lacks, each copied; the current key stays.
     *
     * @throws MfaConfigurationException when one id names two different keys
     */
    public KeyRing withRetired(KeyRing older) {
        requireLive();
        older.requireLive();
        for (Map.Entry<String, byte[]> e : older.keys.entrySet()) {
            byte[] mine = keys.get(e.getKey());
            if (mine != null && !MessageDigest.isEqual(mine, e.getValue())) {
                throw new MfaConfigurationException("key id '" + e.getKey() + "' names two different keys");
            }
        }
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : keys.entrySet()) {
            m.put(e.getKey(), e.getValue().clone());
        }
        for (Map.Entry<String, byte[]> e : older.keys.entrySet()) {
            if (!m.containsKey(e.getKey())) {
                m.put(e.getKey(), e.getValue().clone());
            }
        }
        return new KeyRing(currentId, m);
    }

    /**
     * Initialises {@code cipher} with the key {@code keyId} names, used as is (AES).
     *
     * @throws MfaSecretException when this application has no such key, or the keys were destroyed
     */
    public void initCipher(Cipher cipher, int mode, String keyId, AlgorithmParameterSpec params)
            throws InvalidKeyException, InvalidAlgorithmParameterException {
        cipher.init(mode, spec(keyId, "AES"), params);
    }

    /**
     * Initialises {@code mac} (of any algorithm) with a key derived from the key {@code keyId} names: the
     * HMAC-SHA256 of {@code label} under that key. Different labels give independent keys, and none of them
     * is the sealing key.
     *
     * @throws MfaSecretException when this application has no such key, or the keys were destroyed
     * @throws NoSuchAlgorithmException when the JVM has no HmacSHA256
     */
    public void initDerivedMac(Mac mac, String keyId, String label) throws GeneralSecurityException {
        Mac kdf = Mac.getInstance("HmacSHA256");
        kdf.init(spec(keyId, "HmacSHA256"));
        byte[] derived = kdf.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        try {
            mac.init(new SecretKeySpec(derived, mac.getAlgorithm()));
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
    }

    /**
     * Throws unless the keys are usable. For callers that keep something derived from them (a keyed
     * {@code Mac}) and must stop using it once the keys are destroyed.
     */
    public void requireLive() {
        if (destroyed) {
            throw destroyedException();
        }
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /** Overwrites every key with zeros; every later use throws {@link MfaSecretException}. Idempotent. */
    public void destroy() {
        long stamp = lock.writeLock();
        try {
            destroyed = true;
            for (byte[] k : keys.values()) {
                Arrays.fill(k, (byte) 0);
            }
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** A key spec of {@code keyId}'s bytes (SecretKeySpec copies them), only if they were not being wiped. */
    private SecretKeySpec spec(String keyId, String algorithm) {
        byte[] key = keys.get(keyId);
        if (key == null) {
            throw new MfaSecretException("key id '" + keyId + "' is not configured; add it to the key file as an "
                    + "older key");
        }
        long stamp = lock.tryOptimisticRead();
        if (stamp == 0 || destroyed) {
            throw destroyedException();
        }
        SecretKeySpec spec = new SecretKeySpec(key, algorithm);
        if (!lock.validate(stamp)) {
            throw destroyedException();
        }
        return spec;
    }

    private static MfaSecretException destroyedException() {
        return new MfaSecretException("the application keys were destroyed (SecretKeys.destroy()); nothing is "
                + "sealed, opened or signed with them any more");
    }

    @Override
    public String toString() {
        return "KeyRing[current=" + currentId + ", ids=" + keys.keySet() + (destroyed ? ", destroyed" : "") + "]";
    }
}
