package org.mfa4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfa4j.LockScope;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaStoreException;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.internal.Documents;
import org.mfa4j.internal.ProviderRecord;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.testing.ForwardingProvider;
import org.mfa4j.testing.jdbc.MfaNodes;
import org.mfa4j.testing.jdbc.ProbedDataSource;
import org.mfa4j.testproviders.CodeProvider;

/**
 * Two application nodes on one database, each with its own pool and {@code Mfa}: what one node counts, the
 * other sees, exactly; a connection lost in the middle of a verification denies it and writes nothing.
 *
 * <p>Each node's store remembers the documents it read and wrote, so a warm node verifies with one round
 * trip: what another node changed meanwhile must still be seen, and a remembered version must never match
 * a document written after a delete.
 *
 * <p>Cross-node guarantees of particular providers (a TOTP step accepted once across both nodes, a recovery
 * code used once across both nodes) belong to the provider modules' tests, built on {@link MfaNodes}:
 * mfa-core cannot depend on them.
 */
abstract class JdbcMultiNodeTest {

    static final int THREADS_PER_NODE = 8;
    static final String SESSION = "session-1";

    /** Runs {@code before} just before each verification, when set: the fault injection point. */
    static final class HookedCodeProvider implements MfaProviderFactory {
        private final CodeProvider delegate = new CodeProvider();
        volatile Runnable beforeVerify;

        @Override
        public ProviderDescriptor descriptor() {
            return delegate.descriptor();
        }

        @Override
        public MfaProvider create(ProviderContext context) {
            return new ForwardingProvider(delegate.create(context)) {
                @Override
                public Outcome verify(MfaInput input, PropertyManager properties) {
                    Runnable hook = beforeVerify;
                    if (hook != null) {
                        hook.run();
                    }
                    return super.verify(input, properties);
                }
            };
        }
    }

    MfaNodes nodes;
    HookedCodeProvider hooked0;
    String user;
    String code;

    /** Two nodes on the database under test. */
    abstract MfaNodes start(String name, UnaryOperator<Mfa.Builder> configure);

    @BeforeEach
    void startNodes() {
        hooked0 = new HookedCodeProvider();
        HookedCodeProvider[] perNode = {hooked0, new HookedCodeProvider()};
        int[] next = {0};
        nodes = start(getClass().getSimpleName(), b -> b.provider(perNode[next[0]++])
                .lockout(LockoutPolicy.builder().maxFailures(3).build()));
        user = "user-" + System.nanoTime();
        Mfa first = nodes.node(0).mfa();
        code = first.setup(MfaUser.of(user), "code", MfaSession.of("s")).view().orElseThrow().require("code");
        assertThat(first.activate(MfaUser.of(user), "code", MfaInput.code(code), MfaSession.of(SESSION)).status())
                .isEqualTo(Status.ACCEPTED);
    }

    @AfterEach
    void stopNodes() {
        if (nodes != null) {
            nodes.close();
        }
    }

    String wrongCode() {
        return String.format("%08d", (Integer.parseInt(code) + 1) % 100_000_000);
    }

    ProviderRecord record(MfaNodes.Node node) {
        return UserDocument.of(node.store().load(user).orElseThrow().document()).provider("code").orElseThrow();
    }

    /** A node on node 0's pool, through {@code probe}, remembering up to {@code remembered} users. */
    MfaNodes.Node probed(String name, ProbedDataSource probe, int remembered) {
        return nodes.attach(nodes.node(0), getClass().getSimpleName() + "-" + name, ds -> probe.dataSource(),
                b -> b.rememberedUsers(remembered),
                b -> b.provider(new CodeProvider()).lockout(LockoutPolicy.builder().maxFailures(3).build()));
    }

    Result verify(MfaNodes.Node node, String answer) {
        return node.mfa().verify(MfaUser.of(user), "code", MfaInput.code(answer), MfaSession.of(SESSION));
    }

