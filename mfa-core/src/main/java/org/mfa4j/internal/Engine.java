package org.mfa4j.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaException;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaProviderException;
import org.mfa4j.MfaUser;
import org.mfa4j.ProtectedOperation;
import org.mfa4j.View;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.Identifiers;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.RemoteCheck;
import org.mfa4j.spi.RemoteResult;
import org.mfa4j.spi.SecretCipher;
import org.mfa4j.store.MfaStore;

/**
 * The engine below the {@code Mfa} facade: what its parts share (the transaction, the provider registry,
 * the clock, the cipher, proofs, lockout, the factor rules) and the parts themselves, one concern each:
 * {@link Standing} (what a user may do now), {@link Enrolment} (setup and activation), {@link SignIn}
 * (challenge and verification), {@link FactorChanges} (the user's own changes and administration),
 * {@link Passkeys} (usernameless sign-in). No part
 * calls back into the facade. Immutable and thread-safe once built.
 */
public final class Engine {

    final Clock clock;
    final SecureRandom random;
    final SecretCipher cipher;
    final ProviderRegistry registry;
    final EnforcementPolicy policy;
    final Transaction tx;
    final Proofs proofs;
    final Lockout lockout;
    final FactorRules rules;
    final StepUp stepUp;
    final EventDispatcher events;
    final SendLedger ledger;

    private final Standing standing;
    private final Enrolment enrolment;
    private final SignIn signIn;
    private final FactorChanges changes;
    final Passkeys passkeys;
    final AuthenticatorHistory history;
    final EnrolmentGrace enrolmentGrace;

    /**
     * @param stepUp how recent a proof must be for each protected operation
     * @param minter makes the public proof values
     */
    public Engine(MfaStore store, Clock clock, SecureRandom random, SecretCipher cipher, ProofSigner signer,
                  Proofs.Minter minter, ProviderRegistry registry, EnforcementPolicy policy, LockoutPolicy lockout,
                  Map<ProtectedOperation, Duration> stepUp, EventDispatcher events) {
        this.clock = clock;
        this.random = random;
        this.cipher = cipher;
        this.registry = registry;
        this.policy = policy;
        this.tx = new Transaction(store, random, events, clock);
        this.events = events;
        this.ledger = new SendLedger(tx, cipher);
        this.proofs = new Proofs(signer, clock, minter);
        this.lockout = new Lockout(lockout);
        this.rules = new FactorRules(registry, policy);
        this.stepUp = new StepUp(proofs, this.lockout, stepUp);
        this.standing = new Standing(this);
        this.enrolment = new Enrolment(this);
        this.signIn = new SignIn(this);
        this.changes = new FactorChanges(this);
        this.passkeys = new Passkeys(this);
        this.history = new AuthenticatorHistory(this);
        this.enrolmentGrace = new EnrolmentGrace(this);
    }

    public Standing standing() {
        return standing;
    }

    public Enrolment enrolment() {
        return enrolment;
    }

    public SignIn signIn() {
        return signIn;
    }

    public FactorChanges changes() {
        return changes;
    }

    public Passkeys passkeys() {
        return passkeys;
    }

    public EnrolmentGrace enrolmentGrace() {
        return enrolmentGrace;
    }

    public ProviderRegistry registry() {
        return registry;
    }

    /** The registered provider of that id; the caller's id is quoted safely when there is none. */
    public ProviderRegistry.Entry registered(String providerId) {
        ProviderRegistry.Entry entry = registry.entry(providerId);
        if (entry == null) {
            throw new InvalidRequestException("no provider " + Identifiers.quote(providerId)
                    + " is registered (registered: " + registry.ids() + ")");
        }
        return entry;
    }

    /** The registered provider of that id, if the policy allows it for the user. */
    ProviderRegistry.Entry allowed(MfaUser user, String providerId) {
        ProviderRegistry.Entry entry = registered(providerId);
        if (!policy.isAllowed(user, entry.descriptor(), registry.descriptors())) {
            throw new InvalidRequestException("provider '" + providerId + "' is not allowed for this user by the "
                    + "enforcement policy; see Mfa.explain(user)");
        }
        return entry;
    }

    /** The provider's view of its record for one user, staged for this run. */
    StagedProperties stage(MfaUser user, String providerId, ProviderRecord rec, Instant now) {
        return new StagedProperties(user, providerId, rec, cipher, random, now);
    }

