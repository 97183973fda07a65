package org.mfa4j.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.provider.totp.TotpProviderFactory;
import org.mfa4j.store.JdbcMfaStore;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * TOTP verification through {@link Mfa#verify} with {@link JdbcMfaStore} on embedded H2 (a file database in
 * a temporary folder) and on PostgreSQL, on one thread and on eight, beside the anchor: a bare conditional
 * {@code UPDATE mfa4j_user SET doc = ?, version = version + 1, updated_at = ? WHERE user_id = ? AND
 * version = ?} loop on the same table, with a document of the same size, through the same pool. That is the
 * least any compare-and-set store must do per verification; the target is PostgreSQL, 8 threads, mfa4j at
 * least 60 % of it.
 *
 * <p>Each benchmark thread has its own user, its own {@link SteppingClock} and its own {@code Mfa} (all on
 * the one store and pool): an accepted verification needs a fresh step for that user, as in
 * {@link TotpVerifyBenchmark}, and threads do not contend for a row, as different users logging in do not.
 * Round trips per verification are counted below the pool ({@link RoundTrips}) and reported as the
 * secondary result {@code roundTrips} (per operation in the table).
 *
 * <p>The pool is HikariCP with its defaults (auto-commit on, 10 connections). PostgreSQL comes from
 * {@code MFA4J_TEST_PG_URL}, {@code MFA4J_TEST_PG_USER} and {@code MFA4J_TEST_PG_PASSWORD} ({@code run.sh}
 * starts a throw-away server when they are not set); without them run with {@code -p db=h2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcBenchmark {

    /** One database, pool and store, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Database {
        @Param({"h2", "postgresql"})
        public String db;

        HikariDataSource pool;
        JdbcMfaStore store;
        Path h2Folder;
        String documentParameter;
        String bareUpdateSql;
        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Trial)
        public void open() throws IOException, SQLException {
            DataSource driver;
            if (db.equals("h2")) {
                h2Folder = Files.createTempDirectory("mfa4j-bench-h2");
                JdbcDataSource h2 = new JdbcDataSource();
                h2.setURL("jdbc:h2:file:" + h2Folder.resolve("bench").toAbsolutePath());
                driver = h2;
                documentParameter = "? FORMAT JSON";
            } else if (db.equals("postgresql")) {
                String url = System.getenv("MFA4J_TEST_PG_URL");
                if (url == null || url.isBlank()) {
                    throw new IllegalStateException("db=postgresql needs MFA4J_TEST_PG_URL, MFA4J_TEST_PG_USER and "
                            + "MFA4J_TEST_PG_PASSWORD (run.sh starts a throw-away server), or run with -p db=h2");
                }
                PGSimpleDataSource pg = new PGSimpleDataSource();
                pg.setURL(url);
                pg.setUser(System.getenv("MFA4J_TEST_PG_USER"));
                pg.setPassword(System.getenv("MFA4J_TEST_PG_PASSWORD"));
                driver = pg;
                documentParameter = "CAST(? AS jsonb)";
            } else {
                throw new IllegalArgumentException("db must be h2 or postgresql");
            }
            HikariConfig config = new HikariConfig();
            config.setDataSource(RoundTrips.counting(driver));
            config.setPoolName("bench-" + db);
            pool = new HikariDataSource(config);
            store = JdbcMfaStore.create(pool);
            store.createSchema();
            bareUpdateSql = "UPDATE " + store.table() + " SET doc = " + documentParameter
                    + ", version = version + 1, updated_at = ? WHERE user_id = ? AND version = ?";
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + store.table());
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            pool.close();
            if (h2Folder != null) {
                try (Stream<Path> files = Files.walk(h2Folder)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> {
                        try {
                            Files.delete(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            }
        }
    }

    /**
     * Round trips of this thread, counted like operations (per second), so the table divides them by the
     * benchmark's throughput to give round trips per operation.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        /** JDBC calls that reach the server. */
        public long roundTrips;
        /** Measured calls, counted the same way, so round trips per call do not depend on JMH's timing window. */
        public long calls;

        @Setup(Level.Iteration)
        public void reset() {
            roundTrips = 0;
            calls = 0;
            RoundTrips.take();
        }

        void count() {
            roundTrips += RoundTrips.take();
            calls++;
        }
    }

    /** This thread's user: TOTP enrolled through its own {@code Mfa} on the shared store. */
    @State(Scope.Thread)
    public static class User {
        SteppingClock clock;
        Mfa mfa;
        MfaUser user;
        Fixtures.Totp totp;
        CodeTable codes;
        String bareId;
        String bareDoc;
        long bareVersion;

        @Setup(Level.Trial)
        public void enrol(Database database) throws SQLException {
            int n = database.threads.incrementAndGet();
            clock = new SteppingClock(Fixtures.START);
            mfa = Fixtures.mfa(database.store, clock, "SHA1");
            user = MfaUser.of("user-" + n);
            totp = Fixtures.enrolTotp(mfa, user, clock);
            codes = new CodeTable(totp.mac(), totp.digits());
            bareId = "bare-" + n;
            String table = database.store.table();
            try (Connection c = database.pool.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT doc FROM " + table + " WHERE user_id = ?")) {
                    ps.setString(1, user.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        bareDoc = rs.getString(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                        + " (user_id, doc, version, updated_at) VALUES (?, " + database.documentParameter + ", 1, ?)")) {
                    ps.setString(1, bareId);
                    ps.setString(2, bareDoc);
                    ps.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                    ps.executeUpdate();
                }
            }
            bareVersion = 1;
        }

        @Setup(Level.Iteration)
        public void prepareCodes() {
            codes.refill(totp.step(clock));
        }

        @TearDown(Level.Iteration)
        public void report() {
            codes.endIteration("JdbcBenchmark " + user.id());
        }

        Result verifyNext() {
            clock.advance(totp.period());
            MfaInput code = MfaInput.code(codes.code(totp.step(clock)));
            return Fixtures.require(mfa.verify(user, TotpProviderFactory.ID, code, MfaSession.of(Fixtures.SESSION)),
                    Status.ACCEPTED, "TOTP verify on the JDBC store");
        }

        boolean bareUpdate(Database database) throws SQLException {
            try (Connection c = database.pool.getConnection();
                 PreparedStatement ps = c.prepareStatement(database.bareUpdateSql)) {
                ps.setString(1, bareDoc);
                ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                ps.setString(3, bareId);
                ps.setLong(4, bareVersion);
                if (ps.executeUpdate() != 1) {
                    throw new IllegalStateException("bare conditional update missed its version");
                }
                bareVersion++;
                return true;
            }
        }
    }

    @Benchmark
    public Result verify(Database database, User user, Counters counters) {
        Result r = user.verifyNext();
        counters.count();
        return r;
    }

    @Benchmark
    @Threads(8)
    // Eight threads and the database share 2 cores with the JIT: four 2 s warm-up iterations left the
    // mfa4j side still rising by 10 % an iteration (13,500 to 19,500 verifications/s), so these warm up longer.
    @Warmup(iterations = 10, time = 2)
    public Result verify8(Database database, User user, Counters counters) {
        return verify(database, user, counters);
    }

    @Benchmark
    public boolean bareUpdate(Database database, User user, Counters counters) throws SQLException {
        boolean r = user.bareUpdate(database);
        counters.count();
        return r;
    }

    @Benchmark
    @Threads(8)
    // Eight threads and the database share 2 cores with the JIT: four 2 s warm-up iterations left the
    // mfa4j side still rising by 10 % an iteration (13,500 to 19,500 verifications/s), so these warm up longer.
    @Warmup(iterations = 10, time = 2)
    public boolean bareUpdate8(Database database, User user, Counters counters) throws SQLException {
        return bareUpdate(database, user, counters);
    }
}
