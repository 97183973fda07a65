package org.mfa4j.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.mfa4j.MfaStoreException;

/**
 * How {@link JdbcMfaStore} talks to its {@link DataSource}: each call one transaction on a connection of
 * its own, committed here unless the connection auto-commits, rolled back on failure; every failure,
 * checked or not, becomes the {@link MfaStoreException} of {@link JdbcFailures}.
 */
final class JdbcTransactions {

    /** Work on one connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    JdbcTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} as one transaction, {@code what} naming it in a failure ("reading a user's
     * document"). A failure is rolled back, then {@code expected} may turn it into a value (null: it stays a
     * failure).
     */
    <T> T run(String what, SqlWork<T> work, Function<SQLException, T> expected) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            try {
                T value = work.run(c);
                if (!auto) {
                    c.commit();
                }
                return value;
            } catch (SQLException e) {
                rollbackQuietly(c, auto, e);
                T value = expected.apply(e);
                if (value != null) {
                    return value;
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            // Unchecked too: a pool that cannot start throws one, with the URL in its message.
            throw JdbcFailures.failure(what, e);
        }
    }

    /** The database's product name, as its metadata reports it. */
    String productName() {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            return meta.getDatabaseProductName();
        } catch (SQLException | RuntimeException e) {
            throw JdbcFailures.failure("detecting the database", e);
        }
    }

    /** Whether {@code table} answers a query now (false on any failure). */
    boolean canQuery(String table) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0")) {
            ps.executeQuery().close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void rollbackQuietly(Connection c, boolean autoCommit, SQLException cause) {
        if (autoCommit) {
            return;
        }
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e); // and JdbcFailures withholds its message with the rest
        }
    }
}
