package org.mfa4j.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.mfa4j.MfaSecretException;
import org.mfa4j.SecretKeys;

/**
 * HMAC-SHA256 signatures for proofs and keyed digests of session ids, under keys derived from the
 * application keys (never the sealing keys themselves). The derivation happens in {@link KeyRing}: no key
 * bytes, raw or derived, pass through this class (the digest cache's hash key is a MAC output under the proof
 * key, which says nothing of that key), and once the keys are destroyed every operation throws.
 *
 * <p>The derivation needs the JCA's HMAC-SHA256, whose first use in a JVM walks the provider list (tens of
 * milliseconds), so it runs on the first signature, check or digest of a thread rather than when
 * {@code Mfa} is built. The application keys' ids and lengths were checked by {@link SecretKeys}. Should
 * the JVM lack HMAC-SHA256 (every Java platform must have it), each operation throws the
 * {@link MfaSecretException} the constructor used to throw, and nothing is signed or accepted.
 */
public final class ProofSigner {

    private static final String PROOF_KEY_LABEL = "mfa4j proof key v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int MAX_CACHED_DIGESTS = 10_000;
    /** What a session id's digest is a digest of: this label, then the id in UTF-8. */
    private static final byte[] FLOW_LABEL = "flow|".getBytes(StandardCharsets.US_ASCII);
    /** What the digest cache's hash key is the MAC of (no flow label and no proof payload starts so). */
    private static final byte[] CACHE_KEY_LABEL = "digest cache key|".getBytes(StandardCharsets.US_ASCII);

    private final KeyRing ring;
    private final String currentId;
    /** Per thread: the Mac of the current key (the hot path) and those of older keys (checks only). */
    private final ThreadLocal<Macs> macs = new ThreadLocal<>() {
        @Override
        protected Macs initialValue() {
            return new Macs();
        }
    };
    /**
     * Recent flow digests, by the {@link SipHash} of the session id under a key derived from the proof key (a
     * login flow asks for the same one several times). The ids themselves are never kept: a heap dump shows
     * no live session id.
     */
    private final Map<SipHash.Hash, String> flowDigests = new ConcurrentHashMap<>();
    private volatile SipHash cacheHash;

    public ProofSigner(SecretKeys keys) {
        this.ring = KeyRing.of(keys);
        this.currentId = ring.currentId();
    }

    public String currentKeyId() {
        return currentId;
    }

    /**
     * Writes the HMAC-SHA256 of {@code body[0, payloadLength)} under the current key into the 32 bytes after
     * it.
     */
    public void sign(byte[] body, int payloadLength) {
        ring.requireLive();
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
        ring.requireLive();
        if (!ring.has(keyId) || body.length - payloadLength != 32) {
            return false;
        }
        Mac mac = mac(keyId);
        mac.update(body, 0, payloadLength);
        byte[] expected = mac.doFinal();
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(body, payloadLength, body.length));
    }

    /** A keyed digest of a session id: the store never sees the id itself, and neither does the cache. */
    public String flowDigest(String sessionId) {
        ring.requireLive();
        SipHash.Hash key = cacheHash().hash(isAscii(sessionId) ? sessionId
                : new String(sessionId.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        String cached = flowDigests.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] id = sessionId.getBytes(StandardCharsets.UTF_8);
        Mac mac = mac(currentId);
        mac.update(FLOW_LABEL);
        String digest = B64.encodeToString(Arrays.copyOf(mac.doFinal(id), 16));
        if (flowDigests.size() >= MAX_CACHED_DIGESTS) {
            flowDigests.clear();
        }
        flowDigests.put(key, digest);
        return digest;
    }

    /**
     * The cache's hash, keyed by the current key's HMAC of {@link #CACHE_KEY_LABEL} (every thread derives the
     * same key, so a race to set it is harmless), on first use like the Macs.
     */
    private SipHash cacheHash() {
        SipHash h = cacheHash;
        if (h == null) {
            byte[] key = mac(currentId).doFinal(CACHE_KEY_LABEL);
            h = new SipHash(key);
            Arrays.fill(key, (byte) 0);
            cacheHash = h;
        }
        return h;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
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

    /** One thread's Macs: the current key's, and those of older keys (checks only). */
    private static final class Macs {
        Mac current;
        final Map<String, Mac> older = new LinkedHashMap<>();
    }

    /** A Mac under the proof key derived from {@code keyId}; a failure is thrown, not kept. */
    private Mac newMac(String keyId) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            ring.initDerivedMac(m, keyId, PROOF_KEY_LABEL);
            return m;
        } catch (GeneralSecurityException e) {
            throw new MfaSecretException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "ProofSigner[current=" + currentId + "]";
    }
}
