package org.mfa4j.internal;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * bytes, raw or derived, pass through this class, and once the keys are destroyed every operation throws.
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

    private final KeyRing ring;
    private final String currentId;
    /** Per thread: the Mac of the current key (the hot path), those of older keys (checks only), a SHA-256. */
    private final ThreadLocal<Macs> macs = new ThreadLocal<>() {
        @Override
        protected Macs initialValue() {
            return new Macs();
        }
    };
    /**
     * Recent flow digests, by the SHA-256 of the session id (a login flow asks for the same one several
     * times). The ids themselves are never kept: a heap dump shows no live session id.
     */
    private final Map<SessionKey, String> flowDigests = new ConcurrentHashMap<>();

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
        SessionKey key = macs.get().sessionKey(sessionId);
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
     * The SHA-256 of a session id as the cache's key, held as four longs: equality is four comparisons (the
     * key is a digest, so comparing it in constant time would protect nothing), the first long is the hash.
     */
    private static final class SessionKey {
        private final long a;
        private final long b;
        private final long c;
        private final long d;

        SessionKey(byte[] sha256) {
            this.a = longAt(sha256, 0);
            this.b = longAt(sha256, 8);
            this.c = longAt(sha256, 16);
            this.d = longAt(sha256, 24);
        }

        private static long longAt(byte[] bytes, int offset) {
            long v = 0;
            for (int i = offset; i < offset + 8; i++) {
                v = v << 8 | bytes[i] & 0xFF;
            }
            return v;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(a);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SessionKey k && k.a == a && k.b == b && k.c == c && k.d == d;
        }
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

    /** One thread's Macs, and its SHA-256 and digest buffer for the digest cache's keys. */
    private static final class Macs {
        Mac current;
        final Map<String, Mac> older = new LinkedHashMap<>();
        private MessageDigest sha256;
        private final byte[] digest = new byte[32];
        /** The label, then an ASCII session id while it is hashed (zeroed after). */
        private final byte[] input = new byte[FLOW_LABEL.length + 128];

        /**
         * The cache key of a session id: the SHA-256 of the label and the id's UTF-8 bytes. An ASCII id (the
         * usual kind) is hashed in one piece from this thread's scratch buffer, which is zeroed again before
         * returning, so no id outlives the call there.
         */
        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) copies the low byte of each char
        SessionKey sessionKey(String id) {
            if (sha256 == null) {
                try {
                    sha256 = MessageDigest.getInstance("SHA-256");
                } catch (NoSuchAlgorithmException e) {
                    throw new MfaSecretException("SHA-256 is not available", e);
                }
                System.arraycopy(FLOW_LABEL, 0, input, 0, FLOW_LABEL.length);
            }
            int n = FLOW_LABEL.length + id.length();
            if (n <= input.length && isAscii(id)) {
                id.getBytes(0, id.length(), input, FLOW_LABEL.length);
                sha256.update(input, 0, n);
                Arrays.fill(input, FLOW_LABEL.length, n, (byte) 0);
            } else {
                sha256.update(FLOW_LABEL);
                sha256.update(id.getBytes(StandardCharsets.UTF_8));
            }
            try {
                sha256.digest(digest, 0, digest.length);
            } catch (DigestException e) {
                throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
            }
            return new SessionKey(digest);
        }

        private static boolean isAscii(String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }
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
