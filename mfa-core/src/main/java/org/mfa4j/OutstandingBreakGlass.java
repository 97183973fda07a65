package org.mfa4j;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's outstanding break-glass code ({@link MfaAdmin#issueBreakGlass}) as the overview shows it: who
 * issued it and until when it counts, never the code or its hash.
 *
 * @param id        the code's id, as events name it
 * @param issuedBy  the administrator who issued it
 * @param issuedAt  when it was issued
 * @param expiresAt when it stops counting (an expired code is shown until it is replaced or revoked)
 */
public record OutstandingBreakGlass(String id, String issuedBy, Instant issuedAt, Instant expiresAt) {

    public OutstandingBreakGlass {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuedBy, "issuedBy");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether it still counts at {@code now}. */
    public boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
