package org.mfa4j.provider.duo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.PropertyMap;
import org.mfa4j.spi.SecretBytes;

/**
 * The state of one Duo round trip as the provider keeps it server-side: sealed by the core
 * ({@link PropertyMap#putSecret}), with its expiry and its kind, in the login flow's properties for a
 * sign-in ({@link PropertyManager#challenge()}, which the core voids when the flow resets or completes) or
 * in the entry's properties for the first round trip of a setup. A callback's state is compared with it in
 * constant time. Consuming it removes it and keeps a SHA-256 of it in the entry, so that the same callback
 * given again is told apart as a replay; the digest of a 256-bit random value gives nothing away.
 */
final class PendingState {

    /** What the state lets its callback do. */
    enum Kind {
        /** A round trip through Duo: the callback's code is exchanged, and only Duo's {@code allow} passes. */
        DUO,
        /** Duo was down and fail mode is open: the callback passes without Duo. Never made by a setup. */
        FAIL_OPEN
    }

    static final String STATE = "duo-state";
    static final String EXPIRES = "duo-state-expires";
    static final String KIND = "duo-state-kind";
    /** Why the health check failed, for a fail-open state: mfa4j's own words, no answer of Duo's. */
    static final String HEALTH = "duo-health";
    /** In the entry's properties: the digest of the state consumed last, and whether its callback passed. */
    static final String LAST = "duo-last-state";
    static final String LAST_PASSED = "duo-last-state-passed";

    private final SecretBytes state;
    private final Instant expires;
    private final Kind kind;
    private final Optional<String> health;

    private PendingState(SecretBytes state, Instant expires, Kind kind, Optional<String> health) {
        this.state = state;
        this.expires = expires;
        this.kind = kind;
        this.health = health;
    }

    /** Stores a fresh state in {@code map}, replacing any earlier one. */
    static void store(PropertyMap map, DuoState state, Kind kind, Instant expires, Optional<String> health) {
        map.putSecret(STATE, SecretBytes.copyOf(state.value().getBytes(StandardCharsets.US_ASCII)));
        map.putInstant(EXPIRES, expires);
        map.putString(KIND, kind.name());
        health.ifPresentOrElse(h -> map.putString(HEALTH, h), () -> map.remove(HEALTH));
    }

    /** The state stored in {@code map}, if one is. */
    static Optional<PendingState> read(PropertyMap map) {
        Optional<SecretBytes> state = map.getSecret(STATE);
        Optional<Instant> expires = map.getInstant(EXPIRES);
        Optional<Kind> kind = kind(map);
        if (state.isEmpty() || expires.isEmpty() || kind.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PendingState(state.get(), expires.get(), kind.get(), map.getString(HEALTH)));
    }

    /** The kind of the state stored in {@code map}, if one is, without opening it. */
    static Optional<Kind> kind(PropertyMap map) {
        return map.getString(KIND).map(Kind::valueOf);
    }

    /** Whether the callback's state (well formed, so ASCII) is this one; constant time. */
    boolean matches(String callbackState) {
        return state.equalsBytes(callbackState.getBytes(StandardCharsets.US_ASCII));
    }

    boolean expiredAt(Instant now) {
        return !now.isBefore(expires);
    }

    Kind kind() {
        return kind;
    }

    /** For a fail-open state: why the health check failed. */
    Optional<String> health() {
        return health;
    }

    /**
     * Consumes the state of {@code map}: removed, and remembered in the entry as the one used last, with
     * whether its callback passed.
     */
    static void consume(PropertyMap map, PropertyManager entry, String callbackState, boolean passed) {
        map.remove(STATE);
        map.remove(EXPIRES);
        map.remove(KIND);
        map.remove(HEALTH);
        entry.putString(LAST, digest(callbackState));
        entry.putBoolean(LAST_PASSED, passed);
    }

    /**
     * For the state consumed last, if {@code callbackState} is that one (constant time): whether its callback
     * passed. Empty for any other state.
     */
    static Optional<Boolean> consumed(PropertyManager entry, String callbackState) {
        Optional<String> last = entry.getString(LAST);
        boolean same = last.isPresent() && MessageDigest.isEqual(last.get().getBytes(StandardCharsets.US_ASCII),
                digest(callbackState).getBytes(StandardCharsets.US_ASCII));
        return same ? Optional.of(entry.getBoolean(LAST_PASSED).orElse(false)) : Optional.empty();
    }

    private static String digest(String state) {
        Objects.requireNonNull(state, "state");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "PendingState[kind=" + kind + ", expires=" + expires + "]";
    }
}
