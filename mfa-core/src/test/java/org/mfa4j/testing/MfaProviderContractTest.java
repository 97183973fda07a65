package org.mfa4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfa4j.Change;
import org.mfa4j.ChangeStatus;
import org.mfa4j.LockScope;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.ProviderOverview;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;

/**
 * What every provider must do, run through the public {@link Mfa} API against the real provider. Extend
 * it in the provider's module and answer the hooks; each test gets a fresh {@code Mfa}, store, clock and
 * user.
 *
 * <ul>
 *   <li>activation needs proof of possession;</li>
 *   <li>a valid answer is accepted, a wrong one refused and counted;</li>
 *   <li>the same valid answer is not accepted twice, unless {@link #answersAreReusable()} says so;</li>
 *   <li>locked is not inactive, and a locked provider does not evaluate answers;</li>
 *   <li>deactivation (with the session's proof, as every change of factors needs) wipes the entry;</li>
 *   <li>failures count exactly under concurrency;</li>
 *   <li>no value of the setup view, nor any element of one (one recovery code of the list), and no answer
 *       is kept in the stored properties in clear or trivially encoded (Base64, Base32, hex, other case):
 *       secrets go through {@code putSecret}, which seals them, or are hashed;</li>
 *   <li>no value or element of a setup view appears in a result, change, event or {@code toString};</li>
 *   <li>when the core re-runs setup, activation, challenge or verification because another writer got
 *       there first, the provider's side effects ({@link #sideEffects()}) happen once, as for a run without
 *       a conflict.</li>
 * </ul>
 *
 * <p>The secrecy checks look for each view value and each element of one (its lines and words, a URI's
 * query values) of at least 6 characters, and the Base64, Base32 and hex of its bytes ({@code ViewSecrets}
 * says exactly what); values under {@link #publicViewKeys()}, and elements that are the user's id or
 * account label, are left out.
 *
 * <h2>Using it</h2>
 * It comes in {@code mfa-core}'s test-jar. Besides {@code mfa-core} itself, a provider module's
 * {@code pom.xml} needs, all in scope {@code test}:
 * <pre>{@code
 * <dependency>
 *   <groupId>org.mfa4j</groupId>
 *   <artifactId>mfa-core</artifactId>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * <dependency>
 *   <groupId>org.junit.jupiter</groupId>
 *   <artifactId>junit-jupiter</artifactId>
 *   <scope>test</scope>
 * </dependency>
 * <dependency>
 *   <groupId>org.assertj</groupId>
 *   <artifactId>assertj-core</artifactId>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 * (JUnit 5.14 and AssertJ 3.27 are what mfa4j builds with; a test-jar brings none of its own test
 * dependencies.) The kit and every class of {@code org.mfa4j.testing} need nothing else: no JDBC driver,
 * no pool and no logging backend. The test-jar's optional helpers do: {@code org.mfa4j.testing.jdbc}
 * ({@code MfaNodes}, {@code TestDatabases}, {@code ProbedDataSource}: several nodes on one database)
 * needs HikariCP and the H2 or PostgreSQL driver, {@code org.mfa4j.testing.logging.LogCapture} needs
 * logback-classic; add those only when you use them.
 */
public abstract class MfaProviderContractTest {

    /** The clock of the {@code Mfa} under test, at 2026-01-01T00:00:00Z when each test starts. */
    protected final MutableClock clock = MutableClock.startingAt2026();
    /** Every event the {@code Mfa} under test published. */
    protected final RecordingListener events = new RecordingListener();
    /**
     * The store of the {@code Mfa} under test: {@link #createStore()}'s, seen through a
     * {@link ConflictingStore} that loses a write when a test asks it to.
     */
    protected MfaStore store;
    protected Mfa mfa;
    protected MfaUser user;
    private ConflictingStore conflicts;
    private DispatchCountingFactory registered;

    /** The factory under test. */
    protected abstract MfaProviderFactory factory();

    /** The answer that activates the pending setup shown in {@code setupView}. */
    protected abstract MfaInput activationInput(View setupView);

