package org.mfa4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a user who must use MFA and has no factor yet may put setting one up off, as an administrator set
 * it ({@link MfaAdmin#requireEnrolmentBy}, {@link MfaAdmin#allowSetupSkips}): until a date, a number of
 * times, or both (then whichever runs out first). A user without one must set up a factor at once.
 *
 * @param requiredFrom from this instant on, setup is forced
 * @param skipsLeft    how many more times the user may skip setup ({@link Mfa#skipSetup}); at 0 it is forced
 * @param setAt        when the administrator last changed it
 */
public record EnrolmentDeadline(Optional<Instant> requiredFrom, Optional<Integer> skipsLeft, Instant setAt) {

    public EnrolmentDeadline {
        Objects.requireNonNull(requiredFrom, "requiredFrom");
        Objects.requireNonNull(skipsLeft, "skipsLeft");
        Objects.requireNonNull(setAt, "setAt");
        if (requiredFrom.isEmpty() && skipsLeft.isEmpty()) {
            throw new IllegalArgumentException("an enrolment deadline has a date, a number of skips or both");
        }
        if (skipsLeft.isPresent() && skipsLeft.get() < 0) {
            throw new IllegalArgumentException("skips left cannot be negative");
        }
    }

    /** Whether the user may still skip setup at {@code now}: before the date, and with a skip left. */
    public boolean allowsSkipAt(Instant now) {
        return requiredFrom.map(now::isBefore).orElse(true) && skipsLeft.map(n -> n > 0).orElse(true);
    }
}
