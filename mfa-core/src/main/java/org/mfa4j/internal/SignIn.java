package org.mfa4j.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mfa4j.LockScope;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaProviderException;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Proof;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.ProviderUnavailableException;
import org.mfa4j.spi.RemoteResult;

/**
 * Sign-in: a challenge when the page that asks is shown, and the verification of the answer. Verification
 * runs its checks in this order: the provider is active; the account is not at its ceiling; the provider
 * is not locked; the flow of this session is entered (a new one voids other flows' codes); the provider's
 * own lock; the provider reads the answer; then either the success (counts reset, flow-bound values
 * voided, a proof) or the failure, counted by {@link Lockout}.
 */
public final class SignIn {

    private final Engine e;

    SignIn(Engine engine) {
        this.e = engine;
    }

    /** See {@code Mfa.prompt}. */
    public Prompt prompt(MfaUser user, String providerId, MfaSession session) {
        ProviderRegistry.Entry entry = e.registered(providerId);
        if (!e.policy.isAllowed(user, entry.descriptor(), e.registry.descriptors())) {
            return Prompt.refused(Status.NOT_ALLOWED, providerId);
        }
        String flowId = e.proofs.sessionDigest(session);
        Engine.Delivery[] delivery = new Engine.Delivery[1];
        Prompt prompt = e.tx.run(user.id(), doc -> {
            Instant now = e.clock.instant();
            ProviderRecord rec = doc.provider(providerId).filter(ProviderRecord::active).orElse(null);
            if (rec == null) {
                return Step.none(Prompt.refused(Status.NOT_ACTIVE, providerId));
            }
            if (e.lockout.locked(doc, rec, now)) {
                return Step.none(Prompt.refused(Status.LOCKED, providerId));
            }
            UserDocument base = LoginFlow.enter(doc, flowId, now);
            StagedProperties pm = e.stage(user, providerId, base.provider(providerId).orElseThrow(), now).inFlow(flowId);
            if (entry.provider().isLocked(pm)) {
                return Step.none(Prompt.refused(Status.LOCKED, providerId));
            }
            Optional<Challenge> c;
            try {
                c = Engine.call(entry, "challenge", () -> entry.provider().challenge(pm));
            } catch (ProviderUnavailableException down) {
                return Step.none(Prompt.refused(Status.UNAVAILABLE, providerId));
            }
            Optional<String> says = Optional.of(Engine.call(entry, "instructions",
                    () -> entry.provider().instructions(pm)).orElseGet(() -> defaultInstructions(entry)));
            if (c.isEmpty()) {
                return Step.none(new Prompt(Status.ACCEPTED, providerId, says, false, View.empty(), Optional.empty()));
            }
            Step<Prompt> step = Step.write(base.withProvider(providerId, pm.result().orElseThrow()),
                    new Prompt(Status.ACCEPTED, providerId, says, true, c.get().view(), c.get().expiresAt()));
            if (c.get().dispatch().isEmpty()) {
                return step;
            }
            delivery[0] = e.new Delivery(user.id(), providerId, c.get().dispatch().get());
            return step.afterCommit(delivery[0]);
        });
        if (delivery[0] == null || !delivery[0].notSent()) {
            return prompt;
        }
        // Nothing reached the user: what this flow prepared is void, and the page says why.
        e.tx.run(user.id(), doc -> {
            UserDocument next = LoginFlow.voidFlow(doc, providerId, flowId);
            return next == doc ? Step.none(Boolean.FALSE) : Step.write(next, Boolean.TRUE);
        });
        Status status = delivery[0].failed ? Status.NOT_DELIVERED : Status.THROTTLED;
        return new Prompt(status, providerId, Optional.empty(), false, delivery[0].refusal(), Optional.empty());
    }

    /** What the answer page says for a provider that says nothing of its own. */
    private static String defaultInstructions(ProviderRegistry.Entry entry) {
        return "Answer with your " + entry.descriptor().title() + ".";
    }

    /** See {@code Mfa.verify}. */
    public Result verify(MfaUser user, String providerId, MfaInput input, MfaSession session) {
        ProviderRegistry.Entry entry = e.registered(providerId);
        if (!e.policy.isAllowed(user, entry.descriptor(), e.registry.descriptors())) {
            return Result.refused(Status.NOT_ALLOWED, providerId, Optional.empty(), 0, Map.of());
        }
        String flowId = e.proofs.sessionDigest(session);
        RemoteResult remote = remoteCheck(user, entry, input, flowId);
        return answer(user, entry, flowId, pm -> Engine.answer(entry, "verify", input, remote,
                () -> entry.provider().verify(input, remote, pm), () -> entry.provider().verify(input, pm)));
    }