    /**
     * A correct answer now (the clock was just advanced by {@link #betweenAnswers()}), given the setup view
     * and the challenge just asked for (its {@code issued} flag is false for providers without one, and when
     * the provider is locked or inactive: then return any well-formed answer).
     */
    protected abstract MfaInput validInput(View setupView, Prompt challenge);

    /** A well-formed wrong answer. */
    protected abstract MfaInput wrongInput();

    /** The provider's settings. The default is none. */
    protected Map<String, String> settings() {
        return Map.of();
    }

    /** The user the tests enrol. The default has an id, an e-mail address and a phone number. */
    protected MfaUser createUser() {
        return MfaUser.builder("contract-user").email("contract.user@example.test").phoneNumber("+15005550006")
                .build();
    }

    /** The store. The default is a fresh {@link InMemoryMfaStore}. */
    protected MfaStore createStore() {
        return new InMemoryMfaStore();
    }

    /** How far the clock moves before each valid answer (time-step providers refuse replays). */
    protected Duration betweenAnswers() {
        return Duration.ofMinutes(1);
    }

    /**
     * Whether an answer may be accepted more than once by design (a fixed code printed on a card). The
     * default is false: a valid answer is single-use, so the same input given again, at the same instant and
     * in another session, is refused.
     */
    protected boolean answersAreReusable() {
        return false;
    }

    /**
     * Keys of the setup view whose values are not secret (an algorithm name, a masked phone number, a
     * label the user chose): the checks for secrets in the store and in results leave them out. The default
     * is none: every value counts as secret.
     */
    protected Set<String> publicViewKeys() {
        return Set.of();
    }

    /**
     * A count of what the provider does outside its properties: messages sent, calls to a remote service,
     * entries in an external log. The core may run a provider method more than once for one call, so the
     * kit injects a conflict and checks that this count moves as much as without one. The default counts
     * the deliveries the core ran (a setup's {@link org.mfa4j.spi.Setup#delivery()} and a challenge's
     * {@link org.mfa4j.spi.Challenge#dispatch()}); a provider with other side effects returns its own count
     * (plus {@link #dispatches()} if it also delivers through the core).
     */
    protected long sideEffects() {
        return dispatches();
    }

    /** How many challenge deliveries the core ran for the provider under test so far. */
    protected final long dispatches() {
        return registered.dispatches();
    }

    /** Further builder settings. */
    protected void configure(Mfa.Builder builder) {
    }

    /** Called after each test, for peers the subclass started. */
    protected void tearDownPeers() {
    }

    @BeforeEach
    void buildMfa() {
        conflicts = new ConflictingStore(createStore());
        store = conflicts;
        user = createUser();
        registered = new DispatchCountingFactory(factory());
        Mfa.Builder b = Mfa.builder().store(store).keys(SecretKeys.ephemeral(new SecureRandom())).clock(clock)
                .lockout(LockoutPolicy.builder().maxFailures(3).build()).listener(events)
                .provider(registered).provider(new ContractBaseProvider());
        if (!settings().isEmpty()) {
            b.configure(factory().id(), settings());
        }
        configure(b);
        mfa = b.build();
    }

    @AfterEach
    void tearDown() {
        tearDownPeers();
    }

    protected final String id() {
        return factory().id();
    }

    protected final ProviderDescriptor descriptor() {
        return factory().descriptor();
    }

    /**
     * The session the test enrols in, holding the latest proof the kit got there: the first activation's
     * (a first enrolment needs none), then each change's successor. Adding or removing a factor needs it.
     */
    private MfaSession enrolment;

    /** Starts enrolling in a new session {@code sessionId} (no proof yet). */
    protected final void enrolIn(String sessionId) {
        enrolment = MfaSession.of(sessionId);
    }

    /** The enrolment session as it is now, with the latest proof; see {@link #enrolIn}. */
    protected final MfaSession enrolment() {
        if (enrolment == null) {
            throw new IllegalStateException("call enrolIn(sessionId) or activate(sessionId) first");
        }
        return enrolment;
    }

