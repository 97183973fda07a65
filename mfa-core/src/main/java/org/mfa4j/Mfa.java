/*
 * Over 400 lines on purpose: this is the whole public entry point and its builder, each operation with its
 * contract in Javadoc and a body of a few lines that checks arguments and hands on to the engine
 * (org.mfa4j.internal.Engine). No rule of the engine lives here.
 */
package org.mfa4j;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.mfa4j.internal.AesGcmSecretCipher;
import org.mfa4j.internal.BreakGlass;
import org.mfa4j.internal.DefaultSecureRandom;
import org.mfa4j.internal.Engine;
import org.mfa4j.internal.EventDispatcher;
import org.mfa4j.internal.Notifications;
import org.mfa4j.internal.ProofSigner;
import org.mfa4j.internal.Proofs;
import org.mfa4j.internal.ProviderContexts;
import org.mfa4j.internal.ProviderRegistry;
import org.mfa4j.internal.RememberedDevices;
import org.mfa4j.policy.DevicePolicy;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.policy.PolicyDecision;
import org.mfa4j.spi.Identifiers;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.SecretCipher;
import org.mfa4j.spi.Settings;
import org.mfa4j.store.MfaStore;

/**
 * The entry point: after the application's first factor succeeded, it asks {@code Mfa} what comes next,
 * runs the chosen provider's setup, challenge and verification through it, and keeps the returned
 * {@link Proof} in the session. Lockout, flow budgets, the grace period, the enforcement policy and audit
 * events are applied here for every provider.
 *
 * <p>Immutable and thread-safe once built. Every state change is one compare-and-set on the user's
 * versioned document; a conflicting change by another thread or node makes the operation re-run on the
 * fresh document. Store and provider failures throw an {@link MfaException} and nothing is accepted or
 * half-written.
 */
public final class Mfa {

    /** How recent a proof must be for a protected operation unless the builder says otherwise. */
    private static final Duration DEFAULT_STEP_UP = Duration.ofMinutes(5);

    private final Engine engine;
    private final ProviderRegistry registry;
    private final LockoutPolicy lockout;
    private final Duration gracePeriod;
    private final Map<String, Duration> protectedActions;
    private final MfaAdmin admin;
    private final MfaDevices devices;
    private final BreakGlass breakGlass;

