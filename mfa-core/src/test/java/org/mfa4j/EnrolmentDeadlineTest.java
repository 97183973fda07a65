package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.policy.Require;

/**
 * Enrolment deadlines (issue 15): "MFA required from a date" and "may skip setup N more times", stored with
 * the user, shown by {@code explain}, forcing setup once they run out.
 */
class EnrolmentDeadlineTest {

    private final Fixture f = new Fixture(b -> b.policy(EnforcementPolicy.builder().require(Require.ALL).build()));
    private final MfaUser alice = f.alice;
    private final MfaSession login = MfaSession.of("after-password");

    private MfaState state() {
        return f.mfa.state(alice, login);
    }

    private String lastReason() {
        List<String> reasons = f.mfa.explain(alice).reasons();
        return reasons.get(reasons.size() - 1);
    }

    @Test
    void withoutADeadlineSetupIsForcedAtOnce() {
        assertThat(state().status()).isEqualTo(MfaState.Step.SETUP_REQUIRED);
        assertThat(state().maySkipSetup()).isFalse();
        assertThat(f.mfa.skipSetup(alice).status()).isEqualTo(SetupSkip.Status.SETUP_FORCED);
        assertThat(lastReason()).isEqualTo("no enrolment deadline is set: setup is forced now");
    }

    @Test
    void beforeTheDateTheUserMaySkipAtItAndAfterItSetupIsForced() {
        Instant deadline = f.clock.instant().plus(Duration.ofDays(7));
        EnrolmentDeadline set = f.mfa.admin().requireEnrolmentBy("alice", deadline);
        assertThat(set.requiredFrom()).contains(deadline);
        assertThat(f.mfa.admin().overview("alice").enrolmentDeadline()).contains(set);

        f.clock.advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(state().status()).isEqualTo(MfaState.Step.SETUP_REQUIRED);
        assertThat(state().maySkipSetup()).as("a second before the date").isTrue();
        assertThat(lastReason()).isEqualTo("enrolment deadline (set 2026-01-01T00:00:00Z): MFA required from "
                + deadline + " (not yet); the user may skip setup now");
        SetupSkip skip = f.mfa.skipSetup(alice);
        assertThat(skip.status()).isEqualTo(SetupSkip.Status.SKIPPED);
        assertThat(skip.skipped()).isTrue();
        assertThat(skip.deadline()).contains(set);

        f.clock.advance(Duration.ofSeconds(1));
        assertThat(state().maySkipSetup()).as("at the date").isFalse();
        assertThat(f.mfa.skipSetup(alice).status()).isEqualTo(SetupSkip.Status.SETUP_FORCED);
        assertThat(lastReason()).isEqualTo("enrolment deadline (set 2026-01-01T00:00:00Z): MFA required from "
                + deadline + " (reached); setup is forced now");

        f.clock.advance(Duration.ofDays(30));
        assertThat(state().status()).isEqualTo(MfaState.Step.SETUP_REQUIRED);
        assertThat(state().maySkipSetup()).as("after the date").isFalse();
        assertThat(f.mfa.skipSetup(alice).status()).isEqualTo(SetupSkip.Status.SETUP_FORCED);
    }

