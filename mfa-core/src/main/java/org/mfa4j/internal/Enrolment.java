package org.mfa4j.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.Change;
import org.mfa4j.ChangeStatus;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaProviderException;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Proof;
import org.mfa4j.ProtectedOperation;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.RemoteResult;
import org.mfa4j.spi.Setup;

/**
 * Enrolment: setting a provider up (pending material, not yet a factor) and activating it with proof of
 * possession. Adding a factor beside others is a protected operation ({@link StepUp}); a first enrolment
 * is trust on first use, and its activation proof counts as a sign-in.
 */
public final class Enrolment {

    private final Engine e;

    Enrolment(Engine engine) {
        this.e = engine;
    }

    /** See {@code Mfa.setup}. */
    public Change setup(MfaUser user, String providerId, MfaInput input, MfaSession session) {
        ProviderRegistry.Entry entry = e.allowed(user, providerId);
        Engine.Delivery[] delivery = new Engine.Delivery[1];
        Change change = e.tx.run(user.id(), doc -> {
            Instant now = e.clock.instant();
            StepUp.Gate gate = e.stepUp.gate(user, session, doc, providerId, ProtectedOperation.ADD_FACTOR, now);
            if (gate.refused()) {
                return gate.refusal(gate.change(providerId));
            }
            ProviderRecord rec = doc.provider(providerId).orElse(null);
            boolean adding = rec != null && rec.active();
            if (adding && !entry.descriptor().multipleCredentials()) {
                throw new InvalidRequestException("provider '" + providerId + "' is already active for this user; "
                        + "deactivate it before setting it up again");
            }
            e.rules.forbids(doc, entry.descriptor()).ifPresent(msg -> {
                throw new InvalidRequestException(msg);
            });
            StagedProperties pm = e.stage(user, providerId, rec, now);
            pm.createEntry();
            Setup setup = Engine.call(entry, "setup", () -> entry.provider().setup(input, pm));
            ProviderRecord next = pm.result().orElseThrow(() -> new MfaProviderException("provider '" + providerId
                    + "' deleted its entry during setup; nothing was changed"));
            // One more credential for an active entry keeps it active, with its failure count.
            Step<Change> step = Step.write(doc.withProvider(providerId,
                    adding ? next : next.withActive(false).withFailures(0, Optional.empty(), 0)),
                    Change.done(providerId, Optional.of(setup.view()), List.of(), Optional.empty()));
            if (setup.delivery().isEmpty()) {
                return step;
            }
            delivery[0] = e.new Delivery(user.id(), providerId, setup.delivery().get());
            return step.afterCommit(delivery[0]);
        });
        if (delivery[0] == null || !delivery[0].notSent()) {
            return change;
        }
        // Nothing reached the user: a pending first setup is void (one more credential's pending values stay
        // in the active entry, unusable, until the next setup replaces them).
        e.tx.run(user.id(), doc -> {
            ProviderRecord rec = doc.provider(providerId).orElse(null);
            return rec == null || rec.active() ? Step.none(Boolean.FALSE)
                    : Step.write(doc.withProvider(providerId, null), Boolean.TRUE);
        });
        return Change.notSent(providerId, delivery[0].failed ? ChangeStatus.NOT_DELIVERED : ChangeStatus.THROTTLED,
                Optional.of(delivery[0].refusal()));
    }

