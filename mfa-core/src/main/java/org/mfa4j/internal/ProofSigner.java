package org.mfa4j.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.mfa4j.MfaSecretException;
import org.mfa4j.SecretKeys;
import org.mfa4j.spi.SecretBytes;

/**
 * HMAC-SHA256 signatures for proofs and keyed digests of session ids, under keys derived from the
 * application keys (never the sealing keys themselves).
 *
 * <p>The derivation needs the JCA's HMAC-SHA256, whose first use in a JVM walks the provider list (tens of
 * milliseconds), so it runs on the first signature, check or digest rather than when {@code Mfa} is built.
 * The application keys' ids and lengths were checked by {@link SecretKeys}. Should the JVM lack
 * HMAC-SHA256 (every Java platform must have it), each operation throws the {@link MfaSecretException} the
 * constructor used to throw, and nothing is signed or accepted.
 */
public final class ProofSigner {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int MAX_CACHED_DIGESTS = 10_000;

    private final String currentId;
    /** The application keys by id, current first; {@link #derived()} turns them into MAC keys. */
    private final Map<String, SecretBytes> macKeys = new LinkedHashMap<>();
    /** The derived MAC keys by id, once derived; never changed afterwards. */
    private volatile Map<String, byte[]> derived;
    /** Per thread: the Mac of the current key (the hot path), and those of older keys (checks only). */
    private final ThreadLocal<Macs> macs = new ThreadLocal<>() {
        @Override
        protected Macs initialValue() {
            return new Macs();
        }
    };
    /** Digests of recent session ids: a login flow asks for the same one several times. */
    private final Map<String, String> flowDigests = new ConcurrentHashMap<>();

    public ProofSigner(SecretKeys keys) {
        this.currentId = keys.currentId();
        for (String id : keys.ids()) {
            macKeys.put(id, keys.key(id).orElseThrow());
        }
    }

    public String currentKeyId() {
        return currentId;
    }

    /**
     * Writes the HMAC-SHA256 of {@code body[0, payloadLength)} under the current key into the 32 bytes after
     * it.
     */
    public void sign(byte[] body, int payloadLength) {
        Mac mac = mac(currentId);
        mac.update(body, 0, payloadLength);
        try {
            mac.doFinal(body, payloadLength);
        } catch (ShortBufferException e) {
            throw new IllegalArgumentException("no room for the MAC after the payload", e);
        }
    }

    /**
     * Whether the 32 bytes after {@code body[0, payloadLength)} are its HMAC-SHA256 under the key {@code keyId}
     * names (compared in constant time); false for a key id this application does not have.
     */
    public boolean verify(String keyId, byte[] body, int payloadLength) {
        if (!macKeys.containsKey(keyId) || body.length - payloadLength != 32) {
            return false;
        }
        Mac mac = mac(keyId);
        mac.update(body, 0, payloadLength);
        byte[] expected = mac.doFinal();
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(body, payloadLength, body.length));
    }

    /** A keyed digest of a session id: the store never sees the id itself. */
    public String flowDigest(String sessionId) {
        String cached = flowDigests.get(sessionId);
        if (cached != null) {
            return cached;
        }
        byte[] m = mac(currentId).doFinal(("flow|" + sessionId).getBytes(StandardCharsets.UTF_8));
        String digest = B64.encodeToString(Arrays.copyOf(m, 16));
        if (flowDigests.size() >= MAX_CACHED_DIGESTS) {
            flowDigests.clear();
        }
        flowDigests.put(sessionId, digest);
        return digest;
    }

    /** This thread's HMAC-SHA256 under {@code keyId}, ready for a new message. */
    private Mac mac(String keyId) {
        Macs m = macs.get();
        if (keyId.equals(currentId)) {
            if (m.current == null) {
                m.current = newMac(keyId);
            }
            return m.current;
        }
        Mac mac = m.older.get(keyId);
        if (mac == null) {
            mac = newMac(keyId);
            m.older.put(keyId, mac);
        }
        return mac;
    }

    /** One thread's Macs. */
    private static final class Macs {
        Mac current;
        final Map<String, Mac> older = new LinkedHashMap<>();
    }

    private Mac newMac(String keyId) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(derived().get(keyId), "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new MfaSecretException("HmacSHA256 is not available", e);
        }
    }

    /** The MAC keys, derived on first use by one thread while the others wait; a failure is not kept. */
    private Map<String, byte[]> derived() {
        Map<String, byte[]> d = derived;
        if (d == null) {
            synchronized (macKeys) {
                d = derived;
                if (d == null) {
                    Map<String, byte[]> m = new LinkedHashMap<>();
                    for (Map.Entry<String, SecretBytes> e : macKeys.entrySet()) {
                        m.put(e.getKey(), derive(e.getValue(), "mfa4j proof key v1"));
                    }
                    derived = d = Collections.unmodifiableMap(m);
                }
            }
        }
        return d;
    }

    private static byte[] derive(SecretBytes key, String label) {
        byte[] raw = key.toByteArray();
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(raw, "HmacSHA256"));
            return m.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new MfaSecretException("HmacSHA256 is not available", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }


    @Override
    public String toString() {
        return "ProofSigner[current=" + currentId + "]";
    }
}
