package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mfa4j.internal.UserDocument;

class ConcurrencyTest {

    private static <T> List<T> race(int threads, Function<Integer, Callable<T>> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<T> c = task.apply(t);
                futures.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return c.call();
                }));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixteenThreadsOfWrongAnswersCountExactlyTheLimit() throws Exception {
        Fixture f = new Fixture();
        String code = f.enrol(f.alice, "code");
        String wrong = Fixture.wrong(code);
        int before = f.code.evaluations.get();

        List<List<Status>> results = race(16, t -> () -> {
            List<Status> seen = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                seen.add(f.mfa.verify(f.alice, "code", MfaInput.code(wrong), MfaSession.of("session-" + t)).status());
            }
            return seen;
        });

        Map<Status, Long> counts = results.stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3200);
        assertThat(f.events.events(MfaEvent.Failed.class)).hasSize(3);
        assertThat(f.events.events(MfaEvent.Locked.class)).hasSize(1);
        // Two refusals, then the third failure locks: every other answer met the lock.
        assertThat(counts.get(Status.LOCKED)).isEqualTo(3198);
        assertThat(counts.getOrDefault(Status.REJECTED, 0L) + counts.getOrDefault(Status.FLOW_RESET, 0L))
                .isEqualTo(2);
        ProviderOverview o = f.mfa.overview(f.alice).provider("code").orElseThrow();
        assertThat(o.failures()).isEqualTo(3);
        assertThat(o.locked()).isTrue();
        assertThat(f.mfa.overview(f.alice).accountFailures()).isEqualTo(3);
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("late")).status()).isEqualTo(Status.LOCKED);
        // Evaluations may exceed 3 (a run that lost its compare-and-set is re-run), but never count twice.
        assertThat(f.code.evaluations.get() - before).isGreaterThanOrEqualTo(3);
    }

    /**
     * Two first enrolments racing: exactly one is the user's first factor, and the other is then an added
     * factor without a proof, refused with nothing changed (it used to be accepted too).
     */
    @Test
    void twoFirstEnrolmentsRacingLetExactlyOneThrough() throws Exception {
        for (int round = 0; round < 20; round++) {
            Fixture f = new Fixture();
            View code = f.mfa.setup(f.alice, "code", MfaSession.of("s")).view().orElseThrow();
            View card = f.mfa.setup(f.alice, "card", MfaSession.of("s")).view().orElseThrow();
            long epoch = UserDocument.of(f.store.load("alice").orElseThrow().document()).factorEpoch();
            List<Result> results = race(2, t -> () -> t == 0
                    ? f.mfa.activate(f.alice, "code", MfaInput.code(code.require("code")), MfaSession.of("s"))
                    : f.mfa.activate(f.alice, "card", MfaInput.code(card.require("code")), MfaSession.of("s")));
            assertThat(results).extracting(Result::status)
                    .containsExactlyInAnyOrder(Status.ACCEPTED, Status.STEP_UP_REQUIRED);
            Result refused = results.stream().filter(r -> r.status() == Status.STEP_UP_REQUIRED).findFirst()
                    .orElseThrow();
            assertThat(refused.stepUp()).contains(ProofStatus.MISSING);
            UserOverview o = f.mfa.overview(f.alice);
            assertThat(o.providers().stream().filter(ProviderOverview::active).map(ProviderOverview::providerId))
                    .containsExactly(results.get(0).isAccepted() ? "code" : "card");
            assertThat(UserDocument.of(f.store.load("alice").orElseThrow().document()).factorEpoch()).isEqualTo(epoch + 1);
        }
    }

    /**
     * An activation with a valid proof racing a wrong answer on the user's other factor: neither write is
     * lost (the answer does not change the factors, so the proof still holds when the activation re-runs).
     */
    @Test
    void anActivationAndAFailedVerificationRacingBothSurvive() throws Exception {
        for (int round = 0; round < 20; round++) {
            Fixture f = new Fixture();
            String code = f.enrol(f.alice, "code");
            MfaSession proven = f.session(f.alice);
            View card = f.mfa.setup(f.alice, "card", proven).view().orElseThrow();
            long epoch = UserDocument.of(f.store.load("alice").orElseThrow().document()).factorEpoch();
            List<Status> results = race(2, t -> () -> t == 0
                    ? f.mfa.activate(f.alice, "card", MfaInput.code(card.require("code")), proven).status()
                    : f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("other"))
                            .status());
            assertThat(results).containsExactly(Status.ACCEPTED, Status.REJECTED);
            UserOverview o = f.mfa.overview(f.alice);
            assertThat(o.provider("card").orElseThrow().active()).isTrue();
            assertThat(o.provider("code").orElseThrow().failures()).as("the failure was not lost").isEqualTo(1);
            assertThat(o.accountFailures()).isEqualTo(1);
            assertThat(UserDocument.of(f.store.load("alice").orElseThrow().document()).factorEpoch()).isEqualTo(epoch + 1);
        }
    }

    @Test
    void oneSentCodeIsAcceptedOnceAcrossThreads() throws Exception {
        Fixture f = new Fixture();
        f.enrolSent(f.alice);
        f.mfa.prompt(f.alice, "sent", MfaSession.of("s"));
        String code = f.sent.lastCode();
        List<Status> results = race(8, t -> () -> f.mfa.verify(f.alice, "sent", MfaInput.code(code), MfaSession.of("s")).status());
        assertThat(results.stream().filter(s -> s == Status.ACCEPTED).count()).isEqualTo(1);
        assertThat(f.events.events(MfaEvent.Verified.class)).hasSize(1);
    }
}
