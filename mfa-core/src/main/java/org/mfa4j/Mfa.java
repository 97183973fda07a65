package org.mfa4j;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mfa4j.internal.AesGcmSecretCipher;
import org.mfa4j.internal.DefaultSecureRandom;
import org.mfa4j.internal.EventDispatcher;
import org.mfa4j.internal.ProofSigner;
import org.mfa4j.internal.ProviderRegistry;
import org.mfa4j.internal.SmallMap;
import org.mfa4j.internal.StagedProperties;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.policy.PolicyDecision;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.FlowState;
import org.mfa4j.spi.Identifiers;
import org.mfa4j.spi.MfaInput;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.MfaStore;
import org.mfa4j.spi.MfaUser;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.ProviderEvents;
import org.mfa4j.spi.ProviderRecord;
import org.mfa4j.spi.SecretCipher;
import org.mfa4j.spi.Settings;
import org.mfa4j.spi.UserDocument;
import org.mfa4j.spi.VersionedDocument;
import org.mfa4j.spi.View;

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

    private static final int MAX_ATTEMPTS = 64;

    /** How recent a proof must be for a protected operation unless the builder says otherwise. */
    private static final Duration DEFAULT_STEP_UP = Duration.ofMinutes(5);

    private final MfaStore store;
    private final Clock clock;
    private final SecretCipher cipher;
    private final Proofs proofs;
    private final SecureRandom random;
    private final ProviderRegistry registry;
    private final EnforcementPolicy policy;
    private final LockoutPolicy lockout;
    private final Duration gracePeriod;
    private final Map<String, Duration> protectedActions;
    private final Map<ProtectedOperation, Duration> stepUp;
    private final EventDispatcher events;
    private final MfaAdmin admin;

    private Mfa(Builder b, SecureRandom random, SecretCipher cipher, EventDispatcher events,
                ProviderRegistry registry) {
        this.store = b.store;
        this.clock = b.clock;
        this.random = random;
        this.cipher = cipher;
        this.proofs = new Proofs(new ProofSigner(b.keys), b.clock);
        this.registry = registry;
        this.policy = b.policy;
        this.lockout = b.lockout;
        this.gracePeriod = b.gracePeriod;
        this.protectedActions = Map.copyOf(b.protectedActions);
        Map<ProtectedOperation, Duration> ages = new EnumMap<>(ProtectedOperation.class);
        for (ProtectedOperation op : ProtectedOperation.values()) {
            ages.put(op, b.stepUp.getOrDefault(op, DEFAULT_STEP_UP));
        }
        this.stepUp = Collections.unmodifiableMap(ages);
        this.events = events;
        this.admin = new MfaAdmin(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ questions

    /** The registered providers, in display order (providers that need a companion after the rest). */
    public List<ProviderDescriptor> providers() {
        return registry.descriptors();
    }

    /** What the policy decides for {@code user}, with the rules that produced it. */
    public PolicyDecision explain(MfaUser user) {
        requireUser(user);
        return policy.decide(user, registry.descriptors());
    }

    /**
     * The next step for a user in a session: {@link MfaState.Step#SATISFIED} when the session holds a proof
     * that is valid for this user, this session and the user's factors (whatever its age: the session's
     * lifetime is the application's) and the account is not locked. Right after the password the session
     * holds no proof: {@code MfaSession.of(sessionId)}.
     */
    public MfaState state(MfaUser user, MfaSession session) {
        requireUser(user);
        requireSession(session);
        UserDocument doc = document(user.id());
        return state(user, doc, proofs.check(session, user.id(), doc, null).valid());
    }

    private MfaState state(MfaUser user, UserDocument doc, boolean proven) {
        PolicyDecision decision = explain(user);
        Instant now = clock.instant();
        List<String> usable = new ArrayList<>();
        List<String> locked = new ArrayList<>();
        for (String id : decision.allowed()) {
            ProviderRecord r = doc.provider(id).orElse(null);
            if (r != null && r.active()) {
                usable.add(id);
                if (isLocked(doc, r, now)) {
                    locked.add(id);
                }
            }
        }
        List<String> missingForced = new ArrayList<>(decision.forced());
        missingForced.removeAll(usable);
        Optional<String> dflt = offeredFirst(doc, usable, locked);
        List<String> alternatives = new ArrayList<>(usable);
        dflt.ifPresent(alternatives::remove);
        MfaState.Step step;
        if (usable.isEmpty()) {
            step = decision.required() ? MfaState.Step.SETUP_REQUIRED : MfaState.Step.NOT_REQUIRED;
        } else if (!proven || accountLocked(doc)) {
            step = MfaState.Step.VERIFICATION_REQUIRED;
        } else {
            step = missingForced.isEmpty() ? MfaState.Step.SATISFIED : MfaState.Step.SETUP_REQUIRED;
        }
        return new MfaState(step, decision.allowed(), decision.recommended(), missingForced,
                step == MfaState.Step.VERIFICATION_REQUIRED ? dflt : Optional.empty(), alternatives, locked);
    }

    /**
     * The provider the login page offers first: the user's default, else the first that may be a default,
     * else the first usable one; an unlocked one before a locked one.
     */
    private Optional<String> offeredFirst(UserDocument doc, List<String> usable, List<String> locked) {
        List<String> ranked = new ArrayList<>(usable.size());
        doc.defaultProvider().filter(usable::contains).ifPresent(ranked::add);
        for (String id : usable) {
            if (!ranked.contains(id) && registry.find(id).orElseThrow().descriptor().mayBeDefault()) {
                ranked.add(id);
            }
        }
        for (String id : usable) {
            if (!ranked.contains(id)) {
                ranked.add(id);
            }
        }
        for (String id : ranked) {
            if (!locked.contains(id)) {
                return Optional.of(id);
            }
        }
        return ranked.stream().findFirst();
    }

    /** Every registered provider's state for {@code user}. */
    public UserOverview overview(MfaUser user) {
        requireUser(user);
        UserDocument doc = document(user.id());
        Instant now = clock.instant();
        List<ProviderOverview> list = new ArrayList<>();
        for (ProviderRegistry.Entry e : registry.entries()) {
            ProviderRecord r = doc.provider(e.id()).orElse(null);
            StagedProperties pm = new StagedProperties(user, e.id(), r, cipher, now);
            Map<String, String> details = r != null && r.active()
                    ? callProvider(e, "overview", () -> e.provider().overview(pm)) : Map.of();
            boolean locked = r != null && r.active() && (isLocked(doc, r, now) || e.provider().isLocked(pm));
            list.add(new ProviderOverview(e.id(), e.descriptor().title(), r != null && r.active(), locked,
                    r == null ? 0 : r.failures(), r == null ? Optional.empty() : r.lockedUntil().filter(now::isBefore),
                    r != null && r.active() && doc.defaultProvider().filter(e.id()::equals).isPresent(),
                    r == null ? Optional.empty() : Optional.of(r.created()),
                    r == null ? Optional.empty() : Optional.of(r.updated()),
                    r == null ? Optional.empty() : r.lastUsed(), details));
        }
        return new UserOverview(user.id(), list, doc.defaultProvider(), doc.accountFailures(), accountLocked(doc));
    }

    // ------------------------------------------------------------------ setup and activation

    /**
     * Prepares {@code providerId} for the user and returns what the setup page shows (an otpauth URI and QR
     * code, creation options, ...). Calling it again replaces the pending material. While the user has an
     * active factor this is a {@link ProtectedOperation#ADD_FACTOR}: without a recent proof in
     * {@code session} nothing changes and the change says {@link ChangeStatus#STEP_UP_REQUIRED}. A user with
     * no active factor sets up the first one without a proof (trust on first use).
     *
     * @throws InvalidRequestException when the provider is not allowed for the user, already active, or its
     *                                 companion rules forbid it now
     */
    public Change setup(MfaUser user, String providerId, MfaSession session) {
        requireUser(user);
        requireSession(session);
        ProviderRegistry.Entry entry = allowedEntry(user, providerId);
        return transact(user.id(), doc -> {
            Instant now = clock.instant();
            Gate gate = gate(user, session, doc, providerId, ProtectedOperation.ADD_FACTOR, now);
            if (gate.refused()) {
                return Step.none(gate.change(providerId), gate.events());
            }
            ProviderRecord rec = doc.provider(providerId).orElse(null);
            if (rec != null && rec.active()) {
                throw new InvalidRequestException("provider '" + providerId + "' is already active for this user; "
                        + "deactivate it before setting it up again");
            }
            companionRule(doc, entry.descriptor()).ifPresent(msg -> {
                throw new InvalidRequestException(msg);
            });
            StagedProperties pm = new StagedProperties(user, providerId, rec, cipher, now);
            pm.createEntry();
            View view = callProvider(entry, "setup", () -> entry.provider().setup(pm));
            ProviderRecord next = pm.result().orElseThrow(() -> new MfaProviderException("provider '" + providerId
                    + "' deleted its entry during setup; nothing was changed"));
            return Step.write(doc.withProvider(providerId, next.withActive(false).withFailures(0, Optional.empty(), 0)),
                    Change.done(providerId, Optional.of(view), List.of(), Optional.empty()));
        });
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
        ProviderRegistry.Entry entry = registered(providerId);
        if (!policy.isAllowed(user, providerId)) {
            return Result.refused(Status.NOT_ALLOWED, providerId, Optional.empty(), 0, Map.of());
        }
        String sessionDigest = proofs.sessionDigest(session);
        return transact(user.id(), doc -> {
            Instant now = clock.instant();
            ProviderRecord rec = doc.provider(providerId).orElseThrow(() -> new InvalidRequestException(
                    "provider '" + providerId + "' has no pending setup for this user; call setup first"));
            if (rec.active()) {
                throw new InvalidRequestException("provider '" + providerId + "' is already active for this user");
            }
            Gate gate = gate(user, session, doc, providerId, ProtectedOperation.ADD_FACTOR, now);
            if (gate.refused()) {
                return Step.none(gate.result(providerId), gate.events());
            }
            if (companionRule(doc, entry.descriptor()).isPresent()) {
                return Step.none(Result.refused(Status.NOT_ALLOWED, providerId, Optional.empty(), 0, Map.of()));
            }
            StagedProperties pm = new StagedProperties(user, providerId, rec, cipher, now);
            Outcome out = entry.provider().canProcess(input)
                    ? callProvider(entry, "activate", () -> entry.provider().activate(input, pm))
                    : Outcome.reject(FailureReason.MALFORMED_INPUT);
            ProviderRecord staged = pm.result().orElse(rec);
            if (out.accepted()) {
                ProviderRecord active = staged.withActive(true).withUpdated(now).withLastUsed(now)
                        .withFailures(0, Optional.empty(), 0);
                UserDocument next = doc.withProvider(providerId, active).withFactorEpoch(doc.factorEpoch() + 1);
                // TYPO3: the first provider becomes the default, and so does the user's recommended one.
                if (entry.descriptor().mayBeDefault() && (doc.defaultProvider().isEmpty()
                        || policy.decide(user, registry.descriptors()).recommended().filter(providerId::equals)
                        .isPresent())) {
                    next = next.withDefaultProvider(Optional.of(providerId));
                }
                Proof proof = gate.allowedBy() == null
                        ? proofs.issue(user.id(), sessionDigest, next.factorEpoch(), now, List.of(providerId), true)
                        : proofs.successor(gate.allowedBy(), next.factorEpoch());
                return Step.write(next, Result.accepted(providerId, lockout.maxFailures(), proof, out.details()),
                        new MfaEvent.Activated(now, user.id(), providerId));
            }
            int failures = staged.failures() + 1;
            UserDocument next = failures >= lockout.maxFailures()
                    ? doc.withProvider(providerId, null)
                    : doc.withProvider(providerId, staged.withFailures(failures, Optional.empty(), 0));
            Map<String, String> details = failures >= lockout.maxFailures() ? Map.of("setup", "discarded") : Map.of();
            return Step.write(next, Result.refused(statusOf(out.reason().orElseThrow()), providerId, out.reason(),
                    Math.max(0, lockout.maxFailures() - failures), details));
        });
    }

    // ------------------------------------------------------------------ challenge and verification

    /**
     * Asks the provider to prepare an answer (send a code, produce WebAuthn request options, build the Duo
     * redirect) in the login flow of {@code session}. The delivery runs once, after the pending state is
     * stored. Call it when the page that asks for the answer is shown, and {@link #verify} when the user
     * answers.
     */
    public ChallengeResult challenge(MfaUser user, String providerId, MfaSession session) {
        requireUser(user);
        requireSession(session);
        ProviderRegistry.Entry entry = registered(providerId);
        if (!policy.isAllowed(user, providerId)) {
            return new ChallengeResult(Status.NOT_ALLOWED, providerId, false, View.empty(), Optional.empty());
        }
        String flowId = proofs.sessionDigest(session);
        return transact(user.id(), doc -> {
            Instant now = clock.instant();
            ProviderRecord rec = doc.provider(providerId).filter(ProviderRecord::active).orElse(null);
            if (rec == null) {
                return Step.none(new ChallengeResult(Status.NOT_ACTIVE, providerId, false, View.empty(),
                        Optional.empty()));
            }
            if (isLocked(doc, rec, now)) {
                return Step.none(new ChallengeResult(Status.LOCKED, providerId, false, View.empty(), Optional.empty()));
            }
            UserDocument base = inFlow(doc, flowId, now);
            StagedProperties pm = new StagedProperties(user, providerId, base.provider(providerId).orElseThrow(),
                    cipher, now);
            if (entry.provider().isLocked(pm)) {
                return Step.none(new ChallengeResult(Status.LOCKED, providerId, false, View.empty(), Optional.empty()));
            }
            Optional<Challenge> c = callProvider(entry, "challenge", () -> entry.provider().challenge(pm));
            if (c.isEmpty()) {
                return Step.none(new ChallengeResult(Status.ACCEPTED, providerId, false, View.empty(),
                        Optional.empty()));
            }
            Step<ChallengeResult> step = Step.write(base.withProvider(providerId, pm.result().orElseThrow()),
                    new ChallengeResult(Status.ACCEPTED, providerId, true, c.get().view(), c.get().expiresAt()));
            return c.get().dispatch().map(d -> step.afterCommit(() -> deliver(providerId, d))).orElse(step);
        });
    }

    private static void deliver(String providerId, Challenge.Dispatch dispatch) {
        try {
            dispatch.send();
        } catch (MfaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MfaProviderException("provider '" + providerId + "' could not deliver the challenge ("
                    + e.getClass().getSimpleName() + ")", e);
        }
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
        ProviderRegistry.Entry entry = registered(providerId);
        if (!policy.isAllowed(user, providerId)) {
            return Result.refused(Status.NOT_ALLOWED, providerId, Optional.empty(), 0, Map.of());
        }
        String flowId = proofs.sessionDigest(session);
        return transact(user.id(), doc -> {
            Instant now = clock.instant();
            ProviderRecord rec = doc.provider(providerId).filter(ProviderRecord::active).orElse(null);
            if (rec == null) {
                return Step.none(Result.refused(Status.NOT_ACTIVE, providerId, Optional.empty(), 0, Map.of()));
            }
            if (accountLocked(doc)) {
                return Step.none(Result.locked(providerId, LockScope.ACCOUNT, Optional.empty()));
            }
            if (providerLocked(rec, now)) {
                return Step.none(Result.locked(providerId, LockScope.PROVIDER, rec.lockedUntil()));
            }
            UserDocument base = inFlow(doc, flowId, now);
            ProviderRecord current = base.provider(providerId).orElseThrow();
            if (current.failures() >= lockout.maxFailures()) {
                // A temporary lockout ran out: the count starts again, the lockout number stays.
                current = current.withFailures(0, Optional.empty(), current.lockouts());
            }
            StagedProperties pm = new StagedProperties(user, providerId, current, cipher, now);
            if (entry.provider().isLocked(pm)) {
                return Step.none(Result.locked(providerId, LockScope.PROVIDER, Optional.empty()));
            }
            Outcome out = entry.provider().canProcess(input)
                    ? callProvider(entry, "verify", () -> entry.provider().verify(input, pm))
                    : Outcome.reject(FailureReason.MALFORMED_INPUT);
            ProviderRecord staged = pm.result().orElseThrow(() -> new MfaProviderException("provider '"
                    + providerId + "' deleted its entry during verification; nothing was changed"));
            return out.accepted()
                    ? accept(user, providerId, flowId, base, staged, out, now)
                    : reject(user, providerId, base, staged, out, now);
        });
    }

    private Step<Result> accept(MfaUser user, String providerId, String flowId, UserDocument base,
                                ProviderRecord staged, Outcome out, Instant now) {
        // The success record, every provider's flow-bound properties voided, the counts and the flow cleared:
        // built in one pass, since this is every login's path.
        ProviderRecord success = new ProviderRecord(staged.active(), staged.created(), staged.updated(),
                Optional.of(now), 0, Optional.empty(), 0, staged.properties(), Map.of());
        SmallMap<ProviderRecord> providers = new SmallMap<>(base.providers(), 1);
        providers.put(providerId, success);
        providers.replaceAll((id, r) -> r.challenge().isEmpty() ? r : r.withChallenge(Map.of()));
        UserDocument next = new UserDocument(providers.freeze(), base.defaultProvider(), 0, base.factorEpoch(),
                Optional.empty());
        Proof proof = proofs.issue(user.id(), flowId, next.factorEpoch(), now, List.of(providerId), false);
        return Step.write(next, Result.accepted(providerId, lockout.maxFailures(), proof, out.details()),
                new MfaEvent.Verified(now, user.id(), providerId, out.details()));
    }

    private Step<Result> reject(MfaUser user, String providerId, UserDocument base, ProviderRecord staged,
                                Outcome out, Instant now) {
        FailureReason reason = out.reason().orElseThrow();
        int failures = staged.failures() + 1;
        int lockouts = staged.lockouts();
        Optional<Instant> until = Optional.empty();
        boolean locked = failures >= lockout.maxFailures();
        if (locked && lockout.temporaryLockout().isPresent()) {
            lockouts++;
            until = Optional.of(now.plus(lockout.lockoutWait(lockouts)));
        }
        int accountFailures = base.accountFailures() + 1;
        boolean accountLocked = accountFailures >= lockout.accountCeiling();
        FlowState flow = base.flow().orElseThrow();
        int flowFailures = flow.failures() + 1;
        boolean flowReset = flowFailures >= lockout.flowBudget();

        UserDocument next = base.withProvider(providerId, staged.withFailures(failures, until, lockouts))
                .withAccountFailures(accountFailures).withFlow(Optional.of(flow.withFailures(flowFailures)));
        List<MfaEvent> raised = new ArrayList<>();
        raised.add(new MfaEvent.Failed(now, user.id(), providerId, reason, failures));
        if (locked) {
            raised.add(new MfaEvent.Locked(now, user.id(), providerId, LockScope.PROVIDER, until));
        }
        if (accountLocked) {
            raised.add(new MfaEvent.Locked(now, user.id(), providerId, LockScope.ACCOUNT, Optional.empty()));
        }
        if (flowReset) {
            next = voidChallenges(next).withFlow(Optional.empty());
            raised.add(new MfaEvent.FlowReset(now, user.id(), flowFailures));
        }
        Result result;
        if (accountLocked) {
            result = Result.locked(providerId, LockScope.ACCOUNT, Optional.empty());
        } else if (locked) {
            result = Result.locked(providerId, LockScope.PROVIDER, until);
        } else {
            result = Result.refused(flowReset ? Status.FLOW_RESET : statusOf(reason), providerId, out.reason(),
                    lockout.maxFailures() - failures, out.details());
        }
        return Step.write(next, result, raised.toArray(MfaEvent[]::new));
    }

    // ------------------------------------------------------------------ proofs and step-up

    /**
     * Checks the session's proof for one of the application's own protected actions (change e-mail, change
     * password): valid only if this application signed it under its current key, for {@code user}, in this
     * session, for the user's current factors, at most {@code maxAge} ago. Never throws for a bad token: a
     * missing, malformed or forged one is a status.
     */
    public ProofStatus checkProof(MfaUser user, MfaSession session, Duration maxAge) {
        requireUser(user);
        requireSession(session);
        if (maxAge == null || maxAge.isNegative()) {
            throw new InvalidRequestException("maxAge must be zero or positive");
        }
        if (proofs.verified(session).isEmpty()) {
            // Only a token this application signed is worth a store read.
            return session.proofToken().isEmpty() ? ProofStatus.MISSING : ProofStatus.INVALID;
        }
        return proofs.check(session, user.id(), document(user.id()), maxAge).status();
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

    /**
     * Whether a protected operation may go ahead on {@code doc}, and on which proof. The account ceiling
     * stops every one of them; a locked factor stops adding another one; a user with no active factor needs
     * no proof (first enrolment); everyone else needs a proof that is valid and recent enough for the
     * operation.
     */
    private Gate gate(MfaUser user, MfaSession session, UserDocument doc, String providerId,
                      ProtectedOperation op, Instant now) {
        if (accountLocked(doc)) {
            return Gate.locked(LockScope.ACCOUNT);
        }
        boolean anyActive = false;
        for (ProviderRecord r : doc.providers().values()) {
            if (r.active()) {
                anyActive = true;
                if (op == ProtectedOperation.ADD_FACTOR && providerLocked(r, now)) {
                    return Gate.locked(LockScope.PROVIDER);
                }
            }
        }
        if (!anyActive && op != ProtectedOperation.UNLOCK) {
            return Gate.OPEN;
        }
        Proofs.Checked checked = proofs.check(session, user.id(), doc, stepUp.get(op));
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
    private record Gate(MfaEvent.StepUpRequired stepUp, LockScope locked, ProofPayload allowedBy) {

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

        List<MfaEvent> events() {
            return stepUp == null ? List.of() : List.of(stepUp);
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
        registered(providerId);
        return transact(user.id(), doc -> {
            Instant now = clock.instant();
            if (doc.provider(providerId).isEmpty()) {
                return Step.none(Change.unchanged(providerId));
            }
            Gate gate = gate(user, session, doc, providerId, ProtectedOperation.REMOVE_FACTOR, now);
            if (gate.refused()) {
                return Step.none(gate.change(providerId), gate.events());
            }
            Removal removal = removal(user, doc, List.of(providerId), false, now);
            return Step.write(removal.next, Change.done(providerId, Optional.empty(), removal.removed,
                    gate.successor(proofs, removal.next.factorEpoch())), removal.events);
        });
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
        ProviderRegistry.Entry entry = registered(providerId);
        return transact(user.id(), doc -> {
            Instant now = clock.instant();
            ProviderRecord rec = doc.provider(providerId).filter(ProviderRecord::active).orElse(null);
            if (rec == null) {
                return Step.none(Change.unchanged(providerId));
            }
            Gate gate = gate(user, session, doc, providerId, ProtectedOperation.UNLOCK, now);
            if (gate.refused()) {
                return Step.none(gate.change(providerId), gate.events());
            }
            UserDocument next = unlocked(user, entry, doc, rec, now);
            if (next == null) {
                return Step.none(Change.unchanged(providerId));
            }
            return Step.write(next, Change.done(providerId, Optional.empty(), List.of(), Optional.empty()),
                    new MfaEvent.Unlocked(now, user.id(), providerId, MfaEvent.Unlocked.By.USER));
        });
    }

    /**
     * Makes {@code providerId} the one the login page offers first, a {@link ProtectedOperation#SET_DEFAULT}.
     * It must be active and may be default.
     */
    public Change setDefaultProvider(MfaUser user, String providerId, MfaSession session) {
        requireUser(user);
        requireSession(session);
        ProviderRegistry.Entry entry = allowedEntry(user, providerId);
        if (!entry.descriptor().mayBeDefault()) {
            throw new InvalidRequestException("provider '" + providerId + "' cannot be a default provider");
        }
        return transact(user.id(), doc -> {
            if (doc.provider(providerId).filter(ProviderRecord::active).isEmpty()) {
                throw new InvalidRequestException("provider '" + providerId + "' is not active for this user");
            }
            Gate gate = gate(user, session, doc, providerId, ProtectedOperation.SET_DEFAULT, clock.instant());
            if (gate.refused()) {
                return Step.none(gate.change(providerId), gate.events());
            }
            return Step.write(doc.withDefaultProvider(Optional.of(providerId)),
                    Change.done(providerId, Optional.empty(), List.of(), Optional.empty()));
        });
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
        ProviderRegistry.Entry entry = allowedEntry(user, providerId);
        return transact(user.id(), doc -> {
            ProviderRecord rec = doc.provider(providerId).filter(ProviderRecord::active).orElseThrow(
                    () -> new InvalidRequestException("provider '" + providerId + "' is not active for this user"));
            Instant now = clock.instant();
            Gate gate = gate(user, session, doc, providerId, ProtectedOperation.UPDATE_FACTOR, now);
            if (gate.refused()) {
                return Step.none(gate.change(providerId), gate.events());
            }
            StagedProperties pm = new StagedProperties(user, providerId, rec, cipher, now);
            View view = callProvider(entry, "update", () -> entry.provider().update(input, pm));
            ProviderRecord updated = pm.result().orElseThrow(() -> new MfaProviderException("provider '"
                    + providerId + "' deleted its entry during update; nothing was changed"));
            UserDocument next = doc.withProvider(providerId, updated.withUpdated(now))
                    .withFactorEpoch(doc.factorEpoch() + 1);
            return Step.write(next, Change.done(providerId, Optional.of(view), List.of(),
                    gate.successor(proofs, next.factorEpoch())));
        });
    }

    /** Administration: reset, unlock, erase, overview. */
    public MfaAdmin admin() {
        return admin;
    }

    // ------------------------------------------------------------------ shared mechanics (also for MfaAdmin)

    /** An administrator's reset: no proof asked (the application decides who administers). */
    List<String> reset(String userId, List<String> providerIds) {
        MfaUser user = MfaUser.of(userId);
        return transact(userId, doc -> {
            Removal removal = removal(user, doc, providerIds, true, clock.instant());
            if (removal.removed.isEmpty()) {
                return Step.none(List.<String>of());
            }
            return Step.write(removal.next, removal.removed, removal.events);
        });
    }

    /** What removing some providers leaves, with the companions that cannot stay alone. */
    private record Removal(UserDocument next, List<String> removed, List<MfaEvent> events) {
    }

    private Removal removal(MfaUser user, UserDocument doc, List<String> providerIds, boolean byAdmin, Instant now) {
        List<String> removed = new ArrayList<>();
        List<MfaEvent> raised = new ArrayList<>();
        UserDocument next = doc;
        for (String id : providerIds) {
            ProviderRecord rec = next.provider(id).orElse(null);
            if (rec == null) {
                continue;
            }
            next = removeOne(user, next, id, rec, now);
            removed.add(id);
            raised.add(byAdmin ? new MfaEvent.Reset(now, user.id(), id)
                    : new MfaEvent.Deactivated(now, user.id(), id, MfaEvent.Deactivated.Cause.USER));
        }
        if (removed.isEmpty()) {
            return new Removal(doc, List.of(), List.of());
        }
        // Companions (recovery codes) cannot stay without another active provider.
        boolean baseLeft = next.providers().entrySet().stream().anyMatch(e -> e.getValue().active()
                && registry.find(e.getKey()).map(x -> !x.descriptor().requiresOtherActive()).orElse(true));
        if (!baseLeft) {
            for (Map.Entry<String, ProviderRecord> e : new LinkedHashMap<>(next.providers()).entrySet()) {
                boolean companion = registry.find(e.getKey()).map(x -> x.descriptor().requiresOtherActive())
                        .orElse(false);
                if (companion && !removed.contains(e.getKey())) {
                    next = removeOne(user, next, e.getKey(), e.getValue(), now);
                    removed.add(e.getKey());
                    raised.add(new MfaEvent.Deactivated(now, user.id(), e.getKey(),
                            MfaEvent.Deactivated.Cause.COMPANION_REMOVED));
                }
            }
        }
        next = next.withDefaultProvider(defaultAfterRemoval(next)).withFactorEpoch(doc.factorEpoch() + 1);
        if (byAdmin) {
            // The administrator vouched for the user: the account-wide count starts again, so a user whose
            // factors were all reset can enrol again.
            next = next.withAccountFailures(0);
        }
        return new Removal(next, List.copyOf(removed), List.copyOf(raised));
    }

    /** The default provider if still active, else the first active provider (in display order) that may be one. */
    private Optional<String> defaultAfterRemoval(UserDocument doc) {
        if (doc.defaultProvider().flatMap(doc::provider).filter(ProviderRecord::active).isPresent()) {
            return doc.defaultProvider();
        }
        return registry.entries().stream()
                .filter(e -> e.descriptor().mayBeDefault()
                        && doc.provider(e.id()).filter(ProviderRecord::active).isPresent())
                .map(ProviderRegistry.Entry::id).findFirst();
    }

    private UserDocument removeOne(MfaUser user, UserDocument doc, String id, ProviderRecord rec, Instant now) {
        registry.find(id).ifPresent(e -> callProvider(e, "deactivate", () -> {
            e.provider().deactivate(new StagedProperties(user, id, rec, cipher, now));
            return Boolean.TRUE;
        }));
        return doc.withProvider(id, null);
    }

    /** An administrator's unlock: false when neither the provider nor the account was locked. */
    boolean adminUnlock(String userId, String providerId) {
        MfaUser user = MfaUser.of(userId);
        ProviderRegistry.Entry entry = registered(providerId);
        return transact(userId, doc -> {
            Instant now = clock.instant();
            ProviderRecord rec = doc.provider(providerId).orElse(null);
            UserDocument next = rec == null ? null : unlocked(user, entry, doc, rec, now);
            if (next == null && !accountLocked(doc)) {
                return Step.none(Boolean.FALSE);
            }
            // The administrator vouched for the user: the account count starts again.
            next = (next == null ? doc : next).withAccountFailures(0);
            return Step.write(next, Boolean.TRUE,
                    new MfaEvent.Unlocked(now, user.id(), providerId, MfaEvent.Unlocked.By.ADMINISTRATOR));
        });
    }

    /** {@code doc} with the provider's count and lock cleared, or null when it was not locked. */
    private UserDocument unlocked(MfaUser user, ProviderRegistry.Entry entry, UserDocument doc, ProviderRecord rec,
                                  Instant now) {
        StagedProperties pm = new StagedProperties(user, entry.id(), rec, cipher, now);
        boolean locked = rec.failures() >= lockout.maxFailures() || entry.provider().isLocked(pm);
        if (!locked) {
            return null;
        }
        callProvider(entry, "unlock", () -> {
            entry.provider().unlock(pm);
            return Boolean.TRUE;
        });
        return doc.withProvider(entry.id(), pm.result().orElse(rec).withFailures(0, Optional.empty(), 0));
    }

    /** Erases the user's document (a tombstone in stores that remember documents). */
    boolean erase(String userId) {
        MfaUser.requireId(userId);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<VersionedDocument> current = read(userId, false);
            if (current.isEmpty()) {
                return false;
            }
            boolean deleted;
            try {
                deleted = store.delete(userId, current.get().version());
            } catch (MfaStoreException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MfaStoreException("the MFA store could not be written (" + e.getClass().getSimpleName()
                        + "); nothing was changed", e);
            }
            if (deleted) {
                events.publish(List.of(new MfaEvent.Erased(clock.instant(), userId)));
                return true;
            }
            backOff(attempt);
        }
        throw new MfaStoreException("the MFA state of a user changed " + MAX_ATTEMPTS
                + " times during one operation; nothing was changed, try again");
    }

    ProviderRegistry registry() {
        return registry;
    }

    /** The user's current document (a real read), or the empty one. */
    private UserDocument document(String userId) {
        return read(userId, false).map(VersionedDocument::document).orElse(UserDocument.empty());
    }

    /**
     * A real read, or with {@code remembered} only the document the store remembers (empty if none, no
     * I/O): that one may be stale, so only a run that ends in a successful compare-and-set may rest on it.
     */
    private Optional<VersionedDocument> read(String userId, boolean remembered) {
        try {
            return remembered ? store.remembered(userId) : store.load(userId);
        } catch (MfaStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MfaStoreException("the MFA store could not be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /**
     * One operation: read, compute the next document, compare-and-set; re-run on a conflicting write.
     *
     * <p>The first run may start from the document the store remembers instead of a read (one round trip on
     * a warm node). Its outcome counts only if its compare-and-set succeeds, which proves the document was
     * current, since versions never repeat. A run on a remembered document that ends without a write (an
     * answer such as {@code LOCKED} or {@code NOT_ACTIVE}, a change that changes nothing, or an exception)
     * is discarded with its events,
     * and the operation runs again on a real read: no decision that does not write rests on a remembered
     * document.
     */
    <T> T transact(String userId, Function<UserDocument, Step<T>> operation) {
        MfaUser.requireId(userId);
        Optional<VersionedDocument> loaded = read(userId, true);
        boolean fresh = loaded.isEmpty();
        if (fresh) {
            loaded = read(userId, false);
        }
        for (int attempt = 1; ; attempt++) {
            VersionedDocument current = loaded.orElse(null);
            UserDocument doc = current == null ? newDocument() : current.document();
            long version = current == null ? 0 : current.version();
            events.begin();
            Step<T> step = null;
            RuntimeException failure = null;
            List<MfaEvent> notices;
            try {
                step = operation.apply(doc);
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                notices = events.end();
            }
            boolean unchanged = failure == null && step.next != null && step.next.equals(doc);
            if (!fresh && (failure != null || step.next == null || unchanged)) {
                loaded = read(userId, false);
                fresh = true;
                continue;
            }
            if (failure != null) {
                throw failure;
            }
            if (step.next == null) {
                events.publish(step.events);
                return step.value;
            }
            boolean written;
            if (unchanged) {
                // Nothing to write: the document already is what the operation leads to (say, a verification
                // in the instant of the last one). What the operation reports happened all the same.
                written = true;
            } else {
                try {
                    written = store.compareAndSet(userId, version, step.next);
                } catch (MfaStoreException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new MfaStoreException("the MFA store could not be written (" + e.getClass().getSimpleName()
                            + "); nothing was changed", e);
                }
            }
            if (written) {
                List<MfaEvent> all = new ArrayList<>(step.events);
                all.addAll(notices);
                events.publish(all);
                if (step.afterCommit != null) {
                    step.afterCommit.run();
                }
                return step.value;
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new MfaStoreException("the MFA state of a user changed " + MAX_ATTEMPTS
                        + " times during one operation; nothing was changed, try again");
            }
            if (fresh) {
                backOff(attempt);
            }
            loaded = read(userId, false);
            fresh = true;
        }
    }

    /**
     * A real conflict: let the other writer finish. Exponential with full jitter, from 1 µs up to 1 ms, so
     * a user whose document another node keeps changing still gets a turn within {@link #MAX_ATTEMPTS}.
     */
    private static void backOff(int attempt) {
        long ceiling = 1_000L << Math.min(attempt - 1, 10);
        LockSupport.parkNanos(1 + ThreadLocalRandom.current().nextLong(ceiling));
    }

    /**
     * The document of a user who has none yet. Its factor epoch starts at a random value, so a proof issued
     * before a user's state was erased never matches the state of a new user with the same id.
     */
    private UserDocument newDocument() {
        return UserDocument.empty().withFactorEpoch(1 + (random.nextInt() & 0x3FFF_FFFF));
    }

    /**
     * Calls a provider: its typed exceptions pass, anything else unchecked (and a null answer) becomes an
     * {@link MfaProviderException} naming it; an operation it does not support is an invalid request.
     */
    private static <T> T callProvider(ProviderRegistry.Entry entry, String method, Supplier<T> call) {
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

    /** The flow of {@code flowId}: the current one, or a new one that voids the codes of any other flow. */
    private UserDocument inFlow(UserDocument doc, String flowId, Instant now) {
        if (doc.flow().filter(f -> f.flowId().equals(flowId)).isPresent()) {
            return doc;
        }
        return voidChallenges(doc).withFlow(Optional.of(new FlowState(flowId, 0, now)));
    }

    private static UserDocument voidChallenges(UserDocument doc) {
        UserDocument next = doc;
        for (Map.Entry<String, ProviderRecord> e : doc.providers().entrySet()) {
            if (!e.getValue().challenge().isEmpty()) {
                next = next.withProvider(e.getKey(), e.getValue().withChallenge(Map.of()));
            }
        }
        return next;
    }

    private boolean isLocked(UserDocument doc, ProviderRecord rec, Instant now) {
        return accountLocked(doc) || providerLocked(rec, now);
    }

    private boolean accountLocked(UserDocument doc) {
        return doc.accountFailures() >= lockout.accountCeiling();
    }

    private boolean providerLocked(ProviderRecord rec, Instant now) {
        if (rec.failures() < lockout.maxFailures()) {
            return false;
        }
        return rec.lockedUntil().map(now::isBefore).orElse(true);
    }

    /** Why a companion or sole-factor rule forbids activating {@code d} now, if it does. */
    private Optional<String> companionRule(UserDocument doc, ProviderDescriptor d) {
        List<ProviderDescriptor> others = new ArrayList<>();
        doc.providers().forEach((id, r) -> {
            if (r.active() && !id.equals(d.id())) {
                registry.find(id).ifPresent(e -> others.add(e.descriptor()));
            }
        });
        if (d.requiresOtherActive() && others.stream().allMatch(ProviderDescriptor::requiresOtherActive)) {
            return Optional.of("provider '" + d.id() + "' can only be set up while another provider is active");
        }
        if (d.soleFactor() && !others.isEmpty()) {
            return Optional.of("provider '" + d.id() + "' must be the user's only provider; deactivate "
                    + others.stream().map(ProviderDescriptor::id).toList() + " first");
        }
        Optional<ProviderDescriptor> sole = others.stream().filter(ProviderDescriptor::soleFactor).findFirst();
        if (sole.isPresent()) {
            return Optional.of("provider '" + sole.get().id() + "' must be the user's only provider; deactivate it"
                    + " before setting up '" + d.id() + "'");
        }
        return Optional.empty();
    }

    private ProviderRegistry.Entry allowedEntry(MfaUser user, String providerId) {
        ProviderRegistry.Entry entry = registered(providerId);
        if (!policy.isAllowed(user, providerId)) {
            throw new InvalidRequestException("provider '" + providerId + "' is not allowed for this user by the "
                    + "enforcement policy; see Mfa.explain(user)");
        }
        return entry;
    }

    /** The registered provider of that id; the caller's id is quoted safely when there is none. */
    ProviderRegistry.Entry registered(String providerId) {
        ProviderRegistry.Entry entry = providerId == null ? null : registry.find(providerId).orElse(null);
        if (entry == null) {
            throw new InvalidRequestException("no provider " + Identifiers.quote(providerId)
                    + " is registered (registered: " + registry.ids() + ")");
        }
        return entry;
    }

    private static void requireUser(MfaUser user) {
        if (user == null) {
            throw new InvalidRequestException("user is missing");
        }
    }

    private static void requireSession(MfaSession session) {
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

    private static Status statusOf(FailureReason reason) {
        return reason == FailureReason.EXPIRED ? Status.EXPIRED : Status.REJECTED;
    }

    @Override
    public String toString() {
        return "Mfa[providers=" + registry.ids() + ", lockout=" + lockout + "]";
    }

    /** What one run of an operation computed: the next document (null: no write), the value, the events. */
    static final class Step<T> {
        final UserDocument next;
        final T value;
        final List<MfaEvent> events;
        /** Runs once, after the write succeeded (a delivery): never for a run that lost its compare-and-set. */
        final Runnable afterCommit;

        private Step(UserDocument next, T value, List<MfaEvent> events, Runnable afterCommit) {
            this.next = next;
            this.value = value;
            this.events = events;
            this.afterCommit = afterCommit;
        }

        Step<T> afterCommit(Runnable action) {
            return new Step<>(next, value, events, action);
        }

        static <T> Step<T> none(T value) {
            return new Step<>(null, value, List.of(), null);
        }

        /** No write, but events that report the refusal itself (a step-up asked for). */
        static <T> Step<T> none(T value, List<MfaEvent> events) {
            return new Step<>(null, value, events, null);
        }

        static <T> Step<T> write(UserDocument next, T value, List<MfaEvent> events) {
            return new Step<>(next, value, events, null);
        }

        static <T> Step<T> write(UserDocument next, T value, MfaEvent... events) {
            return new Step<>(next, value, List.of(events), null);
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
        private Duration gracePeriod = Duration.ofMinutes(5);
        private final Map<String, Duration> protectedActions = new LinkedHashMap<>();
        private final Map<ProtectedOperation, Duration> stepUp = new EnumMap<>(ProtectedOperation.class);
        private final List<MfaProviderFactory> factories = new ArrayList<>();
        private boolean discover;
        private ClassLoader loader;
        private final Set<String> disabled = new LinkedHashSet<>();
        private final Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        private final List<MfaEventListener> listeners = new ArrayList<>();
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

        /** Receives every audit event. */
        public Builder listener(MfaEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
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
            EventDispatcher dispatcher = new EventDispatcher(listeners);
            ProviderRegistry registry = ProviderRegistry.build(factories, discover, loader, disabled,
                    settings.keySet(), new Contexts(Map.copyOf(settings), environment, clock, rnd, dispatcher));
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

    private record Context(Settings settings, Clock clock, SecureRandom random, ProviderEvents events)
            implements ProviderContext {
    }

    /*
     * The build path uses named classes rather than lambdas: the first use of each lambda spins a class,
     * which is measurable in an application's start-up.
     */

    /** Each provider's context: its settings, the clock, the random source and its notices. */
    private record Contexts(Map<String, Map<String, String>> settings, Function<String, String> environment,
                            Clock clock, SecureRandom random, EventDispatcher dispatcher)
            implements Function<String, ProviderContext> {
        @Override
        public ProviderContext apply(String id) {
            return new Context(Settings.of(id, settings.getOrDefault(id, Map.of()), environment), clock, random,
                    new Notices(id, clock, dispatcher));
        }
    }

    /** A provider's notices, raised as events of the current operation. */
    private record Notices(String providerId, Clock clock, EventDispatcher dispatcher) implements ProviderEvents {
        @Override
        public void notice(String userId, String kind, Map<String, String> attributes) {
            dispatcher.raise(new MfaEvent.Notice(clock.instant(), userId, providerId, kind, attributes));
        }
    }
}
