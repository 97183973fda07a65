package org.mfa4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mfa4j.spi.View;

/**
 * The outcome of {@link Mfa#challenge}: whether something was prepared or sent, and what the page shows.
 *
 * @param status     {@link Status#ACCEPTED} when a challenge was issued (or none is needed);
 *                   {@link Status#LOCKED}, {@link Status#NOT_ACTIVE} or {@link Status#NOT_ALLOWED} otherwise
 * @param providerId the provider asked
 * @param issued     whether the provider prepared or sent something (false: it needs no challenge)
 * @param view       what the page shows (never the code itself)
 * @param expiresAt  when the prepared answer stops being accepted
 */
public record ChallengeResult(Status status, String providerId, boolean issued, View view,
                              Optional<Instant> expiresAt) {

    public ChallengeResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