    /** Sets {@code providerId} up in the enrolment session; the change must be made. Returns its view. */
    protected final View setUp(String providerId) {
        Change c = mfa.setup(user, providerId, enrolment());
        assertThat(c.status()).as("setup of %s: %s", providerId, c).isEqualTo(ChangeStatus.DONE);
        return c.view().orElseThrow();
    }

    /** Activates {@code providerId} in the enrolment session; an accepted activation's proof is kept there. */
    protected final Result activate(String providerId, MfaInput input) {
        Result r = mfa.activate(user, providerId, input, enrolment());
        r.proof().ifPresent(p -> enrolment = enrolment.withProof(p));
        return r;
    }

    /** Deactivates {@code providerId} with the enrolment session's proof, and keeps the successor. */
    protected final Change deactivate(String providerId) {
        Change c = mfa.deactivate(user, providerId, enrolment());
        c.proof().ifPresent(p -> enrolment = enrolment.withProof(p));
        return c;
    }

    /** Activates the base provider first when the provider under test can only be active beside another. */
    private void activateBaseIfNeeded() {
        if (descriptor().requiresOtherActive()) {
            setUp(ContractBaseProvider.ID);
            assertThat(activate(ContractBaseProvider.ID, MfaInput.code(ContractBaseProvider.ANSWER)).status())
                    .as("activation of the base provider").isEqualTo(Status.ACCEPTED);
        }
    }

    /**
     * Enrols in session {@code session}: activates the provider under test (and the base provider first if it
     * needs a companion), keeping the proof in the enrolment session. Returns the setup view.
     */
    protected final View activate(String session) {
        enrolIn(session);
        activateBaseIfNeeded();
        View view = setUp(id());
        Result r = activate(id(), activationInput(view));
        assertThat(r.status()).as("activation with the right answer").isEqualTo(Status.ACCEPTED);
        return view;
    }

    /** Asks the provider under test for a challenge in the login flow of {@code session}. */
    protected final Prompt challenge(String session) {
        return mfa.prompt(user, id(), MfaSession.of(session));
    }

    /** One answer to the provider under test in the login flow of {@code session} (no proof: a sign-in). */
    protected final Result verify(MfaInput input, String session) {
        return mfa.verify(user, id(), input, MfaSession.of(session));
    }

    /** A valid answer after {@link #betweenAnswers()}, to the challenge just asked for in {@code session}. */
    protected final Result verifyValid(View setupView, String session) {
        clock.advance(betweenAnswers());
        Prompt c = challenge(session);
        return verify(validInput(setupView, c), session);
    }

    protected final ProviderOverview overview() {
        return mfa.overview(user).provider(id()).orElseThrow();
    }

    @Test
    void descriptorIsRegisteredUnderItsId() {
        assertThat(factory().id()).isEqualTo(descriptor().id());
        assertThat(mfa.providers()).extracting(ProviderDescriptor::id).contains(id());
        assertThat(ProviderDescriptor.requireId(id())).isEqualTo(id());
    }

    @Test
    void activationNeedsProofOfPossession() {
        enrolIn("s1");
        activateBaseIfNeeded();
        View view = setUp(id());
        assertThat(overview().active()).isFalse();

        Result wrong = activate(id(), wrongInput());
        assertThat(wrong.status()).isNotEqualTo(Status.ACCEPTED);
        assertThat(wrong.proof()).isEmpty();
        assertThat(overview().active()).as("a wrong answer does not activate").isFalse();

        Result right = activate(id(), activationInput(view));
        assertThat(right.status()).isEqualTo(Status.ACCEPTED);
        assertThat(overview().active()).isTrue();
        assertThat(events.events(MfaEvent.Activated.class)).extracting(MfaEvent.Activated::providerId).contains(id());
    }