    @Test
    void failuresAreCountedExactlyOnceAcrossNodesAndLockBoth() throws Exception {
        MfaUser u = MfaUser.of(user);
        // Both nodes start warm: each remembers the user's document.
        assertThat(verify(nodes.node(1), code).status()).isEqualTo(Status.ACCEPTED);
        assertThat(verify(nodes.node(0), code).status()).isEqualTo(Status.ACCEPTED);
        List<Result> results = nodes.race(THREADS_PER_NODE, (node, t) ->
                node.mfa().verify(u, "code", MfaInput.code(wrongCode()), MfaSession.of(SESSION)));

        assertThat(nodes.count(MfaEvent.Failed.class)).as("failures counted across both nodes").isEqualTo(3);
        assertThat(nodes.count(MfaEvent.Locked.class)).as("one lock").isEqualTo(1);
        assertThat(results).filteredOn(r -> r.status() == Status.REJECTED).hasSize(2);
        assertThat(results).filteredOn(r -> r.status() == Status.LOCKED).hasSize(2 * THREADS_PER_NODE - 2)
                .allSatisfy(r -> assertThat(r.lockScope()).contains(LockScope.PROVIDER));
        for (MfaNodes.Node n : nodes.nodes()) {
            assertThat(record(n).failures()).isEqualTo(3);
            assertThat(n.mfa().admin().overview(user).provider("code").orElseThrow().locked()).as(n.name()).isTrue();
            assertThat(n.mfa().verify(u, "code", MfaInput.code(code), MfaSession.of(SESSION)).status()).as("right code on a locked"
                    + " provider, " + n.name()).isEqualTo(Status.LOCKED);
        }
        assertThat(nodes.count(MfaEvent.Failed.class)).isEqualTo(3);
    }

