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
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaStoreException;
import org.mfa4j.internal.Documents;
import org.mfa4j.internal.ProviderRecord;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.jdbc.TestDatabases;

class JdbcMfaStoreH2Test extends JdbcStoreTest {

    private static HikariDataSource pool;

    @BeforeAll
    static void startDatabase() {
        pool = TestDatabases.h2Pool(TestDatabases.h2Url(), "h2-contract", 8);
        JdbcMfaStore.create(pool).createSchema();
    }

    @AfterAll
    static void stopDatabase() {
        pool.close();
    }

    @Override
    protected MfaStore createStore() {
        return JdbcMfaStore.create(pool);
    }

    @Override
    DataSource pool() {
        return pool;
    }

    @Override
    JdbcDialect expectedDialect() {
        return JdbcDialect.h2();
    }

    @Override
    String scriptName() {
        return "schema-h2.sql";
    }

    @Test
    void anotherTableNameIsPutIntoTheScript() throws SQLException {
        JdbcMfaStore s = JdbcMfaStore.builder(pool).table("mfa_custom").dialect(JdbcDialect.h2()).build();
        assertThat(s.schemaScript()).contains("CREATE TABLE IF NOT EXISTS mfa_custom").doesNotContain("mfa4j_user");
        s.createSchema();
        s.compareAndSet("carol", 0, stored(UserDocument.empty()));
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM mfa_custom WHERE user_id = 'carol'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void tableNamesAreIdentifiersOnly() {
        JdbcMfaStore.Builder b = JdbcMfaStore.builder(pool);
        for (String bad : List.of("", "1abc", "a-b", "x; DROP TABLE y", "a.b.c", "\"quoted\"", "a".repeat(64))) {
            assertThatThrownBy(() -> b.table(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(JdbcMfaStore.builder(pool).table("public.mfa_users").build().table()).isEqualTo("public.mfa_users");
    }

    @Test
    void rowHoldsJsonVersionAndUpdatedAtFromTheEnginesClock() throws SQLException {
        Instant written = Instant.parse("2026-05-06T07:08:09Z");
        JdbcMfaStore s = JdbcMfaStore.create(pool);
        String u = user("row");
        s.compareAndSet(u, 0, Documents.richDocument().toDocument(written));
        s.compareAndSet(u, 1, Documents.richDocument().withAccountFailures(6).toDocument(written.plusSeconds(180)));
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT doc, version, updated_at FROM mfa4j_user WHERE user_id = ?")) {
            ps.setString(1, u);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("{\"format\":1,\"providers\":[{\"id\":\"totp\"")
                        .contains("\"accountFailures\":6");
                assertThat(rs.getLong(2)).isEqualTo(2);
                assertThat(rs.getObject(3, OffsetDateTime.class).toInstant())
                        .isEqualTo(Instant.parse("2026-05-06T07:11:09Z"));
            }
        }
    }

    @Test
    void databaseMessagesThatMayQuoteTheDocumentAreWithheld() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS mfa_narrow (user_id VARCHAR(255) PRIMARY KEY, doc VARCHAR(40) NOT NULL,"
                    + " version BIGINT NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        JdbcMfaStore narrow = JdbcMfaStore.builder(pool).table("mfa_narrow").dialect(JdbcDialect.builder("h2-text")
                .schema("-- created by the test").build()).build();
        UserDocument doc = UserDocument.empty().withProvider("code", ProviderRecord.created(Instant.EPOCH)
                .withProperties(Map.of("code", "v1.k1.SEALED-SECRET-VALUE")));
        assertThatThrownBy(() -> narrow.compareAndSet(user("narrow"), 0, stored(doc)))
                .isInstanceOf(MfaStoreException.class)
                .hasMessageContaining("SQLState 22001")
                .hasMessageContaining("withheld")
                .satisfies(e -> JdbcFailuresTest.quotesNone(e, "SEALED-SECRET-VALUE"));
    }

    @Test
    void aMissingTableIsAStoreFailureThatSaysSo() {
        JdbcMfaStore s = JdbcMfaStore.builder(pool).table("mfa_absent").build();
        assertThatThrownBy(() -> s.load("x")).isInstanceOf(MfaStoreException.class)
                .hasMessageContaining("42102").hasMessageContaining("MFA_ABSENT");
    }

    @Test
    void aClosedPoolIsAStoreFailure() {
        HikariDataSource other = TestDatabases.h2Pool(TestDatabases.h2Url(), "h2-closed", 1);
        JdbcMfaStore s = JdbcMfaStore.builder(other).dialect(JdbcDialect.h2()).build();
        s.createSchema();
        other.close();
        assertThatThrownBy(() -> s.load("x")).isInstanceOf(MfaStoreException.class);
        assertThatThrownBy(() -> s.compareAndSet("x", 0, stored(UserDocument.empty()))).isInstanceOf(MfaStoreException.class);
        assertThatThrownBy(() -> s.delete("x", 1, Documents.AT)).isInstanceOf(MfaStoreException.class);
    }

    @Test
    void scriptsSplitIntoStatements() {
        assertThat(JdbcDialect.statements("-- c\nCREATE A (\n x INT\n);\n\nCREATE B;\n"))
                .containsExactly("CREATE A (\n x INT\n)", "CREATE B");
    }
}