    private Mfa(Builder b, SecureRandom random, SecretCipher cipher, EventDispatcher events,
                ProviderRegistry registry) {
        Map<ProtectedOperation, Duration> stepUp = new EnumMap<>(ProtectedOperation.class);
        for (ProtectedOperation op : ProtectedOperation.values()) {
            stepUp.put(op, b.stepUp.getOrDefault(op, DEFAULT_STEP_UP));
        }
        this.engine = new Engine(b.store, b.clock, random, cipher, new ProofSigner(b.keys), new Minter(), registry,
                b.policy, b.lockout, stepUp, events);
        this.registry = registry;
        this.lockout = b.lockout;
        this.gracePeriod = b.gracePeriod;
        this.protectedActions = Map.copyOf(b.protectedActions);
        RememberedDevices remembered = new RememberedDevices(engine, b.devicePolicy);
        this.breakGlass = new BreakGlass(engine);
        this.devices = new MfaDevices(remembered);
        this.admin = new MfaAdmin(engine, remembered, breakGlass);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ questions

    /** The registered providers, in display order (providers that need a companion after the rest). */
    public List<ProviderDescriptor> providers() {
        return registry.descriptors();
    }

    /**
     * What the policy decides for {@code user}, with the rules that produced it, and a last reason when every
     * active factor of the user is a restricted authenticator (SMS: NIST SP 800-63B-4 asks for an unrestricted
     * alternative). Reads the user's document.
     */
    public PolicyDecision explain(MfaUser user) {
        requireUser(user);
        return engine.standing().explain(user);
    }

    /**
     * The next step for a user in a session: {@link MfaState.Step#SATISFIED} when the session holds a proof
     * that is valid for this user, this session and the user's factors (whatever its age: the session's
     * lifetime is the application's) and the account is not locked. Right after the password the session
     * holds no proof: {@code MfaSession.of(sessionId)}. The default provider offered is an unlocked one
     * before a locked one. A proof from a remembered device ({@link MfaDevices#signIn}) satisfies it too.
     */
    public MfaState state(MfaUser user, MfaSession session) {
        requireUser(user);
        requireSession(session);
        return engine.standing().state(user, session);
    }

    /** Every registered provider's state for {@code user}. */
    public UserOverview overview(MfaUser user) {
        requireUser(user);
        return engine.standing().overview(user);
    }

    // ------------------------------------------------------------------ setup and activation

    /**
     * Prepares {@code providerId} for the user and returns what the setup page shows (an otpauth URI and QR
     * code, creation options, ...). Calling it again replaces the pending material. While the user has an
     * active factor this is a {@link ProtectedOperation#ADD_FACTOR}: without a recent proof in
     * {@code session} nothing changes and the change says {@link ChangeStatus#STEP_UP_REQUIRED}. A user with
     * no active factor sets up the first one without a proof (trust on first use).
     *
     * @throws InvalidRequestException when the provider is not allowed for the user, already active (and
     *                                 keeps one credential), or its companion rules forbid it now
     */
    public Change setup(MfaUser user, String providerId, MfaSession session) {
        return setup(user, providerId, MfaInput.empty(), session);
    }

    /**
     * {@link #setup(MfaUser, String, MfaSession)} with what the user entered on the setup page: a phone number
     * or e-mail address to verify, a label for a new security key. For a provider that keeps several
     * credentials, a setup while it is active prepares one more (a {@link ProtectedOperation#ADD_FACTOR}); its
     * activation adds it beside the others.
     *
     * @throws InvalidRequestException also when the provider refuses the input (its message does not quote it)
     */
    public Change setup(MfaUser user, String providerId, MfaInput input, MfaSession session) {
        requireUser(user);
        requireInput(input);
        requireSession(session);
        return engine.enrolment().setup(user, providerId, input, session);
    }

    /**
     * Activates the provider set up with {@link #setup}, given proof of possession (a code for the new
     * secret, the WebAuthn attestation). While the user has other active factors this needs a recent proof
     * in {@code session} ({@link Status#STEP_UP_REQUIRED} otherwise), and the account and those factors must
     * not be locked ({@link Status#LOCKED}). On success the user's factors changed: earlier proofs are void
     * and the result carries the session's next one. It counts as a sign-in only for a first enrolment;
     * otherwise it is the successor of the proof that allowed it (same providers, same age). Failed
     * activations do not lock the user's other providers; after {@link LockoutPolicy#maxFailures()} of them
     * the pending setup is discarded.
     */
    public Result activate(MfaUser user, String providerId, MfaInput input, MfaSession session) {
        requireUser(user);
        requireInput(input);
        requireSession(session);
        return engine.enrolment().activate(user, providerId, input, session);
    }

    // ------------------------------------------------------------------ challenge and verification

    /**
     * What the answer page shows for {@code providerId}, the same call for every provider: instructions for
     * the user, and whatever the provider prepared in the login flow of {@code session} (a code sent, WebAuthn
     * request options, the Duo redirect). A delivery runs once, after the pending state is stored. Call it
     * when the page that asks for the answer is shown, and {@link #verify} when the user answers.
     */
    public Prompt prompt(MfaUser user, String providerId, MfaSession session) {
        requireUser(user);
        requireSession(session);
        return engine.signIn().prompt(user, providerId, session);
    }

    /**
     * Checks one answer in the login flow of {@code session}. While the provider or the account is locked
     * the answer is not evaluated. A wrong answer counts toward the provider's lockout, the account-wide
     * ceiling and the flow's budget; past the budget the flow resets and every code issued in it is void.
     *
     * @throws MfaStoreException    when the store failed: nothing was accepted or written
     * @throws MfaProviderException when the provider's remote side failed: nothing was accepted or written
     */
    public Result verify(MfaUser user, String providerId, MfaInput input, MfaSession session) {
        requireUser(user);
        requireInput(input);
        requireSession(session);
        return engine.signIn().verify(user, providerId, input, session);
    }

    // ------------------------------------------------------------------ passkey sign-in

    /**
     * The sign-in page's request for a passkey, before anybody is known (usernameless sign-in as a first
     * factor): WebAuthn request options that name no user, from the provider that offers passkey sign-in
     * ({@code u2f} with {@code passkeys=true}; off by default). The request is kept for {@code session}, the
     * application's session before login, until it expires (at most 10 minutes); the next
     * {@link #passkeySignIn} in that session uses it up and deletes it, and a new prompt replaces it. Since
     * anyone may ask, the requests outstanding are bounded (16,384 across 64 shards; each prompt deletes a few
     * expired ones): when the session's shard is full of live requests the one closest to its expiry gives way
     * (its answer is then refused) and a {@link MfaEvent.PasskeyRefused} tells listeners, so a flood of prompts
     * cannot stop everyone's; only a shard still full after that (prompts racing for it) refuses the prompt with
     * {@link Status#THROTTLED}, storing nothing.
     * ({@link org.mfa4j.store.JdbcMfaStore} keeps a deleted request's row as a tombstone, without its
     * document, until tombstone rows are purged.)
     *
     * @throws InvalidRequestException when no registered provider offers passkey sign-in
     */
    public Prompt passkeyPrompt(MfaSession session) {
        requireSession(session);
        return engine.passkeys().prompt(session);
    }

    /**
     * Checks the answer to {@link #passkeyPrompt} in {@code session} and finds whose it is, by the user handle
     * the answer names (recorded when the key was registered). {@code users} turns that user's id into the
     * application's {@link MfaUser}, whose roles and groups the policy reads, or empty when the account is
     * gone or disabled; it must return a user with that id. The answer is then checked as that user's
     * {@link #verify} with the provider: the policy, the account and provider lockout, the login flow of
     * {@code session}, the signature counter by compare-and-set, failures counted. On {@link Status#ACCEPTED}
     * the proof names the user ({@code proof().userId()}); the application signs that user in. Without a
     * request in the session, with an unreadable answer, or a handle that names nobody (or a user
     * {@code users} does not return) the result is {@link Status#REJECTED} with {@code NO_CHALLENGE},
     * {@code MALFORMED_INPUT} or {@code DENIED}, and nobody's failures count; the request is used up all the
     * same. A handle that names nobody, or a user {@code users} does not return, is also told to listeners
     * as a {@link MfaEvent.PasskeyRefused} with a short keyed hash of the handle.
     *
     * @throws InvalidRequestException when no registered provider offers passkey sign-in
     * @throws MfaStoreException       when the store failed: nothing was accepted or written
     */
    public Result passkeySignIn(MfaInput input, MfaSession session, Function<String, Optional<MfaUser>> users) {
        requireInput(input);
        requireSession(session);
        if (users == null) {
            throw new InvalidRequestException("users is missing: a lookup from user id to the application's MfaUser");
        }
        return engine.passkeys().signIn(input, session, users);
    }

    // ------------------------------------------------------------------ proofs and step-up

    /**
     * Checks the session's proof for one of the application's own protected actions (change e-mail, change
     * password): valid only if this application signed it under its current key, for {@code user}, in this
     * session, for the user's current factors, at most {@code maxAge} ago, and from a factor: a proof from a
     * remembered device is {@link ProofStatus#INSUFFICIENT} whatever its age. Never throws for a bad token: a
     * missing, malformed or forged one is a status.
     */
    public ProofStatus checkProof(MfaUser user, MfaSession session, Duration maxAge) {
        requireUser(user);
        requireSession(session);
        if (maxAge == null || maxAge.isNegative()) {
            throw new InvalidRequestException("maxAge must be zero or positive");
        }
        return engine.standing().checkProof(user, session, maxAge);
    }

    /**
     * Checks the session's proof for a named protected action, with the grace period configured for it
     * ({@link Builder#protectedAction}), or the default grace period for actions not configured.
     */
    public ProofStatus checkProof(MfaUser user, MfaSession session, String action) {
        if (action == null || action.isBlank()) {
            throw new InvalidRequestException("action name must be non-blank");
        }
        return checkProof(user, session, protectedActions.getOrDefault(action, gracePeriod));
    }

    /** The default grace period for protected actions. */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    // ------------------------------------------------------------------ user self-service

    /**
     * Deactivates a provider at the user's request, a {@link ProtectedOperation#REMOVE_FACTOR}. Providers that
     * can only be active beside another one are deactivated too when the last other one goes. The change
     * lists the ids removed ({@link ChangeStatus#UNCHANGED} if the provider was not set up) and carries the
     * session's next proof.
     */
    public Change deactivate(MfaUser user, String providerId, MfaSession session) {
        requireUser(user);
        requireSession(session);
        return engine.changes().deactivate(user, providerId, session);
    }

    /**
     * Unlocks a provider for a user who verified with another, already active provider in this session
     * within the step-up age ({@link ProtectedOperation#UNLOCK}); a proof from an enrolment or from the locked
     * provider itself is {@link ProofStatus#INSUFFICIENT}. {@link ChangeStatus#UNCHANGED} when the provider is
     * not locked. The account-wide ceiling is not the user's to lift: {@link ChangeStatus#LOCKED} until an
     * administrator unlocks it.
     */
    public Change unlock(MfaUser user, String providerId, MfaSession session) {
        requireUser(user);
        requireSession(session);
        return engine.changes().unlock(user, providerId, session);
    }

    /**
     * Makes {@code providerId} the one the login page offers first, a {@link ProtectedOperation#SET_DEFAULT}.
     * It must be active and may be default.
     */
    public Change setDefaultProvider(MfaUser user, String providerId, MfaSession session) {
        requireUser(user);
        requireSession(session);
        return engine.changes().setDefaultProvider(user, providerId, session);
    }

    /**
     * Renames one credential of an active provider (a security key, a phone number): a
     * {@link ProtectedOperation#UPDATE_FACTOR}. {@link ChangeStatus#UNCHANGED} when the provider has no such
     * credential or it already has that label.
     *
     * @throws IllegalArgumentException when the label breaks the rules of a credential label
     */
    public Change renameCredential(MfaUser user, String providerId, String credentialId, String label,
                                   MfaSession session) {
        requireUser(user);
        requireSession(session);
        return engine.changes().renameCredential(user, providerId, requireCredentialId(credentialId), label, session);
    }

    /**
     * Removes one credential of an active provider (a lost security key, an old phone number), leaving the
     * others as they were: a {@link ProtectedOperation#REMOVE_FACTOR}. Removing the last one deactivates the
     * provider, with the same rules as {@link #deactivate}. {@link ChangeStatus#UNCHANGED} when the provider
     * has no such credential.
     */
    public Change removeCredential(MfaUser user, String providerId, String credentialId, MfaSession session) {
        requireUser(user);
        requireSession(session);
        return engine.changes().removeCredential(user, providerId, requireCredentialId(credentialId), session);
    }

    private static String requireCredentialId(String credentialId) {
        return Identifiers.require("credential id", credentialId, 64);
    }

    /**
     * Changes an active provider's settings (regenerate recovery codes, rename a key), a
     * {@link ProtectedOperation#UPDATE_FACTOR}, and returns the view to show with the session's next proof.
     *
     * @throws InvalidRequestException when the provider is not active, or has nothing to update
     */
    public Change update(MfaUser user, String providerId, MfaInput input, MfaSession session) {
        requireUser(user);
        requireInput(input);
        requireSession(session);
        return engine.changes().update(user, providerId, input, session);
    }

    /**
     * Signs the user in with a break-glass code an administrator issued ({@link MfaAdmin#issueBreakGlass}),
     * given as {@code MfaInput.code(typed)}: {@link Status#ACCEPTED} with a proof for the session, and the
     * code is used up (of two concurrent uses one succeeds); {@link Status#REJECTED} for a wrong, used or
     * replaced code, {@link Status#EXPIRED} for the right one too late. The code stands in for the user's
     * factors, their locks included, because an administrator vouched: its proof counts as a verification
     * (the user can set up a new factor and remove a lost one within the step-up age), and the account-wide
     * failure count starts again. Every use and refusal is an event.
     */
    public Result verifyBreakGlass(MfaUser user, MfaInput input, MfaSession session) {
        requireUser(user);
        requireInput(input);
        requireSession(session);
        return breakGlass.verify(user, input, session);
    }

    /**
     * The user chose "later" on the setup page: for a user whom the policy requires to use MFA, who has no
     * factor yet and whose enrolment deadline an administrator set ({@link MfaAdmin#requireEnrolmentBy},
     * {@link MfaAdmin#allowSetupSkips}), {@link SetupSkip.Status#SKIPPED} before the date and while skips are
     * left, counting one skip down in a compare-and-set (of two concurrent skips of the last one, one counts);
     * {@link SetupSkip.Status#SETUP_FORCED} at or after the date, with no skip left, or without a deadline;
     * {@link SetupSkip.Status#NOT_APPLICABLE} when there is no first setup to skip. A skip is no proof: the
     * session holds none, and the next login asks again.
     */
    public SetupSkip skipSetup(MfaUser user) {
        requireUser(user);
        return engine.enrolmentGrace().skip(user);
    }

    /** Remembered devices: remember, sign in with, list, revoke. */
    public MfaDevices devices() {
        return devices;
    }

    /** Administration: reset, unlock, erase, overview, devices, break-glass codes, enrolment deadlines. */
    public MfaAdmin admin() {
        return admin;
    }

    // ------------------------------------------------------------------ arguments

    static void requireUser(MfaUser user) {
        if (user == null) {
            throw new InvalidRequestException("user is missing");
        }
    }

    static void requireSession(MfaSession session) {
        if (session == null) {
            throw new InvalidRequestException("session is missing: MfaSession.of(sessionId) right after the "
                    + "first factor, withProof(proof) once the user passed MFA");
        }
    }

    private static void requireInput(MfaInput input) {
        if (input == null) {
            throw new InvalidRequestException("input is missing: MfaInput.code(typed) or MfaInput.of(params)");
        }
    }

    @Override
    public String toString() {
        return "Mfa[providers=" + registry.ids() + ", lockout=" + lockout + "]";
    }

    /** Makes the proof values the engine signed; a named class, since building Mfa spins no lambda. */
    private static final class Minter implements Proofs.Minter {
        @Override
        public Proof mint(String token, String userId, List<String> providers, Instant issuedAt, boolean enrolment,
                          boolean device) {
            return new Proof(token, userId, providers, issuedAt, enrolment, device);
        }
    }

    /** Builds an immutable {@link Mfa}. A store and keys are required; everything else has a default. */
    public static final class Builder {
        private MfaStore store;
        private SecretKeys keys;
        private Clock clock = Clock.systemUTC();
        private SecureRandom random;
        private EnforcementPolicy policy = EnforcementPolicy.defaults();
        private LockoutPolicy lockout = LockoutPolicy.defaults();
        private DevicePolicy devicePolicy = DevicePolicy.defaults();
        private Duration gracePeriod = Duration.ofMinutes(5);
        private final Map<String, Duration> protectedActions = new LinkedHashMap<>();
        private final Map<ProtectedOperation, Duration> stepUp = new EnumMap<>(ProtectedOperation.class);
        private final List<MfaProviderFactory> factories = new ArrayList<>();
        private boolean discover;
        private ClassLoader loader;
        private final Set<String> disabled = new LinkedHashSet<>();
        private final Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        private final List<MfaEventListener> listeners = new ArrayList<>();
        private final List<MfaNotifier> notifiers = new ArrayList<>();
        private int notifyEveryFailures = 5;
        private final Map<Class<?>, Object> services = new LinkedHashMap<>();
        private Function<String, String> environment = Settings.PROCESS_ENVIRONMENT;

        private Builder() {
        }

        /** Where users' documents live: {@code new InMemoryMfaStore()} or {@code JdbcMfaStore}. Required. */
        public Builder store(MfaStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The keys that seal secrets and sign proofs. Required; see {@link SecretKeys}. */
        public Builder keys(SecretKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** The default is {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The one random source for codes and secrets. The default is the JVM's default {@link SecureRandom}
         * ({@code new SecureRandom()}), created on the first random byte rather than at {@link #build()}.
         */
        public Builder random(SecureRandom random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Who must use MFA and with which providers. The default requires nobody. */
        public Builder policy(EnforcementPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Failure counting. The default locks after 3 failures, account ceiling 100, flow budget 5. */
        public Builder lockout(LockoutPolicy lockout) {
            this.lockout = Objects.requireNonNull(lockout, "lockout");
            return this;
        }

        /** Who may remember devices, and for how long. The default lets everyone, for 30 days. */
        public Builder devices(DevicePolicy devicePolicy) {
            this.devicePolicy = Objects.requireNonNull(devicePolicy, "devicePolicy");
            return this;
        }

        /** How long a proof lets protected actions go ahead without a fresh verification. The default is 5 minutes. */
        public Builder gracePeriod(Duration gracePeriod) {
            this.gracePeriod = requirePositive(gracePeriod, "grace period");
            return this;
        }

        /** A grace period for one named protected action (for example {@code change-email}). */
        public Builder protectedAction(String action, Duration maxAge) {
            if (action == null || action.isBlank()) {
                throw new IllegalArgumentException("action name must be non-blank");
            }
            protectedActions.put(action, requirePositive(maxAge, "grace period of '" + action + "'"));
            return this;
        }

        /**
         * How recent the session's proof must be for one of the library's own protected operations. The
         * default is 5 minutes for each.
         */
        public Builder stepUp(ProtectedOperation operation, Duration maxAge) {
            stepUp.put(Objects.requireNonNull(operation, "operation"),
                    requirePositive(maxAge, "step-up age of " + operation));
            return this;
        }

        /** The same step-up age for every {@link ProtectedOperation}. */
        public Builder stepUp(Duration maxAge) {
            for (ProtectedOperation op : ProtectedOperation.values()) {
                stepUp(op, maxAge);
            }
            return this;
        }

        /** Registers a provider factory. */
        public Builder provider(MfaProviderFactory factory) {
            factories.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /** Also registers every factory {@link java.util.ServiceLoader} finds on the class path. */
        public Builder discoverProviders() {
            return discoverProviders(Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : Mfa.class.getClassLoader());
        }

        /** Also registers every factory {@link java.util.ServiceLoader} finds through {@code loader}. */
        public Builder discoverProviders(ClassLoader loader) {
            this.discover = true;
            this.loader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** Leaves a provider out even though it is on the class path. */
        public Builder disableProvider(String providerId) {
            disabled.add(ProviderDescriptor.requireId(providerId));
            return this;
        }

        /** Settings for one provider; merged with earlier calls for the same id. */
        public Builder configure(String providerId, Map<String, String> providerSettings) {
            String id = ProviderDescriptor.requireId(providerId);
            Map<String, String> copy = Map.copyOf(providerSettings);
            Map<String, String> merged = settings.get(id);
            if (merged == null) {
                merged = new LinkedHashMap<>();
                settings.put(id, merged);
            }
            merged.putAll(copy);
            return this;
        }

        /**
         * An application service handed to every provider through {@link ProviderContext#service}: a mailer,
         * an HTTP client, a message sender. A discovered provider gets the application's instance this way,
         * without globals. One instance per type.
         *
         * @throws MfaConfigurationException when a service of this type is already registered
         */
        public <T> Builder service(Class<T> type, T instance) {
            Objects.requireNonNull(type, "type");
            if (services.containsKey(type)) {
                throw new MfaConfigurationException("a service of type " + type.getName() + " is already registered");
            }
            services.put(type, type.cast(Objects.requireNonNull(instance, "instance")));
            return this;
        }

        /** Receives every audit event. */
        public Builder listener(MfaEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Tells users of security-relevant changes to their accounts ({@link SecurityNotification.Kind}), after
         * commit; several may be registered. None by default.
         */
        public Builder notifier(MfaNotifier notifier) {
            notifiers.add(Objects.requireNonNull(notifier, "notifier"));
            return this;
        }

        /**
         * Besides every lock, {@link SecurityNotification.Kind#REPEATED_FAILURES} is notified when a provider's
         * consecutive failures reach a multiple of {@code n} ({@code n}, {@code 2n}, ...; a lock resets the
         * count); 0 notifies locks only. The default is 5, so with the default lockout (locked at 3) only locks.
         */
        public Builder notifyEveryFailures(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("notifyEveryFailures must be 0 or more");
            }
            this.notifyEveryFailures = n;
            return this;
        }

        /** Where settings fall back to when not configured. The default is the process environment. */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Builds the entry point. Configuration is checked here: store, keys (ids and 256-bit lengths, by
         * {@link SecretKeys}), policy, providers and their settings. What can wait for first use does: the
         * default random source, the JCA's HMAC and AES-GCM, the derivation of the proof keys and the
         * logging backend start with the first operation that needs them, so the first verification in a
         * fresh JVM pays for them instead. Should one of them fail then, the operation throws the typed
         * exception this method would have thrown and nothing is accepted or written.
         *
         * @throws MfaConfigurationException when the store or keys are missing, a provider is duplicated,
         *                                   fails to load, or the configuration names an unknown provider
         */
        public Mfa build() {
            if (store == null) {
                throw new MfaConfigurationException("no store configured: call store(new InMemoryMfaStore()) for "
                        + "tests and single-node demos, or store(JdbcMfaStore.create(dataSource)) for production");
            }
            if (keys == null) {
                throw new MfaConfigurationException("no secret keys configured: call keys(SecretKeys.fromFile(path)) "
                        + "with a key file (create one with SecretKeys.generateFile), or keys(SecretKeys.ephemeral(random)) "
                        + "for tests and demos whose secrets may be lost on restart");
            }
            SecureRandom rnd = random != null ? random : new DefaultSecureRandom();
            SecretCipher cipher = new AesGcmSecretCipher(keys, rnd);
            Notifications notifications = notifiers.isEmpty() ? null : new Notifications(notifiers, notifyEveryFailures);
            EventDispatcher dispatcher = new EventDispatcher(listeners, notifications);
            ProviderRegistry registry = ProviderRegistry.build(factories, discover, loader, disabled,
                    settings.keySet(), new ProviderContexts(settings, environment, clock, rnd, dispatcher, services));
            if (notifications != null) {
                notifications.titles(registry.descriptors());
            }
            Set<String> unknown = new LinkedHashSet<>(policy.referencedProviders());
            unknown.removeAll(registry.ids());
            if (!unknown.isEmpty()) {
                throw new MfaConfigurationException("the enforcement policy names providers " + unknown
                        + " that are not registered (registered: " + registry.ids() + ")");
            }
            if (registry.ids().isEmpty()) {
                throw new MfaConfigurationException("no providers registered: call discoverProviders() or "
                        + "provider(factory)");
            }
            return new Mfa(this, rnd, cipher, dispatcher, registry);
        }

        private static Duration requirePositive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
