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
import org.mfa4j.MfaSession;
import org.mfa4j.ChallengeResult;
import org.mfa4j.LockScope;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
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
 *   <li>deactivation wipes the entry;</li>
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

    /** Activates the provider under test (and the base provider first if it needs a companion). */
    protected final View activate(String session) {
        if (descriptor().requiresOtherActive()) {
            mfa.setup(user, ContractBaseProvider.ID, MfaSession.of("s")).view().orElseThrow();
            assertThat(mfa.activate(user, ContractBaseProvider.ID, MfaInput.code(ContractBaseProvider.ANSWER), MfaSession.of(session))
                    .status()).isEqualTo(Status.ACCEPTED);
        }
        View view = mfa.setup(user, id(), MfaSession.of("s")).view().orElseThrow();
        Result r = mfa.activate(user, id(), activationInput(view), MfaSession.of(session));
        assertThat(r.status()).as("activation with the right answer").isEqualTo(Status.ACCEPTED);
        return view;
    }

    protected final Result verifyValid(View setupView, String session) {
        clock.advance(betweenAnswers());
        ChallengeResult c = mfa.challenge(user, id(), MfaSession.of(session));
        return mfa.verify(user, id(), validInput(setupView, c), MfaSession.of(session));
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
        if (descriptor().requiresOtherActive()) {
            mfa.setup(user, ContractBaseProvider.ID, MfaSession.of("s")).view().orElseThrow();
            mfa.activate(user, ContractBaseProvider.ID, MfaInput.code(ContractBaseProvider.ANSWER), MfaSession.of("s1"));
        }
        View view = mfa.setup(user, id(), MfaSession.of("s")).view().orElseThrow();
        assertThat(overview().active()).isFalse();

        Result wrong = mfa.activate(user, id(), wrongInput(), MfaSession.of("s1"));
        assertThat(wrong.status()).isNotEqualTo(Status.ACCEPTED);
        assertThat(wrong.proof()).isEmpty();
        assertThat(overview().active()).as("a wrong answer does not activate").isFalse();

        Result right = mfa.activate(user, id(), activationInput(view), MfaSession.of("s1"));
        assertThat(right.status()).isEqualTo(Status.ACCEPTED);
        assertThat(overview().active()).isTrue();
        assertThat(events.events(MfaEvent.Activated.class)).extracting(MfaEvent.Activated::providerId).contains(id());
    }

    @Test
    void validAnswerIsAcceptedAndWrongOneCounted() {
        View view = activate("s1");
        Result wrong = mfa.verify(user, id(), wrongInput(), MfaSession.of("s2"));
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
            mfa.verify(user, id(), wrongInput(), MfaSession.of("s-" + i));
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
        assertThat(mfa.deactivate(user, id(), MfaSession.of("s"))).contains(id());
        assertThat(store.load(user.id()).orElseThrow().document().provider(id())).isEmpty();
        assertThat(overview().active()).isFalse();
        clock.advance(betweenAnswers());
        assertThat(mfa.verify(user, id(), validInput(view, mfa.challenge(user, id(), MfaSession.of("s2"))), MfaSession.of("s2")).status())
                .isEqualTo(Status.NOT_ACTIVE);
        assertThat(events.events(MfaEvent.Deactivated.class)).extracting(MfaEvent.Deactivated::providerId)
                .contains(id());
    }

    @Test
    void failuresCountExactlyUnderConcurrency() throws Exception {
        View view = activate("s1");
        assertThat(mfa.challenge(user, id(), MfaSession.of("race")).status()).isEqualTo(Status.ACCEPTED);
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
                    seen.add(mfa.verify(user, id(), wrongInput(), MfaSession.of("race")).status());
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
