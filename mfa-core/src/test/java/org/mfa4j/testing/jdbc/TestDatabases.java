package org.mfa4j.testing.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Real databases for store tests: H2 in memory, and the PostgreSQL that {@code .ci/run} starts (or any
 * throw-away database named by {@code MFA4J_TEST_PG_URL}, {@code MFA4J_TEST_PG_USER},
 * {@code MFA4J_TEST_PG_PASSWORD}). Without PostgreSQL the tests that ask for it are skipped with a message
 * saying why; with {@code CI=true} they fail instead, so CI never passes without having run them.
 *
 * <p>Users of this class need HikariCP, H2 and the PostgreSQL driver on their test class path.
 */
public final class TestDatabases {

    public static final String PG_URL = "MFA4J_TEST_PG_URL";
    public static final String PG_USER = "MFA4J_TEST_PG_USER";
    public static final String PG_PASSWORD = "MFA4J_TEST_PG_PASSWORD";

    private static final AtomicLong COUNTER = new AtomicLong();
    private static volatile Postgres postgres;
    private static volatile boolean warned;

    private TestDatabases() {
    }

    /** Where a PostgreSQL database for tests is. */
    public record Postgres(String url, String user, String password) {
        public Postgres {
            Objects.requireNonNull(url, "url");
        }

        @Override
        public String toString() {
            return "Postgres[" + url + ", user=" + user + "]";
        }
    }

    /** The URL of a fresh, private H2 in-memory database that lives until the JVM ends. */
    public static String h2Url() {
        return "jdbc:h2:mem:mfa4j-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet()
                + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000";
    }

    /** A pool on {@code url}; {@code name} becomes the pool name and, on PostgreSQL, the application name. */
    public static HikariDataSource pool(String url, String user, String password, String name, int size) {
        return pool(url, user, password, name, size, c -> { });
    }

    /** A pool on {@code url}, with {@code tweak} applied to its configuration before it starts. */
    public static HikariDataSource pool(String url, String user, String password, String name, int size,
                                        Consumer<HikariConfig> tweak) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setPoolName(name);
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(-1);
        if (url.startsWith("jdbc:postgresql:")) {
            c.addDataSourceProperty("ApplicationName", name);
        }
        tweak.accept(c);
        return new HikariDataSource(c);
    }

    public static HikariDataSource h2Pool(String url, String name, int size) {
        return pool(url, "sa", "", name, size);
    }

    public static HikariDataSource postgresPool(String name, int size) {
        return postgresPool(name, size, c -> { });
    }

    public static HikariDataSource postgresPool(String name, int size, Consumer<HikariConfig> tweak) {
        Postgres pg = postgres();
        return pool(pg.url(), pg.user(), pg.password(), name, size, tweak);
    }

    /**
     * The test PostgreSQL, reachable. Skips the calling test (or class, from {@code @BeforeAll}) when none
     * is configured or it does not answer, and fails it instead when {@code CI=true}.
     */
    public static Postgres postgres() {
        Postgres p = postgres;
        if (p != null) {
            return p;
        }
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        String url = System.getenv(PG_URL);
        if (url == null || url.isBlank()) {
            unavailable(ci, PG_URL + " is not set: run .ci/run, or point " + PG_URL + " (and " + PG_USER + ", "
                    + PG_PASSWORD + ") at a throw-away PostgreSQL database");
        }
        Postgres candidate = new Postgres(url, System.getenv(PG_USER), System.getenv(PG_PASSWORD));
        DriverManager.setLoginTimeout(10);
        try (Connection c = DriverManager.getConnection(candidate.url(), candidate.user(), candidate.password())) {
            if (!c.isValid(10)) {
                unavailable(ci, "PostgreSQL at " + url + " does not answer");
            }
        } catch (SQLException e) {
            unavailable(ci, "PostgreSQL at " + url + " is unreachable (SQLState " + e.getSQLState() + ": "
                    + e.getMessage() + ")");
        }
        postgres = candidate;
        return candidate;
    }

    private static void unavailable(boolean ci, String why) {
        if (ci) {
            Assertions.fail("CI=true and PostgreSQL tests cannot run: " + why);
        }
        if (!warned) {
            warned = true;
            System.err.println("WARNING: PostgreSQL tests skipped: " + why);
        }
        Assumptions.abort("PostgreSQL tests skipped: " + why);
    }
}
