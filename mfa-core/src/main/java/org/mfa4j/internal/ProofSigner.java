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
    private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(LinkedHashMap::new);
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

    /** {@code p1.<base64url(payload)>.<base64url(mac)>} under the current key. */
    public String sign(String payload) {
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        return "p1." + B64.encodeToString(p) + "." + B64.encodeToString(mac(currentId, p));
    }

    /** Whether the token's MAC is right under the key id its payload names. */
    public boolean verify(String keyId, String token) {
        int a = token.indexOf('.');
        int b = token.lastIndexOf('.');
        if (a < 0 || b <= a || !macKeys.containsKey(keyId)) {
            return false;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(a + 1, b));
            byte[] given = Base64.getUrlDecoder().decode(token.substring(b + 1));
            return MessageDigest.isEqual(mac(keyId, payload), given);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A keyed digest of a session id: the store never sees the id itself. */
    public String flowDigest(String sessionId) {
        String cached = flowDigests.get(sessionId);
        if (cached != null) {
            return cached;
        }
        byte[] m = mac(currentId, ("flow|" + sessionId).getBytes(StandardCharsets.UTF_8));
        String digest = B64.encodeToString(Arrays.copyOf(m, 16));
        if (flowDigests.size() >= MAX_CACHED_DIGESTS) {
            flowDigests.clear();
        }
        flowDigests.put(sessionId, digest);
        return digest;
    }

    private byte[] mac(String keyId, byte[] data) {
        Mac mac = macs.get().computeIfAbsent(keyId, id -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(derived().get(id), "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new MfaSecretException("HmacSHA256 is not available", e);
            }
        });
        return mac.doFinal(data);
    }

    /** The MAC keys, derived on first use by one thread while the others wait; a failure is not kept. */
    private Map<String, byte[]> derived() {
        Map<String, byte[]> d = derived;
        if (d == null) {
            synchronized (macKeys) {
                d = derived;
                if (d == null) {
                    Map<String, byte[]> m = new LinkedHashMap<>();
                    macKeys.forEach((id, k) -> m.put(id, derive(k, "mfa4j proof key v1")));
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
