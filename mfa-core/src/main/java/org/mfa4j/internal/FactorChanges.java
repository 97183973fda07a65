package org.mfa4j.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mfa4j.AuthenticatorHistoryEntry.RemovedBy;
import org.mfa4j.Change;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaProviderException;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.ProtectedOperation;
import org.mfa4j.View;

/**
 * Changes to a user's factors after enrolment: the user's own (deactivate, unlock, default provider,
 * update), each a protected operation ({@link StepUp}), and an administrator's (reset, unlock, erase),
 * which ask no proof.
 */
public final class FactorChanges {

    private final Engine e;

    FactorChanges(Engine engine) {
        this.e = engine;
    }

    /** See {@code Mfa.deactivate}. */
    public Change deactivate(MfaUser user, String providerId, MfaSession session) {
        e.registered(providerId);
        return e.tx.run(user.id(), doc -> {
            Instant now = e.clock.instant();
            if (doc.provider(providerId).isEmpty()) {
                return Step.none(Change.unchanged(providerId));
            }
            StepUp.Gate gate = e.stepUp.gate(user, session, doc, providerId, ProtectedOperation.REMOVE_FACTOR, now);
            if (gate.refused()) {
                return gate.refusal(gate.change(providerId));
            }
            Removal removal = removal(user, doc, List.of(providerId), RemovedBy.USER, now);
            return Step.write(removal.next, Change.done(providerId, Optional.empty(), removal.removed,
                    gate.successor(e.proofs, removal.next.factorEpoch())), removal.events);
        });
    }

    /** See {@code Mfa.unlock}. */
    public Change unlock(MfaUser user, String providerId, MfaSession session) {
        ProviderRegistry.Entry entry = e.registered(providerId);
        return e.tx.run(user.id(), doc -> {
            Instant now = e.clock.instant();
            ProviderRecord rec = doc.provider(providerId).filter(ProviderRecord::active).orElse(null);
            if (rec == null) {
                return Step.none(Change.unchanged(providerId));
            }
            StepUp.Gate gate = e.stepUp.gate(user, session, doc, providerId, ProtectedOperation.UNLOCK, now);
            if (gate.refused()) {
                return gate.refusal(gate.change(providerId));
            }
            UserDocument next = unlocked(user, entry, doc, rec, now);
            if (next == null) {
                return Step.none(Change.unchanged(providerId));
            }
            return Step.write(next, Change.done(providerId, Optional.empty(), List.of(), Optional.empty()),
                    new MfaEvent.Unlocked(now, user.id(), providerId, MfaEvent.Unlocked.By.USER));
        });
    }

    /** See {@code Mfa.setDefaultProvider}. */
    public Change setDefaultProvider(MfaUser user, String providerId, MfaSession session) {
        ProviderRegistry.Entry entry = e.allowed(user, providerId);
        if (!entry.descriptor().mayBeDefault()) {
            throw new InvalidRequestException("provider '" + providerId + "' cannot be a default provider");
        }
        return e.tx.run(user.id(), doc -> {
            if (doc.provider(providerId).filter(ProviderRecord::active).isEmpty()) {
                throw new InvalidRequestException("provider '" + providerId + "' is not active for this user");
            }
            StepUp.Gate gate = e.stepUp.gate(user, session, doc, providerId, ProtectedOperation.SET_DEFAULT, e.clock.instant());
            if (gate.refused()) {
                return gate.refusal(gate.change(providerId));
            }
            return Step.write(doc.withDefaultProvider(Optional.of(providerId)),
                    Change.done(providerId, Optional.empty(), List.of(), Optional.empty()));
        });
    }

