package org.mfa4j.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's verdict on one answer. {@code details} carries non-secret diagnostics for the result and
 * the event (for example the TOTP step offset that matched); never a code or secret.
 *
 * @param repeatOfLast for a {@link FailureReason#REPLAY}: the answer is exactly the one this provider
 *                     accepted last (the same TOTP step, the recovery code just used). In the session that
 *                     answer signed in, the core reports it as a replay without counting a failure: a
 *                     double submit of the sign-in form. Any other replay counts.
 */
public record Outcome(boolean accepted, Optional<FailureReason> reason, Map<String, String> details,
                      boolean repeatOfLast) {

    public Outcome {
        Objects.requireNonNull(reason, "reason");
        details = Map.copyOf(details);
        if (accepted == reason.isPresent()) {
            throw new IllegalArgumentException("an accepted outcome has no reason; a refused one has one");
        }
        if (repeatOfLast && reason.filter(FailureReason.REPLAY::equals).isEmpty()) {
            throw new IllegalArgumentException("only a replay can repeat the last accepted answer");
        }
    }

    public Outcome(boolean accepted, Optional<FailureReason> reason, Map<String, String> details) {
        this(accepted, reason, details, false);
    }

    /** The answer this provider accepted last, given again: a {@link FailureReason#REPLAY}. */
    public static Outcome repeat(Map<String, String> details) {
        return new Outcome(false, Optional.of(FailureReason.REPLAY), details, true);
    }

    public static Outcome accept() {
        return new Outcome(true, Optional.empty(), Map.of(), false);
    }

    public static Outcome accept(Map<String, String> details) {
        return new Outcome(true, Optional.empty(), details, false);
    }

    public static Outcome reject(FailureReason reason) {
        return new Outcome(false, Optional.of(reason), Map.of(), false);
    }

    public static Outcome reject(FailureReason reason, Map<String, String> details) {
        return new Outcome(false, Optional.of(reason), details, false);
    }
}