    /** See {@code Mfa.activate}. */
    public Result activate(MfaUser user, String providerId, MfaInput input, MfaSession session) {
        ProviderRegistry.Entry entry = e.registered(providerId);
        if (!e.policy.isAllowed(user, entry.descriptor(), e.registry.descriptors())) {
            return Result.refused(Status.NOT_ALLOWED, providerId, Optional.empty(), 0, Map.of());
        }
        String sessionDigest = e.proofs.sessionDigest(session);
        RemoteResult remote = activationCheck(user, entry, input, session);
        return e.tx.run(user.id(), doc -> {
            Instant now = e.clock.instant();
            ProviderRecord rec = doc.provider(providerId).orElseThrow(() -> new InvalidRequestException(
                    "provider '" + providerId + "' has no pending setup for this user; call setup first"));
            boolean adding = rec.active();
            if (adding && !entry.descriptor().multipleCredentials()) {
                throw new InvalidRequestException("provider '" + providerId + "' is already active for this user");
            }
            StepUp.Gate gate = e.stepUp.gate(user, session, doc, providerId, ProtectedOperation.ADD_FACTOR, now);
            if (gate.refused()) {
                return gate.refusal(gate.result(providerId));
            }
            if (e.rules.forbids(doc, entry.descriptor()).isPresent()) {
                return Step.none(Result.refused(Status.NOT_ALLOWED, providerId, Optional.empty(), 0, Map.of()));
            }
            StagedProperties pm = e.stage(user, providerId, rec, now);
            Outcome out = Engine.answer(entry, "activate", input, remote,
                    () -> entry.provider().activate(input, remote, pm), () -> entry.provider().activate(input, pm));
            ProviderRecord staged = pm.result().orElse(rec);
            if (out.accepted()) {
                e.passkeys.index(user.id(), pm.userHandles(), now);
                ProviderRecord active = staged.withActive(true).withUpdated(now).withLastUsed(now)
                        .withFailures(0, Optional.empty(), 0);
                UserDocument next = doc.withProvider(providerId, active).withFactorEpoch(doc.factorEpoch() + 1);
                if (!adding && e.rules.becomesDefault(user, entry.descriptor(), doc)) {
                    next = next.withDefaultProvider(Optional.of(providerId));
                }
                Proof proof = gate.allowedBy() == null
                        ? e.proofs.issue(user.id(), sessionDigest, next.factorEpoch(), now, List.of(providerId), true)
                        : e.proofs.successor(gate.allowedBy(), next.factorEpoch());
                MfaEvent event = adding ? added(user, providerId, rec, active, now)
                        : new MfaEvent.Activated(now, user.id(), providerId);
                return Step.write(next, Result.accepted(providerId, e.lockout.maxFailures(), proof, out.details()),
                        event);
            }
            int failures = staged.failures() + 1;
            // A failed activation of one more credential counts like a failed answer of the active entry.
            UserDocument next = failures >= e.lockout.maxFailures() && !adding
                    ? doc.withProvider(providerId, null)
                    : doc.withProvider(providerId, staged.withFailures(failures, Optional.empty(), 0));
            Map<String, String> details = failures >= e.lockout.maxFailures() ? Map.of("setup", "discarded") : Map.of();
            return Step.write(next, Result.refused(Lockout.statusOf(out.reason().orElseThrow()), providerId, out.reason(),
                    Math.max(0, e.lockout.maxFailures() - failures), details));
        });
    }

    /** The event of one more credential: the one the activation added. */
    private static MfaEvent added(MfaUser user, String providerId, ProviderRecord before, ProviderRecord after,
                                  Instant now) {
        for (CredentialRecord c : after.credentials()) {
            if (before.credentials().stream().noneMatch(b -> b.id().equals(c.id()))) {
                return new MfaEvent.CredentialChanged(now, user.id(), providerId, c.id(),
                        MfaEvent.CredentialChanged.Kind.ADDED, Optional.of(c.label()));
            }
        }
        throw new MfaProviderException("provider '" + providerId + "' accepted one more credential but added none");
    }

    /**
     * The provider's remote call for this activation, made once, before the transaction and outside its retry
     * loop, on the document as stored now; null when the descriptor declares none, or when the activation
     * would not be evaluated anyway (no pending setup, a step-up or a companion rule in the way), which the
     * transaction then reports.
     */
    private RemoteResult activationCheck(MfaUser user, ProviderRegistry.Entry entry, MfaInput input,
                                         MfaSession session) {
        if (!entry.descriptor().remoteCheck() || !entry.provider().canProcess(input)) {
            return null;
        }
        UserDocument doc = e.tx.document(user.id());
        Instant now = e.clock.instant();
        ProviderRecord rec = doc.provider(entry.id()).filter(r -> !r.active()).orElse(null);
        if (rec == null || e.stepUp.gate(user, session, doc, entry.id(), ProtectedOperation.ADD_FACTOR, now).refused()
                || e.rules.forbids(doc, entry.descriptor()).isPresent()) {
            return null;
        }
        StagedProperties pm = e.stage(user, entry.id(), rec, now);
        return e.remote(entry, "activationCheck", () -> entry.provider().activationCheck(input, pm));
    }
}
