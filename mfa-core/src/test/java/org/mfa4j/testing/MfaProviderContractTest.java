package org.mfa4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfa4j.ChallengeResult;
import org.mfa4j.Change;
import org.mfa4j.ChangeStatus;
import org.mfa4j.LockScope;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.ProviderOverview;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.MfaInput;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.MfaStore;
import org.mfa4j.spi.MfaUser;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.View;
import org.mfa4j.store.InMemoryMfaStore;

/**
 * What every provider must do, run through the public {@link Mfa} API against the real provider. Extend
 * it in the provider's module and answer the hooks; each test gets a fresh {@code Mfa}, store, clock and
 * user.
 *
 * <ul>
 *   <li>activation needs proof of possession;</li>
 *   <li>a valid answer is accepted, a wrong one refused and counted;</li>
 *   <li>locked is not inactive, and a locked provider does not evaluate answers;</li>
 *   <li>deactivation (with the session's proof, as every change of factors needs) wipes the entry;</li>
 *   <li>failures count exactly under concurrency;</li>
 *   <li>no value of a setup view appears in a result, event or {@code toString}.</li>
 * </ul>
 */
public abstract class MfaProviderContractTest {

    /** The clock of the {@code Mfa} under test, at 2026-01-01T00:00:00Z when each test starts. */
    protected final MutableClock clock = MutableClock.startingAt2026();
    /** Every event the {@code Mfa} under test published. */
    protected final RecordingListener events = new RecordingListener();
    protected MfaStore store;
    protected Mfa mfa;
    protected MfaUser user;

    /** The factory under test. */
    protected abstract MfaProviderFactory factory();

    /** The answer that activates the pending setup shown in {@code setupView}. */
    protected abstract MfaInput activationInput(View setupView);

    /**
     * A correct answer now (the clock was just advanced by {@link #betweenAnswers()}), given the setup view
     * and the challenge just asked for (its {@code issued} flag is false for providers without one, and when
     * the provider is locked or inactive: then return any well-formed answer).
     */
    protected abstract MfaInput validInput(View setupView, ChallengeResult challenge);

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

    /** Further builder settings. */
    protected void configure(Mfa.Builder builder) {
    }

    /** Called after each test, for peers the subclass started. */
    protected void tearDownPeers() {
    }

    @BeforeEach
    void buildMfa() {
        store = createStore();
        user = createUser();
        Mfa.Builder b = Mfa.builder().store(store).keys(SecretKeys.ephemeral(new SecureRandom())).clock(clock)
                .lockout(LockoutPolicy.builder().maxFailures(3).build()).listener(events)
                .provider(factory()).provider(new ContractBaseProvider());
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
    protected final ChallengeResult challenge(String session) {
        return mfa.challenge(user, id(), MfaSession.of(session));
    }

    /** One answer to the provider under test in the login flow of {@code session} (no proof: a sign-in). */
    protected final Result verify(MfaInput input, String session) {
        return mfa.verify(user, id(), input, MfaSession.of(session));
    }

    /** A valid answer after {@link #betweenAnswers()}, to the challenge just asked for in {@code session}. */
    protected final Result verifyValid(View setupView, String session) {
        clock.advance(betweenAnswers());
        ChallengeResult c = challenge(session);
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
        assertThat(store.load(user.id()).orElseThrow().document().provider(id())).isEmpty();
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

    @Test
    void noViewValueInResultsEventsOrToString() {
        View view = activate("s1");
        Result ok = verifyValid(view, "s2");
        List<String> texts = new ArrayList<>();
        texts.add(ok.toString());
        texts.add(view.toString());
        texts.add(mfa.overview(user).toString());
        texts.add(store.load(user.id()).orElseThrow().document().toString());
        events.events().forEach(e -> texts.add(e.toString()));
        for (String key : view.keys()) {
            String value = view.require(key);
            if (value.length() >= 6) {
                for (String t : texts) {
                    assertThat(t).as("view value '%s' leaked", key).doesNotContain(value);
                }
            }
        }
    }
}