    @Test
    void validAnswerIsAcceptedAndWrongOneCounted() {
        View view = activate("s1");
        Result wrong = verify(wrongInput(), "s2");
        assertThat(wrong.status()).isIn(Status.REJECTED, Status.EXPIRED);
        assertThat(wrong.remainingAttempts()).isEqualTo(2);
        assertThat(overview().failures()).isEqualTo(1);

        Result ok = verifyValid(view, "s2");
        assertThat(ok.status()).isEqualTo(Status.ACCEPTED);
        assertThat(ok.proof()).isPresent();
        assertThat(overview().failures()).as("a success resets the count").isZero();
        assertThat(overview().lastUsed()).isPresent();
    }

    @Test
    void lockedIsNotInactive() {
        View view = activate("s1");
        for (int i = 0; i < 3; i++) {
            verify(wrongInput(), "s-" + i);
        }
        ProviderOverview o = overview();
        assertThat(o.active()).as("locked is still active").isTrue();
        assertThat(o.locked()).isTrue();
        MfaState state = mfa.state(user, MfaSession.of("s"));
        assertThat(state.locked()).contains(id());
        assertThat(state.status()).isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);

        Result whileLocked = verifyValid(view, "s-locked");
        assertThat(whileLocked.status()).as("a right answer is not even evaluated").isEqualTo(Status.LOCKED);
        assertThat(whileLocked.lockScope()).contains(LockScope.PROVIDER);