    /**
     * The checks of {@link #verify} past the policy, with the provider's verdict from {@code verdict} (the
     * provider's own {@code verify}, or a passkey's): lockout, flow, success or counted failure.
     */
    Result answer(MfaUser user, ProviderRegistry.Entry entry, String flowId,
                  Function<StagedProperties, Outcome> verdict) {
        String providerId = entry.id();
        return e.tx.run(user.id(), doc -> {
            Instant now = e.clock.instant();
            ProviderRecord rec = doc.provider(providerId).filter(ProviderRecord::active).orElse(null);
            if (rec == null) {
                return Step.none(Result.refused(Status.NOT_ACTIVE, providerId, Optional.empty(), 0, Map.of()));
            }
            if (e.lockout.accountLocked(doc)) {
                return Step.none(Result.locked(providerId, LockScope.ACCOUNT, Optional.empty()));
            }
            if (e.lockout.providerLocked(rec, now)) {
                return Step.none(Result.locked(providerId, LockScope.PROVIDER, rec.lockedUntil()));
            }
            UserDocument base = LoginFlow.enter(doc, flowId, now);
            ProviderRecord current = e.lockout.afterWait(base.provider(providerId).orElseThrow());
            StagedProperties pm = e.stage(user, providerId, current, now).inFlow(flowId);
            if (entry.provider().isLocked(pm)) {
                return Step.none(Result.locked(providerId, LockScope.PROVIDER, Optional.empty()));
            }
            Outcome out = verdict.apply(pm);
            ProviderRecord staged = (out.accepted() ? pm.succeeded() : pm.result()).orElseThrow(() ->
                    new MfaProviderException("provider '" + providerId + "' deleted its entry during verification; "
                            + "nothing was changed"));
            if (out.accepted()) {
                return accept(user, providerId, flowId, base, staged, out, now);
            }
            if (out.repeatOfLast() && acceptedInThisFlow(doc, staged, flowId)) {
                // A double submit of the answer that just signed this session in: a replay, not a failure.
                return Step.none(Result.refused(Status.REJECTED, providerId, out.reason(),
                        e.lockout.maxFailures() - staged.failures(), out.details()));
            }
            return e.lockout.failed(user, providerId, base, staged, out, now);
        });
    }

    /** Whether the provider's last success happened in this session's flow as stored (the success restarted it). */
    private static boolean acceptedInThisFlow(UserDocument doc, ProviderRecord rec, String flowId) {
        return doc.flow().filter(f -> f.flowId().equals(flowId) && rec.lastUsed().equals(Optional.of(f.started())))
                .isPresent();
    }

    /**
     * The provider's remote call for this answer, made once, before the transaction and outside its retry
     * loop, on the document as stored now, seen from this session's flow (another flow's challenge values
     * are void to it, as they are in the transaction); null when the provider's descriptor declares none, or
     * when the answer would not be evaluated anyway (not active, locked, unreadable), which the transaction
     * then reports.
     */
    private RemoteResult remoteCheck(MfaUser user, ProviderRegistry.Entry entry, MfaInput input, String flowId) {
        if (!entry.descriptor().remoteCheck() || !entry.provider().canProcess(input)) {
            return null;
        }
        UserDocument doc = e.tx.document(user.id());
        Instant now = e.clock.instant();
        ProviderRecord rec = doc.provider(entry.id()).filter(ProviderRecord::active).orElse(null);
        if (rec == null || e.lockout.locked(doc, rec, now)) {
            return null;
        }
        StagedProperties pm = e.stage(user, entry.id(), rec, now).inFlow(flowId);
        return e.remote(entry, "remoteCheck", () -> entry.provider().remoteCheck(input, pm));
    }

    /**
     * The success record, every provider's flow-bound properties voided, the counts and the flow cleared:
     * built in one pass, since this is every login's path.
     */
    private Step<Result> accept(MfaUser user, String providerId, String flowId, UserDocument base,
                                ProviderRecord success, Outcome out, Instant now) {
        SmallMap<ProviderRecord> providers = new SmallMap<>(base.providers(), 1);
        providers.put(providerId, success);
        providers.replaceAll((id, r) -> r.challenge().isEmpty() ? r : r.withChallenge(Map.of()));
        // The flow stays, restarted by this success, so a double submit in this session is recognised.
        UserDocument next = new UserDocument(providers.freeze(), base.defaultProvider(), 0, base.factorEpoch(),
                Optional.of(new FlowState(flowId, 0, now)), base.devices(), base.breakGlass(),
                base.history(), base.enrolment());
        Proof proof = e.proofs.issue(user.id(), flowId, next.factorEpoch(), now, List.of(providerId), false);
        return Step.write(next, Result.accepted(providerId, e.lockout.maxFailures(), proof, out.details()),
                new MfaEvent.Verified(now, user.id(), providerId, out.details()));
    }
}
