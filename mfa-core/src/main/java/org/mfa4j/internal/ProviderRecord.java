package org.mfa4j.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider's entry in a user's document: the state the core keeps (active, times, failure count,
 * lock) and the provider's own properties. Immutable. Property values are {@code String}, {@code Long},
 * {@code Boolean} or {@code List<String>}; secrets are stored sealed, as strings.
 *
 * @param active      whether the provider is set up and usable
 * @param created     when the entry was created
 * @param updated     when the entry last changed (not counting failures)
 * @param lastUsed    when an answer was last accepted
 * @param failures    consecutive failures since the last success or unlock
 * @param lockedUntil end of a temporary lockout, when one is in force
 * @param lockouts    temporary lockouts since the last success, for the growing wait
 * @param properties  the provider's properties
 * @param challenge   the provider's flow-bound properties, voided when the flow resets or completes
 * @param credentials the entry's credentials, in the order they were added
 */
public record ProviderRecord(boolean active, Instant created, Instant updated, Optional<Instant> lastUsed,
                             int failures, Optional<Instant> lockedUntil, int lockouts,
                             Map<String, Object> properties, Map<String, Object> challenge,
                             List<CredentialRecord> credentials) {

    public ProviderRecord {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(lastUsed, "lastUsed");
        Objects.requireNonNull(lockedUntil, "lockedUntil");
        if (failures < 0 || lockouts < 0) {
            throw new IllegalArgumentException("failure and lockout counts cannot be negative");
        }
        properties = frozen(properties);
        challenge = frozen(challenge);
        credentials = List.copyOf(credentials);
    }

    /** A new, inactive, empty entry. */
    public static ProviderRecord created(Instant now) {
        return new ProviderRecord(false, now, now, Optional.empty(), 0, Optional.empty(), 0, Map.of(), Map.of(), List.of());
    }

    public ProviderRecord withActive(boolean active) {
        return new ProviderRecord(active, created, updated, lastUsed, failures, lockedUntil, lockouts,
                properties, challenge, credentials);
    }

    public ProviderRecord withUpdated(Instant updated) {
        return new ProviderRecord(active, created, updated, lastUsed, failures, lockedUntil, lockouts,
                properties, challenge, credentials);
    }

    public ProviderRecord withLastUsed(Instant lastUsed) {
        return new ProviderRecord(active, created, updated, Optional.of(lastUsed), failures, lockedUntil,
                lockouts, properties, challenge, credentials);
    }

    public ProviderRecord withFailures(int failures, Optional<Instant> lockedUntil, int lockouts) {
        return new ProviderRecord(active, created, updated, lastUsed, failures, lockedUntil, lockouts,
                properties, challenge, credentials);
    }

    public ProviderRecord withProperties(Map<String, Object> properties) {
        return new ProviderRecord(active, created, updated, lastUsed, failures, lockedUntil, lockouts,
                properties, challenge, credentials);
    }

    public ProviderRecord withChallenge(Map<String, Object> challenge) {
        return new ProviderRecord(active, created, updated, lastUsed, failures, lockedUntil, lockouts,
                properties, challenge, credentials);
    }

    public ProviderRecord withCredentials(List<CredentialRecord> credentials) {
        return new ProviderRecord(active, created, updated, lastUsed, failures, lockedUntil, lockouts,
                properties, challenge, credentials);
    }

    /** An unchangeable copy of {@code map}; a map frozen by an earlier record is shared, not copied. */
    private static Map<String, Object> frozen(Map<String, Object> map) {
        return SmallMap.frozenCopyOf(map);
    }

    @Override
    public String toString() {
        return "ProviderRecord[active=" + active + ", failures=" + failures + ", lockedUntil="
                + lockedUntil.map(Instant::toString).orElse("-") + ", properties=" + properties.keySet()
                + ", challenge=" + challenge.keySet() + ", credentials=" + credentials.size() + "]";
    }
}