        assertThat(mfa.admin().unlock(user.id(), id())).isTrue();
        assertThat(overview().locked()).isFalse();
        assertThat(verifyValid(view, "s-unlocked").status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void deactivateWipesTheEntry() {
        View view = activate("s1");
        Change removed = deactivate(id());
        assertThat(removed.status()).isEqualTo(ChangeStatus.DONE);
        assertThat(removed.removed()).contains(id());
        assertThat(storedEntry()).isEmpty();
        assertThat(overview().active()).isFalse();
        clock.advance(betweenAnswers());
        assertThat(verify(validInput(view, challenge("s2")), "s2").status())
                .isEqualTo(Status.NOT_ACTIVE);
        assertThat(events.events(MfaEvent.Deactivated.class)).extracting(MfaEvent.Deactivated::providerId)
                .contains(id());
    }

    @Test
    void failuresCountExactlyUnderConcurrency() throws Exception {
        View view = activate("s1");
        assertThat(challenge("race").status()).isEqualTo(Status.ACCEPTED);
        int threads = 16;
        int perThread = 50;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Status>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                List<Status> seen = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    seen.add(verify(wrongInput(), "race").status());
                }
                return seen;
            }));
        }
        List<Status> all = new ArrayList<>();
        for (Future<List<Status>> f : futures) {
            all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(all).hasSize(threads * perThread);
        long failedEvents = events.events(MfaEvent.Failed.class).stream()
                .filter(e -> e.providerId().equals(id())).count();
        assertThat(failedEvents).as("failures counted").isEqualTo(3);
        assertThat(all.stream().filter(s -> s == Status.LOCKED).count()).isEqualTo(threads * perThread - 2L);
        assertThat(overview().failures()).isEqualTo(3);
        assertThat(overview().locked()).isTrue();
        assertThat(verifyValid(view, "after").status()).isEqualTo(Status.LOCKED);
    }

    /** The secrets a setup view shows, and {@code answers} given for it. */
    private ViewSecrets secretsOf(View view, String... answers) {
        return ViewSecrets.of(view, publicViewKeys(), new HashSet<>(List.of(user.id(), user.accountLabel())),
                List.of(answers));
    }

    private static String codeOf(MfaInput input) {
        return input.code().orElse("");
    }

    /** The stored entry of the provider under test, read from the document's JSON text. */
    private Optional<Map<String, Object>> storedEntry() {
        return JsonValues.entry(store.load(user.id()).orElseThrow().document().json(), id());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> values(Map<String, Object> entry, String field) {
        return (Map<String, Object>) entry.getOrDefault(field, Map.of());
    }

    /** No stored property or challenge value of the provider under test spells out one of {@code secrets}. */
    private void assertStoredSealed(ViewSecrets secrets, String when) {
        Map<String, Object> entry = storedEntry().orElseThrow();
        List<Map.Entry<String, Object>> stored = new ArrayList<>(values(entry, "properties").entrySet());
        stored.addAll(values(entry, "challenge").entrySet());
        for (Map.Entry<String, Object> p : stored) {
            List<Object> values = p.getValue() instanceof List<?> list ? List.copyOf(list) : List.of(p.getValue());
            for (Object v : values) {
                Optional<String> found = v instanceof Long n ? secrets.isNumber(n) : secrets.foundIn(String.valueOf(v));
                assertThat(found).as("%s: stored property '%s' keeps the setup value or answer '%s' in clear or "
                        + "trivially encoded; seal it with putSecret or keep a hash", when, p.getKey(),
                        found.orElse("")).isEmpty();
            }
        }
    }

    @Test
    void noSetupValueOrAnswerIsStoredInClear() {
        enrolIn("s1");
        activateBaseIfNeeded();
        View view = setUp(id());
        assertStoredSealed(secretsOf(view), "after setup");

        MfaInput activation = activationInput(view);
        assertThat(activate(id(), activation).status()).isEqualTo(Status.ACCEPTED);
        assertStoredSealed(secretsOf(view, codeOf(activation)), "after activation");

        clock.advance(betweenAnswers());
        Prompt c = challenge("s2");
        MfaInput answer = validInput(view, c);
        ViewSecrets all = secretsOf(view, codeOf(activation), codeOf(answer));
        assertStoredSealed(all, "after a challenge");
        assertThat(verify(answer, "s2").status()).isEqualTo(Status.ACCEPTED);
        assertStoredSealed(all, "after a verification");
    }

    @Test
    void theSameValidAnswerIsNotAcceptedTwice() {
        assumeFalse(answersAreReusable(), "the provider's answers are reusable by design");
        View view = activate("s1");
        clock.advance(betweenAnswers());
        MfaInput answer = validInput(view, challenge("first"));
        assertThat(verify(answer, "first").status()).isEqualTo(Status.ACCEPTED);

        Result again = verify(answer, "second");
        assertThat(again.status()).as("the same answer again, in another session: %s", again)
                .isNotEqualTo(Status.ACCEPTED);
        challenge("third");
        Result afterChallenge = verify(answer, "third");
        assertThat(afterChallenge.status()).as("the same answer again, after a challenge in another session: %s",
                afterChallenge).isNotEqualTo(Status.ACCEPTED);
    }

    @Test
    void noViewValueInResultsEventsOrToString() {
        enrolIn("s1");
        activateBaseIfNeeded();
        Change setup = mfa.setup(user, id(), enrolment());
        assertThat(setup.status()).isEqualTo(ChangeStatus.DONE);
        View view = setup.view().orElseThrow();
        Result wrongActivation = activate(id(), wrongInput());
        Result activated = activate(id(), activationInput(view));
        assertThat(activated.status()).isEqualTo(Status.ACCEPTED);
        Result wrong = verify(wrongInput(), "s2");
        Result ok = verifyValid(view, "s2");
        assertThat(ok.status()).isEqualTo(Status.ACCEPTED);

        // Values and toString of each; of the document only its toString: what it stores is the business of
        // noSetupValueOrAnswerIsStoredInClear.
        Map<String, List<String>> shown = new LinkedHashMap<>();
        List<Object> values = new ArrayList<>(List.of(setup, wrongActivation, activated, wrong, ok, view,
                mfa.overview(user)));
        values.addAll(events.events());
        values.forEach(o -> shown.computeIfAbsent(o.getClass().getSimpleName(), k -> new ArrayList<>())
                .addAll(texts(o)));
        shown.put("Document.toString", List.of(store.load(user.id()).orElseThrow().document().toString()));
        ViewSecrets secrets = secretsOf(view);
        shown.forEach((where, texts) -> texts.forEach(t -> {
            Optional<String> found = secrets.foundIn(t);
            assertThat(found).as("setup value '%s' leaked into %s", found.orElse(""), where).isEmpty();
        }));
    }

    private static List<String> texts(Object o) {
        List<String> texts = new ArrayList<>(ViewSecrets.strings(o));
        texts.add(o.toString());
        return texts;
    }

    /**
     * Runs {@code operation} once while the store loses its first write to a concurrent one, so the core
     * re-runs it on the fresh document; returns how far {@link #sideEffects()} moved.
     */
    private long withConflict(boolean writes, Runnable operation) {
        int before = conflicts.conflictsInjected();
        conflicts.conflictOnNextWrite();
        long moved;
        try {
            moved = sideEffectsOf(operation);
        } finally {
            conflicts.disarm();
        }
        assertThat(conflicts.conflictsInjected() - before).as("the operation met the injected conflict")
                .isEqualTo(writes ? 1 : 0);
        return moved;
    }

    private long sideEffectsOf(Runnable operation) {
        long before = sideEffects();
        operation.run();
        return sideEffects() - before;
    }

    @Test
    void aSetupRunAgainAfterAConflictHasItsSideEffectsOnce() {
        enrolIn("s1");
        activateBaseIfNeeded();
        long clean = sideEffectsOf(() -> setUp(id()));
        View[] view = new View[1];
        long conflicted = withConflict(true, () -> view[0] = setUp(id()));
        assertThat(conflicted).as("side effects of a setup the core ran twice, against one that ran once")
                .isEqualTo(clean);
        assertThat(activate(id(), activationInput(view[0])).status())
                .as("what the committed setup showed activates it").isEqualTo(Status.ACCEPTED);
    }

    @Test
    void anActivationRunAgainAfterAConflictHasItsSideEffectsOnce() {
        enrolIn("s1");
        activateBaseIfNeeded();
        View first = setUp(id());
        Result[] r = new Result[1];
        long conflicted = withConflict(true, () -> r[0] = activate(id(), activationInput(first)));
        assertThat(r[0].status()).isEqualTo(Status.ACCEPTED);
        assertThat(deactivate(id()).status()).isEqualTo(ChangeStatus.DONE);

        View second = setUp(id());
        long clean = sideEffectsOf(() -> r[0] = activate(id(), activationInput(second)));
        assertThat(r[0].status()).isEqualTo(Status.ACCEPTED);
        assertThat(conflicted).as("side effects of an activation the core ran twice, against one that ran once")
                .isEqualTo(clean);
    }

    @Test
    void aChallengeRunAgainAfterAConflictHasItsSideEffectsOnce() {
        View view = activate("s1");
        clock.advance(betweenAnswers());
        Prompt[] c = new Prompt[1];
        long clean = sideEffectsOf(() -> c[0] = challenge("clean"));
        boolean issued = c[0].issued();
        long conflicted = withConflict(issued, () -> c[0] = challenge("conflicted"));
        assertThat(conflicted).as("side effects of a challenge the core ran twice, against one that ran once")
                .isEqualTo(clean);
        assertThat(verify(validInput(view, c[0]), "conflicted").status())
                .as("the answer to the committed challenge is accepted").isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aVerificationRunAgainAfterAConflictHasItsSideEffectsOnce() {
        View view = activate("s1");
        clock.advance(betweenAnswers());
        MfaInput first = validInput(view, challenge("clean"));
        Result[] r = new Result[1];
        long clean = sideEffectsOf(() -> r[0] = verify(first, "clean"));
        assertThat(r[0].status()).isEqualTo(Status.ACCEPTED);

        clock.advance(betweenAnswers());
        MfaInput second = validInput(view, challenge("conflicted"));
        long conflicted = withConflict(true, () -> r[0] = verify(second, "conflicted"));
        assertThat(r[0].status()).isEqualTo(Status.ACCEPTED);
        assertThat(conflicted).as("side effects of a verification the core ran twice, against one that ran once")
                .isEqualTo(clean);
    }
}
