package org.mfa4j;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of an operation on a user's factors (setup, update, deactivation, default provider, unlock),
 * as a value: switch over {@link #status()}.
 *
 * @param status     how it ended
 * @param providerId the provider asked
 * @param stepUp     for {@link ChangeStatus#STEP_UP_REQUIRED}: why the session's proof was not enough
 * @param lockScope  for {@link ChangeStatus#LOCKED}: what is locked
 * @param view       what the page shows now (a setup's QR code, fresh recovery codes), or empty
 * @param removed    the providers removed, for a deactivation (with companions left without another factor)
 * @param proof      when the change voided the session's proof (the user's factors changed): its successor
 *                   for the same session, as old as the proof that allowed the change; keep it in the session
 */
public record Change(ChangeStatus status, String providerId, Optional<ProofStatus> stepUp,
                     Optional<LockScope> lockScope, Optional<View> view, List<String> removed, Optional<Proof> proof) {

    public Change {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(stepUp, "stepUp");
        Objects.requireNonNull(lockScope, "lockScope");
        Objects.requireNonNull(view, "view");
        removed = List.copyOf(removed);
        Objects.requireNonNull(proof, "proof");
        if ((status == ChangeStatus.STEP_UP_REQUIRED) != stepUp.isPresent()) {
            throw new IllegalArgumentException("exactly the step-up refusals say why");
        }
        if ((status == ChangeStatus.LOCKED) != lockScope.isPresent()) {
            throw new IllegalArgumentException("exactly the lock refusals say what is locked");
        }
    }

    public boolean isDone() {
        return status == ChangeStatus.DONE;
    }

    public static Change done(String providerId, Optional<View> view, List<String> removed, Optional<Proof> proof) {
        return new Change(ChangeStatus.DONE, providerId, Optional.empty(), Optional.empty(), view, removed, proof);
    }

    public static Change unchanged(String providerId) {
        return new Change(ChangeStatus.UNCHANGED, providerId, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty());
    }

    public static Change stepUpRequired(String providerId, ProofStatus why) {
        return new Change(ChangeStatus.STEP_UP_REQUIRED, providerId, Optional.of(why), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty());
    }

    public static Change locked(String providerId, LockScope scope) {
        return new Change(ChangeStatus.LOCKED, providerId, Optional.empty(), Optional.of(scope), Optional.empty(),
                List.of(), Optional.empty());
    }

    /** A setup whose delivery was refused ({@link ChangeStatus#THROTTLED}) or failed ({@link ChangeStatus#NOT_DELIVERED}). */
    public static Change notSent(String providerId, ChangeStatus status, Optional<View> view) {
        if (status != ChangeStatus.THROTTLED && status != ChangeStatus.NOT_DELIVERED) {
            throw new IllegalArgumentException("not a delivery status: " + status);
        }
        return new Change(status, providerId, Optional.empty(), Optional.empty(), view, List.of(), Optional.empty());
    }

    @Override
    public String toString() {
        return "Change[status=" + status + ", provider=" + providerId + stepUp.map(s -> ", stepUp=" + s).orElse("")
                + lockScope.map(s -> ", lockScope=" + s).orElse("") + (removed.isEmpty() ? "" : ", removed=" + removed)
                + (proof.isPresent() ? ", new proof" : "") + "]";
    }
}