    /** See {@code Mfa.update}. */
    public Change update(MfaUser user, String providerId, MfaInput input, MfaSession session) {
        ProviderRegistry.Entry entry = e.allowed(user, providerId);
        return e.tx.run(user.id(), doc -> {
            ProviderRecord rec = doc.provider(providerId).filter(ProviderRecord::active).orElseThrow(
                    () -> new InvalidRequestException("provider '" + providerId + "' is not active for this user"));
            Instant now = e.clock.instant();
            StepUp.Gate gate = e.stepUp.gate(user, session, doc, providerId, ProtectedOperation.UPDATE_FACTOR, now);
            if (gate.refused()) {
                return gate.refusal(gate.change(providerId));
            }
            StagedProperties pm = e.stage(user, providerId, rec, now);
            View view = Engine.call(entry, "update", () -> entry.provider().update(input, pm));
            ProviderRecord updated = pm.result().orElseThrow(() -> new MfaProviderException("provider '"
                    + providerId + "' deleted its entry during update; nothing was changed"));
            UserDocument next = doc.withProvider(providerId, updated.withUpdated(now))
                    .withFactorEpoch(doc.factorEpoch() + 1);
            return Step.write(next, Change.done(providerId, Optional.of(view), List.of(),
                    gate.successor(e.proofs, next.factorEpoch())), new MfaEvent.Updated(now, user.id(), providerId));
        });
    }

    /** See {@code Mfa.renameCredential}. */
    public Change renameCredential(MfaUser user, String providerId, String credentialId, String label,
                                   MfaSession session) {
        StagedCredentials.requireLabel(label);
        return credentialChange(user, providerId, credentialId, session, ProtectedOperation.UPDATE_FACTOR, label);
    }

    /** See {@code Mfa.removeCredential}. */
    public Change removeCredential(MfaUser user, String providerId, String credentialId, MfaSession session) {
        return credentialChange(user, providerId, credentialId, session, ProtectedOperation.REMOVE_FACTOR, null);
    }

    /** Renames ({@code label} given) or removes one credential; removing the last one deactivates the provider. */
    private Change credentialChange(MfaUser user, String providerId, String credentialId, MfaSession session,
                                    ProtectedOperation operation, String label) {
        e.registered(providerId);
        return e.tx.run(user.id(), doc -> {
            Instant now = e.clock.instant();
            ProviderRecord rec = doc.provider(providerId).filter(ProviderRecord::active).orElse(null);
            if (rec == null || rec.credentials().stream().noneMatch(c -> c.id().equals(credentialId))) {
                return Step.none(Change.unchanged(providerId));
            }
            StepUp.Gate gate = e.stepUp.gate(user, session, doc, providerId, operation, now);
            if (gate.refused()) {
                return gate.refusal(gate.change(providerId));
            }
            if (label == null && rec.credentials().size() == 1) {
                Removal removal = removal(user, doc, List.of(providerId), RemovedBy.USER, now);
                return Step.write(removal.next, Change.done(providerId, Optional.empty(), removal.removed,
                        gate.successor(e.proofs, removal.next.factorEpoch())), removal.events);
            }
            StagedProperties pm = e.stage(user, providerId, rec, now);
            boolean changed = label == null ? pm.dropCredential(credentialId) : pm.renameCredential(credentialId, label);
            if (!changed || !pm.changed()) {
                return Step.none(Change.unchanged(providerId));
            }
            UserDocument next = doc.withProvider(providerId, pm.result().orElseThrow().withUpdated(now));
            // A removed credential no longer proves anything: proofs made before are void. A rename changes no factor.
            if (label == null) {
                next = e.history.removals(doc, next, now, RemovedBy.USER).withFactorEpoch(doc.factorEpoch() + 1);
            }
            return Step.write(next, Change.done(providerId, Optional.empty(), List.of(),
                    gate.successor(e.proofs, next.factorEpoch())),
                    new MfaEvent.CredentialChanged(now, user.id(), providerId, credentialId,
                            label == null ? MfaEvent.CredentialChanged.Kind.REMOVED : MfaEvent.CredentialChanged.Kind.RENAMED,
                            label != null ? Optional.of(label) : labelOf(rec, credentialId)));
        });
    }

    /** The label of the credential {@code id} of {@code rec}, if it has one. */
    private static Optional<String> labelOf(ProviderRecord rec, String id) {
        for (CredentialRecord c : rec.credentials()) {
            if (c.id().equals(id)) {
                return Optional.of(c.label());
            }
        }
        return Optional.empty();
    }

    /**
     * An administrator's reset: no proof asked (the application decides who administers). {@code by} is what
     * the history says removed them: {@link RemovedBy#ADMINISTRATOR} or {@link RemovedBy#RESET}.
     */
    public List<String> reset(String userId, List<String> providerIds, RemovedBy by) {
        MfaUser user = MfaUser.of(userId);
        return e.tx.run(userId, doc -> {
            Removal removal = removal(user, doc, providerIds, by, e.clock.instant());
            if (removal.removed.isEmpty()) {
                return Step.none(List.<String>of());
            }
            return Step.write(removal.next, removal.removed, removal.events);
        });
    }

