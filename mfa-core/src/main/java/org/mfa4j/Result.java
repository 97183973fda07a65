package org.mfa4j;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mfa4j.spi.FailureReason;

/**
 * The outcome of an activation or verification, as a value: switch over {@link #status()}.
 *
 * @param status            how it ended
 * @param providerId        the provider asked
 * @param reason            why it was refused, for {@link Status#REJECTED} and {@link Status#EXPIRED}
 * @param remainingAttempts failures left before the provider locks (0 when locked)
 * @param lockScope         what is locked, for {@link Status#LOCKED}
 * @param lockedUntil       when a temporary lockout ends; empty when it lasts until an unlock
 * @param proof             for {@link Status#ACCEPTED}: keep it in the session for the grace period
 * @param details           non-secret diagnostics from the provider (for example {@code stepOffset})
 * @param stepUp            for {@link Status#STEP_UP_REQUIRED}: why the session's proof was not enough
 */
public record Result(Status status, String providerId, Optional<FailureReason> reason, int remainingAttempts,
                     Optional<LockScope> lockScope, Optional<Instant> lockedUntil, Optional<Proof> proof,
                     Map<String, String> details, Optional<ProofStatus> stepUp) {

    public Result {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lockScope, "lockScope");
        Objects.requireNonNull(lockedUntil, "lockedUntil");
        Objects.requireNonNull(proof, "proof");
        details = Map.copyOf(details);
        if (remainingAttempts < 0) {
            throw new IllegalArgumentException("remainingAttempts cannot be negative");
        }
        if ((status == Status.ACCEPTED) != proof.isPresent()) {
            throw new IllegalArgumentException("exactly the accepted results carry a proof");
        }
        Objects.requireNonNull(stepUp, "stepUp");
        if ((status == Status.STEP_UP_REQUIRED) != stepUp.isPresent()) {
            throw new IllegalArgumentException("exactly the step-up refusals say why");
        }
    }

    public boolean isAccepted() {
        return status == Status.ACCEPTED;
    }

    public static Result accepted(String providerId, int remaining, Proof proof, Map<String, String> details) {
        return new Result(Status.ACCEPTED, providerId, Optional.empty(), remaining, Optional.empty(),
                Optional.empty(), Optional.of(proof), details, Optional.empty());
    }

    public static Result refused(Status status, String providerId, Optional<FailureReason> reason, int remaining,
                          Map<String, String> details) {
        return new Result(status, providerId, reason, remaining, Optional.empty(), Optional.empty(),
                Optional.empty(), details, Optional.empty());
    }

    public static Result stepUpRequired(String providerId, ProofStatus why) {
        return new Result(Status.STEP_UP_REQUIRED, providerId, Optional.empty(), 0, Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), Optional.of(why));
    }

    public static Result locked(String providerId, LockScope scope, Optional<Instant> until) {
        return new Result(Status.LOCKED, providerId, Optional.empty(), 0, Optional.of(scope), until,
                Optional.empty(), Map.of(), Optional.empty());
    }

    @Override
    public String toString() {
        return "Result[status=" + status + ", provider=" + providerId + reason.map(r -> ", reason=" + r).orElse("")
                + ", remainingAttempts=" + remainingAttempts + lockScope.map(s -> ", lockScope=" + s).orElse("")
                 + lockedUntil.map(u -> ", lockedUntil=" + u).orElse("") + stepUp.map(s -> ", stepUp=" + s).orElse("")
                + ", details=" + details.keySet() + "]";
    }
}
