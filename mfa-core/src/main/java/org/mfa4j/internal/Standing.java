package org.mfa4j.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.CredentialOverview;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.MfaUser;
import org.mfa4j.OutstandingBreakGlass;
import org.mfa4j.ProofStatus;
import org.mfa4j.ProviderOverview;
import org.mfa4j.UserOverview;
import org.mfa4j.policy.PolicyDecision;

/** What a user may do now: the login page's next step, the overview, and what a session's proof is worth. */
public final class Standing {

    private final Engine e;

    Standing(Engine engine) {
        this.e = engine;
    }

    /** The next step for the user in this session (see {@code Mfa.state}). */
    public MfaState state(MfaUser user, MfaSession session) {
        UserDocument doc = e.tx.document(user.id());
        boolean proven = e.proofs.check(session, user.id(), doc, null).valid();
        PolicyDecision decision = e.policy.decide(user, e.registry.descriptors());
        Instant now = e.clock.instant();
        List<String> usable = new ArrayList<>();
        List<String> locked = new ArrayList<>();
        for (String id : decision.allowed()) {
            ProviderRecord r = doc.provider(id).orElse(null);
            if (r != null && r.active()) {
                usable.add(id);
                if (e.lockout.locked(doc, r, now)) {
                    locked.add(id);
                }
            }
        }
        List<String> missingForced = new ArrayList<>(decision.forced());
        missingForced.removeAll(usable);
        List<String> ranked = e.rules.ranked(doc, usable);
        Optional<String> offered = ranked.stream().filter(id -> !locked.contains(id)).findFirst()
                .or(() -> ranked.stream().findFirst());
        List<String> alternatives = new ArrayList<>(usable);
        offered.ifPresent(alternatives::remove);
        boolean unrestrictedMissing = decision.unrestrictedAlternative() && restrictedOnly(usable)
                && decision.allowed().stream().anyMatch(id -> !restricted(id));
        MfaState.Step step;
        if (usable.isEmpty()) {
            step = decision.required() ? MfaState.Step.SETUP_REQUIRED : MfaState.Step.NOT_REQUIRED;
        } else if (!proven || e.lockout.accountLocked(doc)) {
            step = MfaState.Step.VERIFICATION_REQUIRED;
        } else {
            step = missingForced.isEmpty() && !unrestrictedMissing ? MfaState.Step.SATISFIED
                    : MfaState.Step.SETUP_REQUIRED;
        }
        return new MfaState(step, decision.allowed(), decision.recommended(), missingForced,
                step == MfaState.Step.VERIFICATION_REQUIRED ? offered : Optional.empty(), alternatives, locked,
                step == MfaState.Step.SETUP_REQUIRED && unrestrictedMissing,
                step == MfaState.Step.SETUP_REQUIRED && usable.isEmpty() && EnrolmentGrace.maySkip(doc, now));
    }

    /** What the policy decides for the user, and what the user's active factors add to it (see {@code Mfa.explain}). */
    public PolicyDecision explain(MfaUser user) {
        PolicyDecision decision = e.policy.decide(user, e.registry.descriptors());
        UserDocument doc = e.tx.document(user.id());
        List<String> active = new ArrayList<>();
        for (String id : decision.allowed()) {
            if (doc.provider(id).filter(ProviderRecord::active).isPresent()) {
                active.add(id);
            }
        }
        if (decision.required() && active.isEmpty()) {
            return decision.withReason(EnrolmentGrace.reason(doc, e.clock.instant()));
        }
        if (!restrictedOnly(active)) {
            return decision;
        }
        boolean alternative = decision.allowed().stream().anyMatch(id -> !restricted(id));
        return decision.withReason("every active factor is a restricted authenticator (NIST SP 800-63B-4): "
                + active + "; " + (!alternative ? "no unrestricted provider is allowed to offer instead"
                : decision.unrestrictedAlternative() ? "an unrestricted one must be set up"
                : "an unrestricted alternative should be offered"));
    }

    /** Whether {@code active} is not empty and each of them is a restricted authenticator. */
    private boolean restrictedOnly(List<String> active) {
        return !active.isEmpty() && active.stream().allMatch(this::restricted);
    }

    private boolean restricted(String providerId) {
        return e.registry.find(providerId).map(entry -> entry.descriptor().restricted()).orElse(false);
    }

    /** Every registered provider's state for the user. */
    public UserOverview overview(MfaUser user) {
        UserDocument doc = e.tx.document(user.id());
        Instant now = e.clock.instant();
        List<ProviderOverview> list = new ArrayList<>();
        for (ProviderRegistry.Entry entry : e.registry.entries()) {
            ProviderRecord r = doc.provider(entry.id()).orElse(null);
            boolean active = r != null && r.active();
            StagedProperties pm = e.stage(user, entry.id(), r, now);
            Map<String, String> details = active
                    ? Engine.call(entry, "overview", () -> entry.provider().overview(pm)) : Map.of();
            boolean locked = active && (e.lockout.locked(doc, r, now) || entry.provider().isLocked(pm));
            list.add(new ProviderOverview(entry.id(), entry.descriptor().title(), active, locked,
                    r == null ? 0 : r.failures(), r == null ? Optional.empty() : r.lockedUntil().filter(now::isBefore),
                    active && doc.defaultProvider().filter(entry.id()::equals).isPresent(),
                    r == null ? Optional.empty() : Optional.of(r.created()),
                    r == null ? Optional.empty() : Optional.of(r.updated()),
                    r == null ? Optional.empty() : r.lastUsed(), details, r == null ? List.of() : credentials(r)));
        }
        List<String> active = new ArrayList<>();
        for (ProviderOverview p : list) {
            if (p.active()) {
                active.add(p.providerId());
            }
        }
        Map<String, Boolean> unregistered = new LinkedHashMap<>();
        doc.providers().forEach((id, r) -> {
            if (e.registry.find(id).isEmpty()) {
                unregistered.put(id, r.active());
            }
        });
        return new UserOverview(user.id(), list, doc.defaultProvider(), doc.accountFailures(),
                e.lockout.accountLocked(doc), unregistered, restrictedOnly(active), e.history.entries(doc),
                RememberedDevices.views(doc, now), doc.breakGlass().map(b -> new OutstandingBreakGlass(b.id(),
                        b.issuedBy(), b.issued(), b.expires())), doc.enrolment());
    }

    private static List<CredentialOverview> credentials(ProviderRecord r) {
        List<CredentialOverview> out = new ArrayList<>(r.credentials().size());
        for (CredentialRecord c : r.credentials()) {
            out.add(new CredentialOverview(c.id(), c.label(), c.created(), c.lastUsed()));
        }
        return out;
    }

    /** What the session's proof is worth for an action that allows {@code maxAge}. */
    public ProofStatus checkProof(MfaUser user, MfaSession session, Duration maxAge) {
        Optional<ProofPayload> verified = e.proofs.verified(session);
        // Only a token this application signed is worth a store read.
        UserDocument doc = verified.isEmpty() ? UserDocument.empty() : e.tx.document(user.id());
        return e.proofs.check(verified, session, user.id(), doc, maxAge).status();
    }
}