    /**
     * Calls a provider: its typed exceptions pass, anything else unchecked (and a null answer) becomes an
     * {@link MfaProviderException} naming it; an operation it does not support is an invalid request.
     */
    static <T> T call(ProviderRegistry.Entry entry, String method, Supplier<T> call) {
        T value;
        try {
            value = call.get();
        } catch (MfaException e) {
            throw e;
        } catch (UnsupportedOperationException e) {
            throw new InvalidRequestException("provider '" + entry.id() + "' does not support " + method);
        } catch (RuntimeException e) {
            throw new MfaProviderException("provider '" + entry.id() + "' failed in " + method + " ("
                    + e.getClass().getSimpleName() + "); nothing was changed", e);
        }
        if (value == null) {
            throw new MfaProviderException("provider '" + entry.id() + "' returned null from " + method
                    + "; nothing was changed");
        }
        return value;
    }

    /**
     * A provider's verdict on one answer: refused unevaluated when the provider cannot read the input, else
     * from the method that takes the remote check's result when there is one ({@code withRemote}), or from the
     * one that does not ({@code alone}).
     */
    static Outcome answer(ProviderRegistry.Entry entry, String method, MfaInput input, RemoteResult remote,
                          Supplier<Outcome> withRemote, Supplier<Outcome> alone) {
        if (!entry.provider().canProcess(input)) {
            return Outcome.reject(FailureReason.MALFORMED_INPUT);
        }
        return call(entry, method, remote != null ? withRemote : alone);
    }

    /**
     * A provider's remote check, asked for and made once, outside any transaction: its result, or null when
     * the provider asks for none.
     */
    RemoteResult remote(ProviderRegistry.Entry entry, String method, Supplier<Optional<RemoteCheck>> ask) {
        Optional<RemoteCheck> check = call(entry, method, ask);
        return check.isEmpty() ? null : call(entry, "its remote check", () -> check.get().call());
    }

    /**
     * A delivery after commit, with its send budgets: the budgets are charged first (nothing is sent when one
     * refuses), then the dispatch runs once. Records how it ended for the operation that asked, and raises the
     * event of a refusal, a failure or a send ({@code CodeSent}); a failure's message never reaches the caller.
     */
    final class Delivery implements Runnable {
        private final String userId;
        private final String providerId;
        private final Challenge.Dispatch dispatch;
        /** Null until run; then the budget that refused, or "" when none did. */
        String refusedBy;
        boolean failed;

        Delivery(String userId, String providerId, Challenge.Dispatch dispatch) {
            this.userId = userId;
            this.providerId = providerId;
            this.dispatch = dispatch;
        }

        @Override
        public void run() {
            Instant now = clock.instant();
            refusedBy = ledger.charge(providerId, dispatch.charges(), now).orElse("");
            if (!refusedBy.isEmpty()) {
                events.publish(List.of(new MfaEvent.SendRefused(now, userId, providerId, refusedBy)));
                return;
            }
            try {
                dispatch.send();
            } catch (RuntimeException ex) {
                failed = true;
                events.publish(List.of(new MfaEvent.DeliveryFailed(now, userId, providerId,
                        ex.getClass().getSimpleName())));
                return;
            }
            events.publish(List.of(new MfaEvent.CodeSent(now, userId, providerId, channel())));
        }

        /**
         * The dispatch's channel id, or the provider's: the code is out, so a dispatch that cannot say (throws,
         * answers null or something not an id) does not turn the send into an error.
         */
        private String channel() {
            try {
                Optional<String> named = dispatch.channel();
                return named == null ? providerId
                        : Challenge.Dispatch.requireChannel(named).orElse(providerId);
            } catch (RuntimeException ex) {
                return providerId;
            }
        }

        /** Whether nothing reached the user: refused by a budget, or failed. */
        boolean notSent() {
            return failed || (refusedBy != null && !refusedBy.isEmpty());
        }

        /** What the page may show of a refusal: the budget's name. */
        View refusal() {
            return failed ? View.empty() : View.builder().put("refusedBy", refusedBy).build();
        }
    }

    /** Calls a provider method that returns nothing, as {@link #call} does. */
    static void run(ProviderRegistry.Entry entry, String method, Runnable call) {
        call(entry, method, () -> {
            call.run();
            return Boolean.TRUE;
        });
    }
}
