package org.mfa4j.provider.duo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWTs signed with HMAC (JWS compact form), written with {@code javax.crypto} alone so that the fake
 * Duo does not share a JWT library with the SDK it tests.
 */
final class Hs512Jwt {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private Hs512Jwt() {
    }

    static String sign(Map<String, ?> claims, byte[] key) {
        return sign(claims, key, "HS512");
    }

    /** {@code alg} is {@code HS512} or {@code HS256}. */
    static String sign(Map<String, ?> claims, byte[] key, String alg) {
        try {
            String header = B64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", alg, "typ", "JWT")));
            String payload = B64.encodeToString(JSON.writeValueAsBytes(claims));
            String input = header + "." + payload;
            return input + "." + B64.encodeToString(mac(alg, key, input));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of an HS512 JWT whose signature verifies under {@code key}; empty otherwise. */
    static Optional<Map<String, Object>> verify(String jwt, byte[] key) {
        if (jwt == null) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Map<String, Object> header = read(parts[0]);
            if (!"HS512".equals(header.get("alg"))) {
                return Optional.empty();
            }
            byte[] expected = mac("HS512", key, parts[0] + "." + parts[1]);
            if (!MessageDigest.isEqual(expected, B64D.decode(parts[2]))) {
                return Optional.empty();
            }
            return Optional.of(read(parts[1]));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    /** The payload without any check (to look at what a client sent). */
    static Map<String, Object> peek(String jwt) {
        try {
            return read(jwt.split("\\.", -1)[1]);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> read(String part) throws IOException {
        return JSON.readValue(B64D.decode(part), new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static byte[] mac(String alg, byte[] key, String input) {
        String jca = switch (alg) {
            case "HS512" -> "HmacSHA512";
            case "HS256" -> "HmacSHA256";
            default -> throw new IllegalArgumentException(alg);
        };
        try {
            Mac mac = Mac.getInstance(jca);
            mac.init(new SecretKeySpec(key, jca));
            return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
