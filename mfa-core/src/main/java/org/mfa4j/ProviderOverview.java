package org.mfa4j;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider of one user, for the account-security page and the administrator's overview.
 *
 * @param providerId the provider
 * @param title      its display title
 * @param active     set up and usable
 * @param locked     locked now (by failures, the account ceiling, or the provider itself)
 * @param failures   consecutive failures so far
 * @param lockedUntil end of a temporary lockout
 * @param isDefault  the user's default provider
 * @param created    when the entry was created
 * @param updated    when it last changed
 * @param lastUsed   when it last accepted an answer
 * @param details    provider facts, such as recovery codes left
 * @param credentials its credentials (security keys, phone numbers), in the order they were added
 */
public record ProviderOverview(String providerId, String title, boolean active, boolean locked, int failures,
                               Optional<Instant> lockedUntil, boolean isDefault, Optional<Instant> created,
                               Optional<Instant> updated, Optional<Instant> lastUsed, Map<String, String> details,
                               List<CredentialOverview> credentials) {

    public ProviderOverview {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(lockedUntil, "lockedUntil");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(lastUsed, "lastUsed");
        details = Map.copyOf(details);
        credentials = List.copyOf(credentials);
    }
}
