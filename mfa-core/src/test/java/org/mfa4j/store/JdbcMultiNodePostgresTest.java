package org.mfa4j.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaStoreException;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.internal.Documents;
import org.mfa4j.testing.jdbc.MfaNodes;
import org.mfa4j.testing.jdbc.TestDatabases;

/** Two nodes with their own pools on one PostgreSQL database (skipped without one, failed in CI). */
class JdbcMultiNodePostgresTest extends JdbcMultiNodeTest {

    @Override
    MfaNodes start(String name, UnaryOperator<Mfa.Builder> configure) {
        return MfaNodes.onPostgres(name, 2, 4, configure);
    }

    @Test
    void aBackendTerminatedDuringTheWriteDeniesItAndWritesNothing() throws Exception {
        MfaUser u = MfaUser.of(user);
        MfaNodes.Node node0 = nodes.node(0);
        VersionedDocument before = node0.store().load(user).orElseThrow();
        TestDatabases.Postgres pg = TestDatabases.postgres();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (Connection locker = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
             Connection killer = DriverManager.getConnection(pg.url(), pg.user(), pg.password())) {
            // Hold the user's row, so node 0's conditional UPDATE is under way and waiting when its backend dies.
            locker.setAutoCommit(false);
            try (PreparedStatement ps = locker.prepareStatement(
                    "SELECT version FROM mfa4j_user WHERE user_id = ? FOR UPDATE")) {
                ps.setString(1, user);
                ps.executeQuery().close();
            }
            Future<Result> verification = executor.submit(() ->
                    node0.mfa().verify(u, "code", MfaInput.code(wrongCode()), MfaSession.of(SESSION)));
            int pid = lockWaiter(killer, node0.name(), verification);
            try (PreparedStatement ps = killer.prepareStatement("SELECT pg_terminate_backend(?, 10000)")) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next() && rs.getBoolean(1)).as("backend terminated").isTrue();
                }
            }
            locker.rollback();
            assertThat(verification).failsWithin(Duration.ofSeconds(60))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(MfaStoreException.class);
        } finally {
            executor.shutdownNow();
        }
        assertThat(node0.events().events(MfaEvent.Failed.class)).isEmpty();
        assertThat(Documents.versioned(nodes.node(1).store().load(user))).contains(Documents.versioned(before));

        // The same node's pool replaces the dead connection; counting goes on exactly.
        assertThat(node0.mfa().verify(u, "code", MfaInput.code(wrongCode()), MfaSession.of(SESSION)).remainingAttempts()).isEqualTo(2);
        assertThat(record(nodes.node(1)).failures()).isEqualTo(1);
        assertThat(node0.mfa().verify(u, "code", MfaInput.code(code), MfaSession.of(SESSION)).status()).isEqualTo(Status.ACCEPTED);
    }

    /** The backend of {@code applicationName} that waits for a lock; polls the server until there is one. */
    private static int lockWaiter(Connection c, String applicationName, Future<?> work) throws SQLException {
        Instant deadline = Instant.now().plusSeconds(60);
        try (PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity"
                + " WHERE application_name = ? AND wait_event_type = 'Lock'")) {
            ps.setString(1, applicationName);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
                if (work.isDone()) {
                    throw new AssertionError("the verification ended without waiting for the row lock");
                }
            }
        }
        throw new AssertionError("no backend of " + applicationName + " waited for the row lock within 60 s");
    }

}
