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
import javax.crypto.spec.SecretKeySpec;
import org.mfa4j.MfaSecretException;
import org.mfa4j.SecretKeys;
import org.mfa4j.spi.SecretBytes;

/**
 * HMAC-SHA256 signatures for proofs and keyed digests of session ids, under keys derived from the
 * application keys (never the sealing keys themselves).
 */
public final class ProofSigner {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int MAX_CACHED_DIGESTS = 10_000;

    private final String currentId;
    private final Map<String, byte[]> macKeys = new LinkedHashMap<>();
    private final ThreadLocal<Map<String, Mac>> macs = ThreadLocal.withInitial(LinkedHashMap::new);
    /** Digests of recent session ids: a login flow asks for the same one several times. */
    private final Map<String, String> flowDigests = new ConcurrentHashMap<>();

    public ProofSigner(SecretKeys keys) {
        this.currentId = keys.currentId();
        for (String id : keys.ids()) {
            SecretBytes k = keys.key(id).orElseThrow();
            macKeys.put(id, derive(k, "mfa4j proof key v1"));
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
                m.init(new SecretKeySpec(macKeys.get(id), "HmacSHA256"));
                return m;
            } catch (GeneralSecurityException e) {
                throw new MfaSecretException("HmacSHA256 is not available", e);
            }
        });
        return mac.doFinal(data);
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