    @Test
    void anUnlockOnOneNodeHoldsOnTheOther() throws Exception {
        MfaUser u = MfaUser.of(user);
        for (int i = 0; i < 3; i++) {
            nodes.node(i % 2).mfa().verify(u, "code", MfaInput.code(wrongCode()), MfaSession.of(SESSION));
        }
        assertThat(nodes.node(1).mfa().verify(u, "code", MfaInput.code(code), MfaSession.of(SESSION)).status()).isEqualTo(Status.LOCKED);
        assertThat(nodes.node(0).mfa().admin().unlock(user, "code")).isTrue();
        assertThat(nodes.node(1).mfa().verify(u, "code", MfaInput.code(code), MfaSession.of(SESSION)).status())
                .isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aPoolClosedMidVerificationDeniesItAndWritesNothing() {
        MfaUser u = MfaUser.of(user);
        MfaNodes.Node node0 = nodes.node(0);
        assertThat(node0.mfa().verify(u, "code", MfaInput.code(wrongCode()), MfaSession.of(SESSION)).status()).isEqualTo(Status.REJECTED);
        VersionedDocument before = node0.store().load(user).orElseThrow();

        // Between the read and the conditional write the node loses its database.
        hooked0.beforeVerify = () -> node0.pool().close();
        assertThatThrownBy(() -> node0.mfa().verify(u, "code", MfaInput.code(code), MfaSession.of(SESSION)))
                .as("a right answer is not accepted without its write").isInstanceOf(MfaStoreException.class);
        assertThat(node0.events().events(MfaEvent.Verified.class)).isEmpty();
        assertThat(node0.events().events(MfaEvent.Failed.class)).hasSize(1);

        // After reconnecting: the document is exactly as before, and counting goes on from there.
        MfaNodes.Node again = nodes.reconnect(node0, getClass().getSimpleName() + "-again",
                b -> b.provider(new CodeProvider()).lockout(LockoutPolicy.builder().maxFailures(3).build()));
        try {
            assertThat(Documents.versioned(again.store().load(user))).contains(Documents.versioned(before));
            assertThat(again.mfa().verify(u, "code", MfaInput.code(wrongCode()), MfaSession.of(SESSION)).remainingAttempts())
                    .isEqualTo(1);
            assertThat(record(again).failures()).isEqualTo(2);
            assertThat(again.mfa().verify(u, "code", MfaInput.code(code), MfaSession.of(SESSION)).status()).isEqualTo(Status.ACCEPTED);
            assertThat(record(again).failures()).isZero();
        } finally {
            again.pool().close();
        }
    }

    @Test
    void aPoolClosedMidVerificationOfAWrongAnswerCountsNothing() {
        MfaUser u = MfaUser.of(user);
        MfaNodes.Node node0 = nodes.node(0);
        hooked0.beforeVerify = () -> node0.pool().close();
        assertThatThrownBy(() -> node0.mfa().verify(u, "code", MfaInput.code(wrongCode()), MfaSession.of(SESSION)))
                .isInstanceOf(MfaStoreException.class);
        assertThat(node0.events().events(MfaEvent.Failed.class)).isEmpty();
        MfaNodes.Node node1 = nodes.node(1);
        assertThat(record(node1).failures()).isZero();
        assertThat(node1.mfa().verify(u, "code", MfaInput.code(wrongCode()), MfaSession.of(SESSION)).remainingAttempts()).isEqualTo(2);
    }

    /** Sets the user's code card up and activates it on {@code node}; returns the new code. */
    String enrol(MfaNodes.Node node) {
        MfaUser u = MfaUser.of(user);
        String newCode = node.mfa().setup(u, "code", MfaSession.of("s")).view().orElseThrow().require("code");
        assertThat(node.mfa().activate(u, "code", MfaInput.code(newCode), MfaSession.of(SESSION)).status()).isEqualTo(Status.ACCEPTED);
        return newCode;
    }

    @Test
    void aWarmVerificationIsOneRoundTrip() {
        ProbedDataSource probe = ProbedDataSource.of(nodes.node(0).pool());
        MfaNodes.Node node = probed("probed", probe, JdbcMfaStore.DEFAULT_REMEMBERED_USERS);
        probe.take();
        assertThat(verify(node, code).status()).isEqualTo(Status.ACCEPTED);
        assertThat(probe.take()).as("cold: SELECT, then the conditional UPDATE").isEqualTo(2);
        for (int i = 0; i < 5; i++) {
            assertThat(verify(node, code).status()).isEqualTo(Status.ACCEPTED);
            assertThat(probe.take()).as("warm accepted verification %d: the conditional UPDATE only", i).isEqualTo(1);
        }
        assertThat(verify(node, wrongCode()).status()).isEqualTo(Status.REJECTED);
        assertThat(probe.take()).as("warm rejected verification").isEqualTo(1);
        assertThat(verify(node, code).status()).isEqualTo(Status.ACCEPTED);
        assertThat(probe.take()).isEqualTo(1);

        verify(nodes.node(1), code);
        assertThat(verify(node, code).status()).isEqualTo(Status.ACCEPTED);
        assertThat(probe.take()).as("another node wrote: the UPDATE misses, SELECT, UPDATE again").isEqualTo(3);
    }

    @Test
    void withRememberingOffEveryVerificationReadsFirst() {
        ProbedDataSource probe = ProbedDataSource.of(nodes.node(0).pool());
        MfaNodes.Node node = probed("off", probe, 0);
        for (int i = 0; i < 3; i++) {
            probe.take();
            assertThat(verify(node, code).status()).isEqualTo(Status.ACCEPTED);
            assertThat(probe.take()).isEqualTo(2);
        }
    }

    @Test
    void aResetOnAnotherNodeIsSeenAndNothingStaleIsPublished() {
        MfaNodes.Node a = nodes.node(0);
        MfaNodes.Node b = nodes.node(1);
        assertThat(verify(a, code).status()).isEqualTo(Status.ACCEPTED);
        a.events().clear();
        assertThat(b.mfa().admin().reset(user, "code")).containsExactly("code");

        assertThat(verify(a, code).status()).as("not accepted from the remembered document")
                .isEqualTo(Status.NOT_ACTIVE);
        assertThat(a.events().events()).as("the run on the stale document published nothing (no Verified, no"
                + " provider notice)").isEmpty();
        assertThat(UserDocument.of(b.store().load(user).orElseThrow().document()).provider("code")).isEmpty();
    }

    @Test
    void anUnlockOnAnotherNodeIsSeenDespiteARememberedLock() {
        MfaNodes.Node a = nodes.node(0);
        for (int i = 0; i < 3; i++) {
            verify(a, wrongCode());
        }
        assertThat(UserDocument.of(a.store().remembered(user).orElseThrow().document()).provider("code").orElseThrow().failures())
                .as("node A remembers the lock it wrote").isEqualTo(3);
        assertThat(verify(a, code).status()).isEqualTo(Status.LOCKED);
        assertThat(nodes.node(1).mfa().admin().unlock(user, "code")).isTrue();
        assertThat(verify(a, code).status()).as("no stale LOCKED").isEqualTo(Status.ACCEPTED);
        assertThat(a.events().events(MfaEvent.Failed.class)).hasSize(3);
    }

    @Test
    void aDeactivationOnAnotherNodeIsSeenBySetupAndVerify() {
        MfaNodes.Node a = nodes.node(0);
        MfaNodes.Node b = nodes.node(1);
        Result signedIn = verify(a, code);
        assertThat(signedIn.status()).isEqualTo(Status.ACCEPTED);
        // The proof node A issued allows the deactivation on node B: the nodes share the keys.
        MfaSession proven = MfaSession.of(SESSION).withProof(signedIn.proof().orElseThrow());
        assertThat(b.mfa().deactivate(MfaUser.of(user), "code", proven).removed()).containsExactly("code");
        // Node A remembers the provider active: set-up would be refused from memory, not from the database.
        String newCode = a.mfa().setup(MfaUser.of(user), "code", MfaSession.of("s")).view().orElseThrow().require("code");
        assertThat(verify(a, code).status()).isEqualTo(Status.NOT_ACTIVE);
        assertThat(a.mfa().activate(MfaUser.of(user), "code", MfaInput.code(newCode), MfaSession.of(SESSION)).status())
                .isEqualTo(Status.ACCEPTED);
        assertThat(verify(b, newCode).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aReEnrolmentOnAnotherNodeVoidsTheOldCodeOnThisOne() {
        MfaNodes.Node a = nodes.node(0);
        MfaNodes.Node b = nodes.node(1);
        assertThat(verify(a, code).status()).isEqualTo(Status.ACCEPTED);
        b.mfa().admin().reset(user, "code");
        String newCode = enrol(b);

        assertThat(verify(a, code).status()).as("the old card, remembered on node A").isEqualTo(Status.REJECTED);
        assertThat(verify(a, newCode).status()).isEqualTo(Status.ACCEPTED);
        assertThat(verify(b, newCode).status()).as("the new card is still the stored one").isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aDocumentDeletedAndCreatedAgainIsNeverOverwrittenFromMemory() {
        MfaNodes.Node a = nodes.node(0);
        MfaNodes.Node b = nodes.node(1);
        assertThat(verify(a, code).status()).isEqualTo(Status.ACCEPTED);
        long remembered = a.store().remembered(user).orElseThrow().version();

        // The application erases the user on node B; the user enrols again there with a new card, and B
        // writes until the new document has come as far as the version node A remembers.
        assertThat(b.store().delete(user, b.store().load(user).orElseThrow().version(), Documents.AT)).isTrue();
        assertThat(b.store().load(user)).isEmpty();
        String newCode = enrol(b);
        while (b.store().load(user).orElseThrow().version() < remembered) {
            assertThat(verify(b, newCode).status()).isEqualTo(Status.ACCEPTED);
        }

        assertThat(verify(a, code).status()).as("the deleted card, written back from node A's memory")
                .isEqualTo(Status.REJECTED);
        assertThat(b.store().load(user).orElseThrow().version()).as("versions never repeat")
                .isGreaterThan(remembered);
        assertThat(verify(b, newCode).status()).isEqualTo(Status.ACCEPTED);
        assertThat(verify(a, newCode).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aDatabaseErrorOnTheOneWriteDeniesWritesNothingAndForgets() {
        ProbedDataSource probe = ProbedDataSource.of(nodes.node(0).pool());
        MfaNodes.Node node = probed("failing", probe, JdbcMfaStore.DEFAULT_REMEMBERED_USERS);
        assertThat(verify(node, wrongCode()).status()).isEqualTo(Status.REJECTED);
        VersionedDocument before = nodes.node(1).store().load(user).orElseThrow();
        assertThat(Documents.versioned(node.store().remembered(user))).contains(Documents.versioned(before));
        node.events().clear();

        probe.failing(true);
        assertThatThrownBy(() -> verify(node, code)).as("a right answer is not accepted without its write")
                .isInstanceOf(MfaStoreException.class);
        assertThatThrownBy(() -> verify(node, wrongCode())).isInstanceOf(MfaStoreException.class);
        assertThat(node.events().events()).isEmpty();
        assertThat(node.store().remembered(user)).as("forgotten after the error").isEmpty();
        assertThat(Documents.versioned(nodes.node(1).store().load(user))).contains(Documents.versioned(before));

        probe.failing(false);
        probe.take();
        assertThat(verify(node, wrongCode()).remainingAttempts()).as("counting goes on exactly").isEqualTo(1);
        assertThat(probe.take()).as("a fresh read, then the write").isEqualTo(2);
    }
}
