package org.mfa4j;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    private final MfaStore store;
    private final Clock clock;
    private final SecretCipher cipher;
    private final ProofSigner signer;
    private final ProviderRegistry registry;
    private final EnforcementPolicy policy;
    private final LockoutPolicy lockout;
    private final Duration gracePeriod;
    private final Map<String, Duration> protectedActions;
    private final EventDispatcher events;
    private final MfaAdmin admin;

    private Mfa(Builder b, SecretCipher cipher, EventDispatcher events, ProviderRegistry registry) {
        this.store = b.store;
        this.clock = b.clock;
        this.cipher = cipher;
        this.signer = new ProofSigner(b.keys);
        this.registry = registry;
        this.policy = b.policy;
        this.lockout = b.lockout;
        this.gracePeriod = b.gracePeriod;
        this.protectedActions = Map.copyOf(b.protectedActions);
        this.events = events;
        this.admin = new MfaAdmin(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ questions

    /** The registered providers, in display order. */
    public List<ProviderDescriptor> providers() {
        return registry.descriptors();
    }

    /** What the policy decides for {@code user}, with the rules that produced it. */
    public PolicyDecision explain(MfaUser user) {
        Objects.requireNonNull(user, "user");
        return policy.decide(user, registry.descriptors());
    }

    /** The next step for a user who just passed the first factor and has no proof yet. */
    public MfaState state(MfaUser user) {
        return state(user, load(user.id()).map(VersionedDocument::document).orElse(UserDocument.empty()), false);
    }

    /**
     * The next step for a user in a session that may hold a proof: {@link MfaState.Step#SATISFIED} when the
     * proof is valid for this session and the user's factors (whatever its age: the session's lifetime is
     * the application's).
     */
    public MfaState state(MfaUser user, String sessionId, String proofToken) {
        Objects.requireNonNull(user, "user");
        requireSession(sessionId);
        Objects.requireNonNull(proofToken, "proofToken");
        UserDocument doc = load(user.id()).map(VersionedDocument::document).orElse(UserDocument.empty());
        boolean proven;
        try {
            Proof.Signed signed = Proof.signed(proofToken);
            proven = signedHere(signed) && check(signed.payload(), user.id(), sessionId, null, doc) == ProofStatus.VALID;
        } catch (IllegalArgumentException e) {
            proven = false;
        }
        return state(user, doc, proven);
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
        Optional<String> dflt = doc.defaultProvider().filter(usable::contains)
                .or(() -> usable.stream().filter(id -> registry.find(id).orElseThrow().descriptor().mayBeDefault())
                        .findFirst())
                .or(() -> usable.stream().findFirst());
        List<String> alternatives = new ArrayList<>(usable);
        dflt.ifPresent(alternatives::remove);
        MfaState.Step step;
        if (usable.isEmpty()) {
            step = decision.required() ? MfaState.Step.SETUP_REQUIRED : MfaState.Step.NOT_REQUIRED;
        } else if (!proven) {
            step = MfaState.Step.VERIFICATION_REQUIRED;
        } else {
            step = missingForced.isEmpty() ? MfaState.Step.SATISFIED : MfaState.Step.SETUP_REQUIRED;
        }
        return new MfaState(step, decision.allowed(), decision.recommended(), missingForced,
                step == MfaState.Step.VERIFICATION_REQUIRED ? dflt : Optional.empty(), alternatives, locked);
    }

    /** Every registered provider's state for {@code user}. */
    public UserOverview overview(MfaUser user) {
        Objects.requireNonNull(user, "user");
        UserDocument doc = load(user.id()).map(VersionedDocument::document).orElse(UserDocument.empty());
        Instant now = clock.instant();
        List<ProviderOverview> list = new ArrayList<>();
        for (ProviderRegistry.Entry e : registry.entries()) {
            ProviderRecord r = doc.provider(e.id()).orElse(null);
            StagedProperties pm = new StagedProperties(user, e.id(), r, cipher, now);
            Map<String, String> details = r != null && r.active() ? e.provider().overview(pm) : Map.of();
            boolean locked = r != null && r.active() && (isLocked(doc, r, now) || e.provider().isLocked(pm));
            list.add(new ProviderOverview(e.id(), e.descriptor().title(), r != null && r.active(), locked,
                    r == null ? 0 : r.failures(), r == null ? Optional.empty() : r.lockedUntil().filter(now::isBefore),
                    r != null && r.active() && doc.defaultProvider().filter(e.id()::equals).isPresent(),
                    r == null ? Optional.empty() : Optional.of(r.created()),
                    r == null ? Optional.empty() : Optional.of(r.updated()),
                    r == null ? Optional.empty() : r.lastUsed(), details));
        }
        return new UserOverview(user.id(), list, doc.defaultProvider(), doc.accountFailures(),
                doc.accountFailures() >= lockout.accountCeiling());
    }

    // ------------------------------------------------------------------ setup and activation

    /**
     * Prepares {@code providerId} for the user and returns what the setup page shows (an otpauth URI and QR
     * code, creation options, ...). Calling it again replaces the pending material.
     *
     * @throws InvalidRequestException when the provider is not allowed for the user, already active, or its
     *                                 companion rules forbid it now
     */
    public View setup(MfaUser user, String providerId) {
        Objects.requireNonNull(user, "user");
        ProviderRegistry.Entry entry = allowedEntry(user, providerId);
        return transact(user.id(), doc -> {
            ProviderRecord rec = doc.provider(providerId).orElse(null);
            if (rec != null && rec.active()) {
                throw new InvalidRequestException("provider '" + providerId + "' is already active for this user; "
                        + "deactivate it before setting it up again");
            }
            companionRule(doc, entry.descriptor()).ifPresent(msg -> {
                throw new InvalidRequestException(msg);
            });
            Instant now = clock.instant();
            StagedProperties pm = new StagedProperties(user, providerId, rec, cipher, now);
            pm.createEntry();
            View view = callProvider(entry, () -> entry.provider().setup(pm));
            ProviderRecord next = pm.result().orElseThrow(() -> new IllegalStateException("provider '" + providerId
                    + "' deleted its entry during setup"));
            return Step.write(doc.withProvider(providerId, next.withActive(false).withFailures(0, Optional.empty(), 0)),
                    view);
        });
    }

    /**
     * Activates the provider set up with {@link #setup}, given proof of possession (a code for the new
     * secret, the WebAuthn attestation). On success the user's factors changed: earlier proofs are void and
     * the result carries a fresh one for {@code sessionId}. Failed activations do not lock the user's
     * other providers; after {@link LockoutPolicy#maxFailures()} of them the pending setup is discarded.
     */
    public Result activate(MfaUser user, String providerId, MfaInput input, String sessionId) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(input, "input");
        requireSession(sessionId);
        ProviderRegistry.Entry entry = registry.find(providerId).orElseThrow(() -> unknown(providerId));
        if (!policy.isAllowed(user, providerId)) {
            return Result.refused(Status.NOT_ALLOWED, providerId, Optional.empty(), 0, Map.of());
        }
        String flowId = signer.flowDigest(sessionId);
        return transact(user.id(), doc -> {
            Instant now = clock.instant();
            ProviderRecord rec = doc.provider(providerId).orElseThrow(() -> new InvalidRequestException(
                    "provider '" + providerId + "' has no pending setup for this user; call setup first"));
            if (rec.active()) {
                throw new InvalidRequestException("provider '" + providerId + "' is already active for this user");
            }
            if (companionRule(doc, entry.descriptor()).isPresent()) {
                return Step.none(Result.refused(Status.NOT_ALLOWED, providerId, Optional.empty(), 0, Map.of()));
            }
            StagedProperties pm = new StagedProperties(user, providerId, rec, cipher, now);
            Outcome out = entry.provider().canProcess(input)
                    ? callProvider(entry, () -> entry.provider().activate(input, pm))
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
                Proof proof = issueProof(user.id(), flowId, next.factorEpoch(), now, List.of(providerId));
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
     * redirect) in the login flow of {@code sessionId}. The delivery runs once, after the pending state is
     * stored. A new challenge or a resend never resets the flow's failure count.
     */
    public ChallengeResult challenge(MfaUser user, String providerId, String sessionId) {
        Objects.requireNonNull(user, "user");
        requireSession(sessionId);
        ProviderRegistry.Entry entry = registry.find(providerId).orElseThrow(() -> unknown(providerId));
        if (!policy.isAllowed(user, providerId)) {
            return new ChallengeResult(Status.NOT_ALLOWED, providerId, false, View.empty(), Optional.empty());
        }
        String flowId = signer.flowDigest(sessionId);
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
            Optional<Challenge> c = callProvider(entry, () -> entry.provider().challenge(pm));
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
     * Checks one answer in the login flow of {@code sessionId}. While the provider or the account is locked
     * the answer is not evaluated. A wrong answer counts toward the provider's lockout, the account-wide
     * ceiling and the flow's budget; past the budget the flow resets and every code issued in it is void.
     *
     * @throws MfaStoreException    when the store failed: nothing was accepted or written
     * @throws MfaProviderException when the provider's remote side failed: nothing was accepted or written
     */
    public Result verify(MfaUser user, String providerId, MfaInput input, String sessionId) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(input, "input");
        requireSession(sessionId);
        ProviderRegistry.Entry entry = registry.find(providerId).orElseThrow(() -> unknown(providerId));
        if (!policy.isAllowed(user, providerId)) {
            return Result.refused(Status.NOT_ALLOWED, providerId, Optional.empty(), 0, Map.of());
        }
        String flowId = signer.flowDigest(sessionId);
        return transact(user.id(), doc -> {
            Instant now = clock.instant();
            ProviderRecord rec = doc.provider(providerId).filter(ProviderRecord::active).orElse(null);
            if (rec == null) {
                return Step.none(Result.refused(Status.NOT_ACTIVE, providerId, Optional.empty(), 0, Map.of()));
            }
            if (doc.accountFailures() >= lockout.accountCeiling()) {
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
                    ? callProvider(entry, () -> entry.provider().verify(input, pm))
                    : Outcome.reject(FailureReason.MALFORMED_INPUT);
            ProviderRecord staged = pm.result().orElseThrow(() -> new IllegalStateException("provider '"
                    + providerId + "' deleted its entry during verification"));
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
        Proof proof = issueProof(user.id(), flowId, next.factorEpoch(), now, List.of(providerId));
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
     * Checks a proof for a protected action: valid only if this application signed it, for this user's
     * current factors, in this session, at most {@code maxAge} ago.
     */
    public ProofStatus checkProof(String proofToken, String sessionId, Duration maxAge) {
        requireSession(sessionId);
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge cannot be negative");
        }
        if (proofToken == null) {
            return ProofStatus.INVALID;
        }
        Proof.Signed signed;
        try {
            signed = Proof.signed(proofToken);
        } catch (IllegalArgumentException e) {
            return ProofStatus.INVALID;
        }
        // Only a token this application signed names a user worth a store read.
        if (!signedHere(signed)) {
            return ProofStatus.INVALID;
        }
        String userId = signed.payload().userId();
        UserDocument doc = load(userId).map(VersionedDocument::document).orElse(UserDocument.empty());
        return check(signed.payload(), userId, sessionId, maxAge, doc);
    }

    /**
     * Checks a proof for a named protected action, with the grace period configured for it
     * ({@link Builder#protectedAction}), or the default grace period for actions not configured.
     */
    public ProofStatus checkProof(String proofToken, String sessionId, String action) {
        Objects.requireNonNull(action, "action");
        return checkProof(proofToken, sessionId, protectedActions.getOrDefault(action, gracePeriod));
    }

    /** Whether the proof is valid and at most {@code maxAge} old (see {@link #checkProof}). */
    public boolean isRecent(String proofToken, String sessionId, Duration maxAge) {
        return checkProof(proofToken, sessionId, maxAge) == ProofStatus.VALID;
    }

    /** The default grace period for protected actions. */
    public Duration gracePeriod() {
        return gracePeriod;
    }

    private boolean signedHere(Proof.Signed signed) {
        return signer.verify(signed.payload().keyId(), signed.body(), signed.payloadLength());
    }

    /** The status of a proof whose signature was checked. */
    private ProofStatus check(ProofPayload payload, String expectedUser, String sessionId, Duration maxAge,
                              UserDocument doc) {
        if (!payload.userId().equals(expectedUser)) {
            return ProofStatus.INVALID;
        }
        if (!payload.flowDigest().equals(signer.flowDigest(sessionId))) {
            return ProofStatus.WRONG_SESSION;
        }
        if (payload.factorEpoch() != doc.factorEpoch()) {
            return ProofStatus.FACTORS_CHANGED;
        }
        if (maxAge != null) {
            Instant now = clock.instant();
            if (payload.issuedAt().isAfter(now) || payload.issuedAt().plus(maxAge).isBefore(now)) {
                return ProofStatus.EXPIRED;
            }
        }
        return ProofStatus.VALID;
    }

    private Proof issueProof(String userId, String flowId, long epoch, Instant now, List<String> providers) {
        Instant issued = Instant.ofEpochMilli(now.toEpochMilli());
        ProofPayload.Writer body = new ProofPayload(signer.currentKeyId(), userId, flowId, epoch, issued, providers)
                .encode(Proof.MAC_LENGTH);
        signer.sign(body.array(), body.length());
        return new Proof(Proof.token(body.array()), userId, providers, issued);
    }

    // ------------------------------------------------------------------ user self-service

    /**
     * Deactivates a provider at the user's request (a protected action: check a recent proof first).
     * Providers that can only be active beside another one are deactivated too when the last other one
     * goes. Returns the ids removed, empty if the provider was not set up.
     */
    public List<String> deactivate(MfaUser user, String providerId) {
        Objects.requireNonNull(user, "user");
        registry.find(providerId).orElseThrow(() -> unknown(providerId));
        return remove(user, List.of(providerId), false);
    }

    /**
     * Unlocks a provider for a user who proved themselves with another provider in this session within
     * the grace period. Returns false (and changes nothing) when the proof is not valid or names only the
     * locked provider.
     */
    public boolean unlock(MfaUser user, String providerId, String sessionId, String proofToken) {
        Objects.requireNonNull(user, "user");
        registry.find(providerId).orElseThrow(() -> unknown(providerId));
        if (checkProof(proofToken, sessionId, gracePeriod) != ProofStatus.VALID) {
            return false;
        }
        Proof p = Proof.parse(proofToken);
        if (!p.userId().equals(user.id()) || p.providers().stream().allMatch(providerId::equals)) {
            return false;
        }
        return unlockProvider(user, providerId, MfaEvent.Unlocked.By.USER);
    }

    /** Makes {@code providerId} the one the login page offers first. It must be active and may be default. */
    public void setDefaultProvider(MfaUser user, String providerId) {
        Objects.requireNonNull(user, "user");
        ProviderRegistry.Entry entry = allowedEntry(user, providerId);
        if (!entry.descriptor().mayBeDefault()) {
            throw new InvalidRequestException("provider '" + providerId + "' cannot be a default provider");
        }
        transact(user.id(), doc -> {
            if (doc.provider(providerId).filter(ProviderRecord::active).isEmpty()) {
                throw new InvalidRequestException("provider '" + providerId + "' is not active for this user");
            }
            return Step.write(doc.withDefaultProvider(Optional.of(providerId)), Boolean.TRUE);
        });
    }

    /**
     * Changes an active provider's settings (regenerate recovery codes, rename a key) and returns the view
     * to show. A protected action: check a recent proof first.
     */
    public View update(MfaUser user, String providerId, MfaInput input) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(input, "input");
        ProviderRegistry.Entry entry = allowedEntry(user, providerId);
        return transact(user.id(), doc -> {
            ProviderRecord rec = doc.provider(providerId).filter(ProviderRecord::active).orElseThrow(
                    () -> new InvalidRequestException("provider '" + providerId + "' is not active for this user"));
            StagedProperties pm = new StagedProperties(user, providerId, rec, cipher, clock.instant());
            View view = callProvider(entry, () -> entry.provider().update(input, pm));
            ProviderRecord next = pm.result().orElseThrow(() -> new IllegalStateException("provider '"
                    + providerId + "' deleted its entry during update"));
            return Step.write(doc.withProvider(providerId, next).withFactorEpoch(doc.factorEpoch() + 1), view);
        });
    }

    /** Administration: reset, unlock, overview. */
    public MfaAdmin admin() {
        return admin;
    }

    // ------------------------------------------------------------------ shared mechanics (also for MfaAdmin)

    List<String> remove(MfaUser user, List<String> providerIds, boolean byAdmin) {
        return transact(user.id(), doc -> {
            Instant now = clock.instant();
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
                return Step.none(List.<String>of());
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
            next = next.withDefaultProvider(defaultAfterRemoval(next));
            return Step.write(next.withFactorEpoch(doc.factorEpoch() + 1), List.copyOf(removed),
                    raised.toArray(MfaEvent[]::new));
        });
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
        registry.find(id).ifPresent(e -> callProvider(e, () -> {
            e.provider().deactivate(new StagedProperties(user, id, rec, cipher, now));
            return null;
        }));
        return doc.withProvider(id, null);
    }

    boolean unlockProvider(MfaUser user, String providerId, MfaEvent.Unlocked.By by) {
        ProviderRegistry.Entry entry = registry.find(providerId).orElseThrow(() -> unknown(providerId));
        return transact(user.id(), doc -> {
            ProviderRecord rec = doc.provider(providerId).orElse(null);
            boolean accountLocked = doc.accountFailures() >= lockout.accountCeiling();
            if (rec == null && !accountLocked) {
                return Step.none(Boolean.FALSE);
            }
            Instant now = clock.instant();
            UserDocument next = doc;
            if (rec != null) {
                StagedProperties pm = new StagedProperties(user, providerId, rec, cipher, now);
                callProvider(entry, () -> {
                    entry.provider().unlock(pm);
                    return null;
                });
                next = next.withProvider(providerId, pm.result().orElse(rec).withFailures(0, Optional.empty(), 0));
            }
            // The user proved themselves (or an administrator vouched): the account count starts again.
            next = next.withAccountFailures(0);
            return Step.write(next, Boolean.TRUE, new MfaEvent.Unlocked(now, user.id(), providerId, by));
        });
    }

    ProviderRegistry registry() {
        return registry;
    }

    Optional<VersionedDocument> load(String userId) {
        MfaUser.requireId(userId);
        return read(userId, false);
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
     * answer such as {@code LOCKED} or {@code NOT_ACTIVE}, or an exception) is discarded with its events,
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
            UserDocument doc = current == null ? UserDocument.empty() : current.document();
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
            if (!fresh && (failure != null || step.next == null)) {
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
            try {
                written = store.compareAndSet(userId, version, step.next);
            } catch (MfaStoreException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new MfaStoreException("the MFA store could not be written (" + e.getClass().getSimpleName()
                        + "); nothing was changed", e);
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
                // A real conflict: let the other writer finish.
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000L * Math.min(attempt, 50)));
            }
            loaded = read(userId, false);
            fresh = true;
        }
    }

    private <T> T callProvider(ProviderRegistry.Entry entry, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (MfaException | UnsupportedOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MfaProviderException("provider '" + entry.id() + "' failed ("
                    + e.getClass().getSimpleName() + "); nothing was changed", e);
        }
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
        return doc.accountFailures() >= lockout.accountCeiling() || providerLocked(rec, now);
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
        ProviderRegistry.Entry entry = registry.find(providerId).orElseThrow(() -> unknown(providerId));
        if (!policy.isAllowed(user, providerId)) {
            throw new InvalidRequestException("provider '" + providerId + "' is not allowed for this user by the "
                    + "enforcement policy; see Mfa.explain(user)");
        }
        return entry;
    }

    InvalidRequestException unknown(String providerId) {
        return new InvalidRequestException("no provider '" + providerId + "' is registered (registered: "
                + registry.ids() + ")");
    }

    private static void requireSession(String sessionId) {
        if (sessionId == null || sessionId.isBlank() || sessionId.length() > 1024) {
            throw new IllegalArgumentException("session id must be a non-blank string of at most 1024 characters");
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
            return new Mfa(this, cipher, dispatcher, registry);
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
