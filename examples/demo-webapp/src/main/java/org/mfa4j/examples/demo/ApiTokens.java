package org.mfa4j.examples.demo;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token API's bearer tokens: opaque, 256 bits from {@link SecureRandom}, base64url without padding. Only a
 * keyed hash (HMAC-SHA256 under a random key of this JVM) of each token is kept, with the user and the
 * expiry, in memory: a copy of this table (a heap dump) gives no usable token, and a restart voids them all.
 * The table is bounded ({@link #MAX_TOKENS}); when it is full of live tokens a new one is refused, never an
 * old one silently dropped. Thread-safe.
 *
 * <p>A token is issued only after {@code Mfa} accepted a factor (or found none required): it is the API's own
 * credential, never the proof {@code Mfa} returned.
 */
final class ApiTokens {

    /** The most live tokens kept at once. */
    static final int MAX_TOKENS = 10_000;

    /** The length of a token: 32 bytes in base64url without padding. */
    static final int TOKEN_CHARS = 43;

    private static final String HMAC = "HmacSHA256";

    /** What a token was issued as; the token itself is shown once, in the issuing response. */
    record Issued(String token, String user, Instant expiresAt) {

        @Override
        public String toString() {
            return "Issued[user=" + user + ", expiresAt=" + expiresAt + "]";
        }
    }

    /** Thrown when the table holds {@link #MAX_TOKENS} live tokens. */
    static final class FullException extends RuntimeException {
        FullException() {
            super("too many live API tokens");
        }
    }

    private record Entry(String user, Instant expiresAt) {
    }

    private final Map<String, Entry> byDigest = new ConcurrentHashMap<>();
    private final SecretKeySpec key;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration lifetime;

    ApiTokens(SecureRandom random, Clock clock, Duration lifetime) {
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("an API token lives more than zero and at most one day");
        }
        this.lifetime = lifetime;
        byte[] k = new byte[32];
        random.nextBytes(k);
        this.key = new SecretKeySpec(k, HMAC);
    }

    Duration lifetime() {
        return lifetime;
    }

    /**
     * A new token for {@code user}, valid for the lifetime from now.
     *
     * @throws FullException when {@link #MAX_TOKENS} live tokens exist
     */
    synchronized Issued issue(String user) {
        Instant now = clock.instant();
        if (byDigest.size() >= MAX_TOKENS) {
            byDigest.values().removeIf(e -> !e.expiresAt().isAfter(now));
            if (byDigest.size() >= MAX_TOKENS) {
                throw new FullException();
            }
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expiresAt = now.plus(lifetime);
        byDigest.put(digest(token), new Entry(Objects.requireNonNull(user, "user"), expiresAt));
        return new Issued(token, user, expiresAt);
    }

    /** The user a live token was issued to; empty for a malformed, unknown or expired one. */
    Optional<String> user(String token) {
        if (token == null || token.length() != TOKEN_CHARS || !token.chars().allMatch(ApiTokens::isBase64Url)) {
            return Optional.empty();
        }
        String d = digest(token);
        Entry e = byDigest.get(d);
        if (e == null) {
            return Optional.empty();
        }
        if (!e.expiresAt().isAfter(clock.instant())) {
            byDigest.remove(d, e);
            return Optional.empty();
        }
        return Optional.of(e.user());
    }

    /** How many tokens the table holds, expired ones not yet swept included (for tests). */
    int size() {
        return byDigest.size();
    }

    private String digest(String token) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    private static boolean isBase64Url(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}
