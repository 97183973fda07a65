package org.mfa4j.provider.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mfa4j.LockScope;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.jdbc.MfaNodes;

/**
 * Two application nodes, each with its own pool and {@code Mfa}, on one database: the same valid TOTP code
 * sent by 8 threads on each node at once is accepted exactly once, because the replay guard (the last
 * accepted step) is written in the same compare-and-set as the success.
 */
abstract class TotpMultiNodeTest {

    static final int THREADS_PER_NODE = 8;
    static final int THREADS = 2 * THREADS_PER_NODE;
    static final String ID = TotpProviderFactory.ID;

    final MutableClock clock = MutableClock.startingAt2026();
    final MfaUser user = MfaUser.of("user-" + System.nanoTime());
    MfaNodes nodes;
    String secret;

    /** Two nodes on the database under test. */
    abstract MfaNodes start(String name, UnaryOperator<Mfa.Builder> configure);

    /** Starts both nodes (same clock, TOTP, the given lockout limit) and enrols the user on node 0. */
    void enrol(int maxFailures) {
        nodes = start(getClass().getSimpleName(), b -> b.clock(clock).provider(new TotpProviderFactory())
                .lockout(LockoutPolicy.builder().maxFailures(maxFailures).build()));
        Mfa first = nodes.node(0).mfa();
        secret = first.setup(user, ID, MfaSession.of("s")).view().orElseThrow().require(TotpProviderFactory.VIEW_SECRET);
        assertThat(first.activate(user, ID, MfaInput.code(code()), MfaSession.of("enrol")).status()).isEqualTo(Status.ACCEPTED);
        clock.advance(Duration.ofSeconds(30)); // the activation used the step before: this one is fresh
    }

    @AfterEach
    void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** The current code, computed by googleauth (the independent reference). */
    String code() {
        return TotpTestKit.reference(secret, clock.instant());
    }

    /** Every thread sends {@code typed} for the user in a session of its own. */
    List<Result> race(String typed) throws Exception {
        return nodes.race(THREADS_PER_NODE, (node, thread) ->
                node.mfa().verify(user, ID, MfaInput.code(typed), MfaSession.of(node.name() + "-session-" + thread)));
    }

    @Test
    void oneValidCodeRacedOnBothNodesIsAcceptedExactlyOnce() throws Exception {
        enrol(THREADS + 4); // no lock in the way: every other answer is evaluated, and is a replay
        String typed = code();

        List<Result> results = race(typed);

        assertThat(results).hasSize(THREADS);
        assertThat(results).filteredOn(Result::isAccepted).hasSize(1);
        assertThat(results).filteredOn(r -> !r.isAccepted()).hasSize(THREADS - 1).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(Status.REJECTED);
            assertThat(r.reason()).contains(FailureReason.REPLAY);
        });
        assertThat(nodes.count(MfaEvent.Verified.class)).as("successes across both nodes").isEqualTo(1);
        assertThat(nodes.count(MfaEvent.Failed.class)).as("replays across both nodes").isEqualTo(THREADS - 1);
        for (MfaNodes.Node n : nodes.nodes()) {
            assertThat(n.mfa().overview(user).provider(ID).orElseThrow().failures()).as(n.name())
                    .isEqualTo(THREADS - 1);
        }

        // Both nodes still refuse the spent code, and the next step's code works once, on either node.
        for (MfaNodes.Node n : nodes.nodes()) {
            assertThat(n.mfa().verify(user, ID, MfaInput.code(typed), MfaSession.of("after")).reason()).as(n.name())
                    .contains(FailureReason.REPLAY);
        }
        clock.advance(Duration.ofSeconds(30));
        String next = code();
        assertThat(nodes.node(1).mfa().verify(user, ID, MfaInput.code(next), MfaSession.of("after")).status())
                .isEqualTo(Status.ACCEPTED);
        assertThat(nodes.node(0).mfa().verify(user, ID, MfaInput.code(next), MfaSession.of("after")).reason())
                .contains(FailureReason.REPLAY);
    }

    @Test
    void replaysRacedOnBothNodesLockAtExactlyTheLimit() throws Exception {
        enrol(3);

        List<Result> results = race(code());

        assertThat(results).filteredOn(Result::isAccepted).hasSize(1);
        assertThat(results).filteredOn(r -> r.status() == Status.REJECTED).hasSize(2)
                .allSatisfy(r -> assertThat(r.reason()).contains(FailureReason.REPLAY));
        assertThat(results).filteredOn(r -> r.status() == Status.LOCKED).hasSize(THREADS - 3)
                .allSatisfy(r -> assertThat(r.lockScope()).contains(LockScope.PROVIDER));
        assertThat(nodes.count(MfaEvent.Verified.class)).isEqualTo(1);
        assertThat(nodes.count(MfaEvent.Failed.class)).as("failures counted across both nodes").isEqualTo(3);
        assertThat(nodes.count(MfaEvent.Locked.class)).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        for (MfaNodes.Node n : nodes.nodes()) {
            assertThat(n.mfa().verify(user, ID, MfaInput.code(code()), MfaSession.of("after")).status()).as(n.name())
                    .isEqualTo(Status.LOCKED);
        }
    }
}