    /** An administrator's unlock: false when neither the provider nor the account was locked. */
    public boolean adminUnlock(String userId, String providerId) {
        MfaUser user = MfaUser.of(userId);
        ProviderRegistry.Entry entry = e.registered(providerId);
        return e.tx.run(userId, doc -> {
            Instant now = e.clock.instant();
            ProviderRecord rec = doc.provider(providerId).orElse(null);
            UserDocument next = rec == null ? null : unlocked(user, entry, doc, rec, now);
            if (next == null && !e.lockout.accountLocked(doc)) {
                return Step.none(Boolean.FALSE);
            }
            // The administrator vouched for the user: the account count starts again.
            next = (next == null ? doc : next).withAccountFailures(0);
            return Step.write(next, Boolean.TRUE,
                    new MfaEvent.Unlocked(now, user.id(), providerId, MfaEvent.Unlocked.By.ADMINISTRATOR));
        });
    }

    /** Erases the user's document; false if there was none. */
    public boolean erase(String userId) {
        return e.tx.erase(userId);
    }

    /** What removing some providers leaves, with the companions that cannot stay alone. */
    private record Removal(UserDocument next, List<String> removed, List<MfaEvent> events) {
    }

    private Removal removal(MfaUser user, UserDocument doc, List<String> providerIds, RemovedBy by, Instant now) {
        boolean byAdmin = by != RemovedBy.USER;
        List<String> removed = new ArrayList<>();
        List<MfaEvent> raised = new ArrayList<>();
        UserDocument next = doc;
        for (String id : providerIds) {
            ProviderRecord rec = next.provider(id).orElse(null);
            if (rec == null) {
                continue;
            }
            next = e.history.removals(next, removeOne(user, next, id, rec, now), now, by);
            removed.add(id);
            raised.add(byAdmin ? new MfaEvent.Reset(now, user.id(), id)
                    : new MfaEvent.Deactivated(now, user.id(), id, MfaEvent.Deactivated.Cause.USER));
        }
        if (removed.isEmpty()) {
            return new Removal(doc, List.of(), List.of());
        }
        for (String companion : e.rules.orphanedCompanions(next, removed)) {
            UserDocument left = removeOne(user, next, companion, next.provider(companion).orElseThrow(), now);
            next = e.history.removals(next, left, now, RemovedBy.COMPANION);
            removed.add(companion);
            raised.add(new MfaEvent.Deactivated(now, user.id(), companion, MfaEvent.Deactivated.Cause.COMPANION_REMOVED));
        }
        next = next.withDefaultProvider(e.rules.defaultAfterRemoval(next)).withFactorEpoch(doc.factorEpoch() + 1);
        if (byAdmin) {
            // The administrator vouched for the user: the account-wide count starts again, so a user whose
            // factors were all reset can enrol again.
            next = next.withAccountFailures(0);
        }
        return new Removal(next, List.copyOf(removed), List.copyOf(raised));
    }

    private UserDocument removeOne(MfaUser user, UserDocument doc, String id, ProviderRecord rec, Instant now) {
        e.registry.find(id).ifPresent(entry -> Engine.run(entry, "deactivate",
                () -> entry.provider().deactivate(e.stage(user, id, rec, now))));
        return doc.withProvider(id, null);
    }

    /** {@code doc} with the provider's count and lock cleared, or null when it was not locked. */
    private UserDocument unlocked(MfaUser user, ProviderRegistry.Entry entry, UserDocument doc, ProviderRecord rec,
                                  Instant now) {
        StagedProperties pm = e.stage(user, entry.id(), rec, now);
        boolean locked = rec.failures() >= e.lockout.maxFailures() || entry.provider().isLocked(pm);
        if (!locked) {
            return null;
        }
        Engine.run(entry, "unlock", () -> entry.provider().unlock(pm));
        return doc.withProvider(entry.id(), pm.result().orElse(rec).withFailures(0, Optional.empty(), 0));
    }
}
