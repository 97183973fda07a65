package org.mfa4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfa4j.internal.Documents.stored;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaStoreException;
import org.mfa4j.internal.Documents;
import org.mfa4j.internal.ProviderRecord;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.testing.jdbc.TestDatabases;

/** The store contract on a real PostgreSQL (see {@link TestDatabases}: skipped without one, failed in CI). */
class JdbcMfaStorePostgresTest extends JdbcStoreTest {

    private static HikariDataSource pool;

    @AfterAll
    static void disconnect() {
        if (pool != null) {
            pool.close();
        }
    }

    /** Skips (or in CI fails) each test without PostgreSQL, so every one of them shows as skipped. */
    @Override
    protected MfaStore createStore() {
        TestDatabases.postgres();
        synchronized (JdbcMfaStorePostgresTest.class) {
            if (pool == null) {
                pool = TestDatabases.postgresPool("pg-contract", 8);
                JdbcMfaStore.create(pool).createSchema();
            }
        }
        return JdbcMfaStore.create(pool);
    }

    @Override
    DataSource pool() {
        return pool;
    }

    @Override
    JdbcDialect expectedDialect() {
        return JdbcDialect.postgresql();
    }

    @Override
    String scriptName() {
        return "schema-postgresql.sql";
    }

    @Test
    void keepsTheDocumentAsJsonb() throws SQLException {
        JdbcMfaStore s = (JdbcMfaStore) store;
        String u = user("jsonb");
        s.compareAndSet(u, 0, stored(Documents.richDocument()));
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_typeof(doc)::text, doc->'providers'->0->>'id',"
                     + " (doc->>'factorEpoch')::int FROM mfa4j_user WHERE user_id = ?")) {
            ps.setString(1, u);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("jsonb");
                assertThat(rs.getString(2)).isEqualTo("totp");
                assertThat(rs.getInt(3)).isEqualTo(9);
            }
        }
    }

    @Test
    void aSecondInsertIsFalseAndLeavesTheConnectionUsable() throws SQLException {
        String u = user("twice");
        // A connection that does not auto-commit: the failed insert must not poison its transaction.
        HikariDataSource manual = TestDatabases.postgresPool("pg-manual-commit", 1, c -> c.setAutoCommit(false));
        try (manual) {
            JdbcMfaStore s = JdbcMfaStore.create(manual);
            assertThat(s.compareAndSet(u, 0, stored(UserDocument.empty()))).isTrue();
            assertThat(s.compareAndSet(u, 0, stored(UserDocument.empty().withFactorEpoch(1)))).isFalse();
            assertThat(s.compareAndSet(u, 1, stored(UserDocument.empty().withFactorEpoch(2)))).isTrue();
            assertThat(UserDocument.of(store.load(u).orElseThrow().document()).factorEpoch()).isEqualTo(2);
        }
    }

    @Test
    void aNulCharacterIsRefusedWithoutQuotingTheDocument() {
        UserDocument doc = UserDocument.empty().withProvider("code", ProviderRecord.created(Instant.EPOCH)
                .withProperties(Map.of("code", "SEALED-SECRET-VALUE\u0000")));
        assertThatThrownBy(() -> store.compareAndSet(user("nul"), 0, stored(doc)))
                .isInstanceOf(MfaStoreException.class)
                .hasMessageContaining("withheld")
                .satisfies(e -> JdbcFailuresTest.quotesNone(e, "SEALED-SECRET-VALUE"));
        assertThat(store.load(user("nul"))).isEmpty();
    }

    /** A wrong password in the URL, or a port nobody listens on: said in our words, quoting no URL or login. */
    @Test
    void loginAndConnectionFailuresQuoteNeitherTheUrlNorTheLogin() {
        TestDatabases.Postgres pg = TestDatabases.postgres();
        String wrong = pg.url() + "?user=" + pg.user() + "&password=" + JdbcFailuresTest.PASSWORD;
        JdbcMfaStore s = JdbcMfaStore.builder(JdbcFailuresTest.driverManager(wrong)).dialect(JdbcDialect.postgresql())
                .build();
        assertThatThrownBy(() -> s.load("alice")).isInstanceOf(MfaStoreException.class)
                .hasMessageContaining("SQLState 28P01").hasMessageContaining("refused the login")
                .satisfies(e -> JdbcFailuresTest.quotesNone(e, JdbcFailuresTest.PASSWORD, pg.user(), pg.url()));
        String nobody = "jdbc:postgresql://127.0.0.1:1/mfa4j?user=" + pg.user() + "&password=" + JdbcFailuresTest.PASSWORD;
        JdbcMfaStore t = JdbcMfaStore.builder(JdbcFailuresTest.driverManager(nobody)).dialect(JdbcDialect.postgresql())
                .build();
        assertThatThrownBy(() -> t.load("alice")).isInstanceOf(MfaStoreException.class)
                .hasMessageContaining("SQLState 08001").hasMessageContaining("could not be reached")
                .satisfies(e -> JdbcFailuresTest.quotesNone(e, JdbcFailuresTest.PASSWORD, pg.user(), nobody));
    }

    @Test
    void otherSchemasAndTableNamesWork() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS mfa_test_schema");
        }
        JdbcMfaStore s = JdbcMfaStore.builder(pool).table("mfa_test_schema.mfa_users").build();
        s.createSchema();
        String u = user("schema");
        assertThat(s.compareAndSet(u, 0, stored(Documents.richDocument()))).isTrue();
        assertThat(Documents.decoded(s.load(u).orElseThrow())).isEqualTo(Documents.richDocument());
        assertThat(store.load(u)).as("not in the default table").isEmpty();
    }
}
