package org.mfa4j.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider's verdict on one answer. {@code details} carries non-secret diagnostics for the result and
 * the event (for example the TOTP step offset that matched); never a code or secret.
 */
public record Outcome(boolean accepted, Optional<FailureReason> reason, Map<String, String> details) {

    public Outcome {
        Objects.requireNonNull(reason, "reason");
        details = Map.copyOf(details);
        if (accepted == reason.isPresent()) {
            throw new IllegalArgumentException("an accepted outcome has no reason; a refused one has one");
        }
    }

    public static Outcome accept() {
        return new Outcome(true, Optional.empty(), Map.of());
    }

    public static Outcome accept(Map<String, String> details) {
        return new Outcome(true, Optional.empty(), details);
    }

    public static Outcome reject(FailureReason reason) {
        return new Outcome(false, Optional.of(reason), Map.of());
    }

    public static Outcome reject(FailureReason reason, Map<String, String> details) {
        return new Outcome(false, Optional.of(reason), details);
    }
}
