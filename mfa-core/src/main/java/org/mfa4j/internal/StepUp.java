package org.mfa4j.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.Change;
import org.mfa4j.LockScope;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Proof;
import org.mfa4j.ProofStatus;
import org.mfa4j.ProtectedOperation;
import org.mfa4j.Result;

/**
 * Whether a protected operation may go ahead, and on which proof. The account ceiling stops every one of
 * them; a locked factor stops adding another one; a user with no active factor needs no proof (first
 * enrolment: trust on first use); everyone else needs a proof that is valid and recent enough for the
 * operation; the user's own unlock needs one from verifying another factor.
 */
final class StepUp {

    private final Proofs proofs;
    private final Lockout lockout;
    private final Map<ProtectedOperation, Duration> maxAge;

    StepUp(Proofs proofs, Lockout lockout, Map<ProtectedOperation, Duration> maxAge) {
        this.proofs = proofs;
        this.lockout = lockout;
        this.maxAge = Map.copyOf(maxAge);
    }

    Gate gate(MfaUser user, MfaSession session, UserDocument doc, String providerId, ProtectedOperation op,
              Instant now) {
        if (lockout.accountLocked(doc)) {
            return Gate.locked(LockScope.ACCOUNT);
        }
        boolean anyActive = false;
        for (ProviderRecord r : doc.providers().values()) {
            if (r.active()) {
                anyActive = true;
                if (op == ProtectedOperation.ADD_FACTOR && lockout.providerLocked(r, now)) {
                    return Gate.locked(LockScope.PROVIDER);
                }
            }
        }
        if (!anyActive && op != ProtectedOperation.UNLOCK) {
            return Gate.OPEN;
        }
        Proofs.Checked checked = proofs.check(session, user.id(), doc, maxAge.get(op));
        if (!checked.valid()) {
            return Gate.stepUp(new MfaEvent.StepUpRequired(now, user.id(), providerId, op, checked.status()));
        }
        ProofPayload p = checked.payload().orElseThrow();
        if (op == ProtectedOperation.UNLOCK && (p.enrolment() || p.providers().stream().allMatch(providerId::equals))) {
            return Gate.stepUp(new MfaEvent.StepUpRequired(now, user.id(), providerId, op, ProofStatus.INSUFFICIENT));
        }
        return new Gate(null, null, p);
    }

    /**
     * What {@link #gate} decided: refused for a step-up ({@code stepUp}), refused as locked ({@code locked}),
     * or allowed, on a proof ({@code allowedBy}) or, for a first enrolment, on none.
     */
    record Gate(MfaEvent.StepUpRequired stepUp, LockScope locked, ProofPayload allowedBy) {

        static final Gate OPEN = new Gate(null, null, null);

        static Gate locked(LockScope scope) {
            return new Gate(null, scope, null);
        }

        static Gate stepUp(MfaEvent.StepUpRequired event) {
            return new Gate(event, null, null);
        }

        boolean refused() {
            return stepUp != null || locked != null;
        }

        /** The refusal as a change, with its event. */
        <T> Step<T> refusal(T value) {
            return Step.none(value, stepUp == null ? List.of() : List.of(stepUp));
        }

        Change change(String providerId) {
            return stepUp != null ? Change.stepUpRequired(providerId, stepUp.why()) : Change.locked(providerId, locked);
        }

        Result result(String providerId) {
            return stepUp != null ? Result.stepUpRequired(providerId, stepUp.why())
                    : Result.locked(providerId, locked, Optional.empty());
        }

        /** The session's next proof after a change moved the factor epoch to {@code epoch}, if it had one. */
        Optional<Proof> successor(Proofs proofs, long epoch) {
            return allowedBy == null ? Optional.empty() : Optional.of(proofs.successor(allowedBy, epoch));
        }
    }
}
