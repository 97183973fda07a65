package org.mfa4j.provider.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.testing.ContractBaseProvider;
import org.mfa4j.testing.jdbc.MfaNodes;

/**
 * Two application nodes, each with its own pool and {@code Mfa}, on one database: a recovery code sent by 8
 * threads on each node at once is used exactly once, because the code's hash moves to the used list in the
 * same compare-and-set as the success.
 */
abstract class RecoveryMultiNodeTest {

    static final int THREADS_PER_NODE = 8;
    static final int THREADS = 2 * THREADS_PER_NODE;
    static final String ID = RecoveryCodesProviderFactory.ID;

    final MfaUser user = MfaUser.of("user-" + System.nanoTime());
    MfaNodes nodes;
    List<String> codes;

    /** Two nodes on the database under test. */
    abstract MfaNodes start(String name, UnaryOperator<Mfa.Builder> configure);

    @BeforeEach
    void enrol() {
        // A lockout limit above the number of answers: every losing answer is evaluated, and is a replay.
        nodes = start(getClass().getSimpleName(), b -> b.provider(new ContractBaseProvider())
                .provider(new RecoveryCodesProviderFactory()).configure(ID, RecoveryTestKit.fast(Map.of()))
                .lockout(LockoutPolicy.builder().maxFailures(THREADS + 4).build()));
        codes = RecoveryTestKit.enrol(nodes.node(0).mfa(), user);
    }

    @AfterEach
    void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    String remaining(MfaNodes.Node node) {
        return node.mfa().overview(user).provider(ID).orElseThrow().details().get("remaining");
    }

    @Test
    void oneCodeRacedOnBothNodesIsUsedExactlyOnce() throws Exception {
        String code = codes.get(3);

        List<Result> results = nodes.race(THREADS_PER_NODE, (node, thread) ->
                node.mfa().verify(user, ID, MfaInput.code(code), MfaSession.of(node.name() + "-session-" + thread)));

        assertThat(results).hasSize(THREADS);
        assertThat(results).filteredOn(Result::isAccepted).singleElement()
                .satisfies(r -> assertThat(r.details()).containsEntry("remaining", "9"));
        assertThat(results).filteredOn(r -> !r.isAccepted()).hasSize(THREADS - 1).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(Status.REJECTED);
            assertThat(r.reason()).contains(FailureReason.REPLAY);
        });
        assertThat(nodes.count(MfaEvent.Verified.class)).as("uses across both nodes").isEqualTo(1);
        assertThat(nodes.count(MfaEvent.Failed.class)).as("replays across both nodes").isEqualTo(THREADS - 1);
        for (MfaNodes.Node n : nodes.nodes()) {
            assertThat(remaining(n)).as(n.name()).isEqualTo("9");
            assertThat(n.mfa().verify(user, ID, MfaInput.code(code), MfaSession.of("after")).reason()).as(n.name())
                    .contains(FailureReason.REPLAY);
        }
        assertThat(nodes.node(1).mfa().verify(user, ID, MfaInput.code(codes.get(4)), MfaSession.of("after")).status())
                .isEqualTo(Status.ACCEPTED);
        assertThat(remaining(nodes.node(0))).isEqualTo("8");
    }

    @Test
    void twoCodesRacedOnTwoNodesAreEachUsedOnceAndBothUsesAreKept() throws Exception {
        // Node 0's threads send one code, node 1's another: two successes, and neither write is lost.
        List<Result> results = nodes.race(THREADS_PER_NODE, (node, thread) -> node.mfa().verify(user, ID,
                MfaInput.code(codes.get(node == nodes.node(0) ? 1 : 2)), MfaSession.of(node.name() + "-session-" + thread)));

        assertThat(results.subList(0, THREADS_PER_NODE)).filteredOn(Result::isAccepted).hasSize(1);
        assertThat(results.subList(THREADS_PER_NODE, THREADS)).filteredOn(Result::isAccepted).hasSize(1);
        assertThat(results).filteredOn(r -> !r.isAccepted()).hasSize(THREADS - 2)
                .allSatisfy(r -> assertThat(r.reason()).contains(FailureReason.REPLAY));
        assertThat(nodes.count(MfaEvent.Verified.class)).isEqualTo(2);
        for (MfaNodes.Node n : nodes.nodes()) {
            assertThat(remaining(n)).as(n.name()).isEqualTo("8");
            for (int i : new int[] {1, 2}) {
                assertThat(n.mfa().verify(user, ID, MfaInput.code(codes.get(i)), MfaSession.of("after")).reason())
                        .as("%s, code %d", n.name(), i).contains(FailureReason.REPLAY);
            }
        }
    }
}