    @Test
    void eachSkipCountsDownAndTheLastOneForcesSetup() {
        f.mfa.admin().allowSetupSkips("alice", 2);
        assertThat(lastReason()).contains("may skip setup 2 more times; the user may skip setup now");
        assertThat(f.mfa.skipSetup(alice).deadline().flatMap(EnrolmentDeadline::skipsLeft)).contains(1);
        assertThat(lastReason()).contains("may skip setup 1 more time;");
        assertThat(state().maySkipSetup()).isTrue();
        assertThat(f.mfa.skipSetup(alice).deadline().flatMap(EnrolmentDeadline::skipsLeft)).contains(0);
        assertThat(state().maySkipSetup()).as("no skip left").isFalse();
        SetupSkip forced = f.mfa.skipSetup(alice);
        assertThat(forced.status()).isEqualTo(SetupSkip.Status.SETUP_FORCED);
        assertThat(forced.deadline().flatMap(EnrolmentDeadline::skipsLeft)).as("not below zero").contains(0);
        assertThat(lastReason()).endsWith("may skip setup 0 more times; setup is forced now");
        assertThat(f.events.events(MfaEvent.Notice.class)).as("set, then each counted skip, audited")
                .extracting(MfaEvent.Notice::kind, n -> n.attributes().get("skipsLeft"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("enrolment-deadline-set", "2"),
                        org.assertj.core.groups.Tuple.tuple("setup-skipped", "1"),
                        org.assertj.core.groups.Tuple.tuple("setup-skipped", "0"));
    }

    @Test
    void aDateAndSkipsTogetherForceSetupWhicheverRunsOutFirst() {
        f.mfa.admin().allowSetupSkips("alice", 5);
        EnrolmentDeadline both = f.mfa.admin().requireEnrolmentBy("alice", f.clock.instant().plus(Duration.ofDays(1)));
        assertThat(both.skipsLeft()).as("the count is kept").contains(5);
        f.mfa.skipSetup(alice);
        f.clock.advance(Duration.ofDays(1));
        assertThat(f.mfa.skipSetup(alice).status()).as("skips left, date reached").isEqualTo(SetupSkip.Status.SETUP_FORCED);
        assertThat(f.mfa.admin().overview("alice").enrolmentDeadline().flatMap(EnrolmentDeadline::skipsLeft)).contains(4);
        assertThat(f.mfa.admin().clearEnrolmentDeadline("alice")).isTrue();
        assertThat(f.mfa.admin().clearEnrolmentDeadline("alice")).isFalse();
        assertThat(f.mfa.admin().overview("alice").enrolmentDeadline()).isEmpty();
    }

    @Test
    void ofTwoThreadsSkippingTheLastSkipOneSucceeds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                f.mfa.admin().allowSetupSkips("alice", 1);
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<SetupSkip>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return f.mfa.skipSetup(alice);
                    }));
                }
                int skipped = 0;
                int forced = 0;
                for (Future<SetupSkip> r : results) {
                    SetupSkip.Status s = r.get().status();
                    skipped += s == SetupSkip.Status.SKIPPED ? 1 : 0;
                    forced += s == SetupSkip.Status.SETUP_FORCED ? 1 : 0;
                }
                assertThat(skipped).as("round %d", round).isEqualTo(1);
                assertThat(forced).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aUserWithAFactorOrWhomMfaIsNotRequiredHasNothingToSkip() {
        f.mfa.admin().allowSetupSkips("alice", 3);
        f.enrol(alice, "code");
        assertThat(state().maySkipSetup()).isFalse();
        SetupSkip skip = f.mfa.skipSetup(alice);
        assertThat(skip.status()).isEqualTo(SetupSkip.Status.NOT_APPLICABLE);
        assertThat(skip.deadline().flatMap(EnrolmentDeadline::skipsLeft)).as("nothing counted").contains(3);

        Fixture relaxed = new Fixture();
        relaxed.mfa.admin().allowSetupSkips("alice", 3);
        assertThat(relaxed.mfa.state(alice, login).status()).isEqualTo(MfaState.Step.NOT_REQUIRED);
        assertThat(relaxed.mfa.skipSetup(alice).status()).isEqualTo(SetupSkip.Status.NOT_APPLICABLE);
    }

    @Test
    void argumentsAreCheckedWithTypedErrors() {
        assertThatThrownBy(() -> f.mfa.admin().allowSetupSkips("alice", -1)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("the number of setup skips must be from 0 to 100");
        assertThatThrownBy(() -> f.mfa.admin().allowSetupSkips("alice", 101)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.admin().requireEnrolmentBy("alice", null))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.admin().allowSetupSkips(" ", 1)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.skipSetup(null)).isInstanceOf(InvalidRequestException.class);
        assertThat(f.store.load("alice")).isEmpty();
        assertThat(Optional.ofNullable(f.mfa.admin().allowSetupSkips("alice", 0).skipsLeft().orElseThrow())).contains(0);
        assertThat(state().maySkipSetup()).as("zero skips: forced now").isFalse();
    }
}
