package org.mfa4j;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The signed content of a proof: {@code keyId|base64url(userId)|flowDigest|factorEpoch|issuedAtMillis|providers}.
 */
record ProofPayload(String keyId, String userId, String flowDigest, long factorEpoch, Instant issuedAt,
                    List<String> providers) {

    String encode() {
        return keyId + "|" + Base64.getUrlEncoder().withoutPadding().encodeToString(userId.getBytes(StandardCharsets.UTF_8))
                + "|" + flowDigest + "|" + factorEpoch + "|" + issuedAt.toEpochMilli() + "|" + String.join(",", providers);
    }

    static ProofPayload decode(String payload) {
        String[] f = payload.split("\\|", -1);
        if (f.length != 6) {
            throw new IllegalArgumentException("not an mfa4j proof token (fields)");
        }
        try {
            String userId = new String(Base64.getUrlDecoder().decode(f[1]), StandardCharsets.UTF_8);
            List<String> providers = f[5].isEmpty() ? List.of() : Arrays.asList(f[5].split(","));
            return new ProofPayload(f[0], userId, f[2], Long.parseLong(f[3]),
                    Instant.ofEpochMilli(Long.parseLong(f[4])), providers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an mfa4j proof token (values)");
        }
    }
}
