package org.mfa4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfa4j.internal.Documents.stored;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaStoreException;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.testing.jdbc.TestDatabases;

/**
 * What a {@link JdbcMfaStore} failure may say: never the JDBC URL, its credentials or the login, whatever
 * the driver or the pool put in their messages. Real peers: the JDK's {@link DriverManager}, HikariCP, H2.
 */
class JdbcFailuresTest {

    static final String PASSWORD = "hunter2-not-to-be-quoted";
    private static final String URL = "jdbc:mfa4j-nowhere://admin:" + PASSWORD + "@db.example.org:5432/mfa?user=admin"
            + "&password=" + PASSWORD;

    @Test
    void aUrlWithCredentialsThatNoDriverTakesIsNeverQuoted() {
        assertThatThrownBy(() -> DriverManager.getConnection(URL)).as("the peer itself quotes the URL")
                .isInstanceOf(SQLException.class).hasMessageContaining(PASSWORD);
        JdbcMfaStore s = JdbcMfaStore.builder(driverManager(URL)).dialect(JdbcDialect.h2()).build();
        assertThatThrownBy(() -> s.load("alice")).isInstanceOf(MfaStoreException.class)
                .hasMessage("the MFA store failed reading a user's document (SQLState 08001, error code 0): no JDBC"
                        + " driver on the class path accepts the data source's URL (the URL is withheld: it may hold"
                        + " the login)")
                .satisfies(e -> quotesNone(e, PASSWORD, "db.example.org", "admin"))
                .satisfies(e -> assertThat(e.getCause()).hasMessage("No suitable driver (the URL is withheld)"));
        assertThatThrownBy(() -> JdbcMfaStore.create(driverManager(URL)).dialect())
                .isInstanceOf(MfaStoreException.class).hasMessageContaining("detecting the database")
                .satisfies(e -> quotesNone(e, PASSWORD, "db.example.org", "admin"));
    }

    /**
     * HikariCP throws unchecked, with the URL in its message (it masks a {@code password=} parameter, not
     * the password before the host), when it finds no driver for it; a lazily started pool does so on the
     * store's first call.
     */
    @Test
    void aPoolThatCannotStartIsAStoreFailureThatQuotesNothing() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(URL);
            pool.setUsername("admin");
            pool.setPassword(PASSWORD);
            assertThatThrownBy(pool::getConnection).as("the peer itself quotes the URL")
                    .isInstanceOf(RuntimeException.class).hasMessageContaining(PASSWORD);
            for (JdbcMfaStore s : new JdbcMfaStore[] {JdbcMfaStore.create(pool),
                    JdbcMfaStore.builder(pool).dialect(JdbcDialect.h2()).build()}) {
                assertThatThrownBy(() -> s.compareAndSet("alice", 0, stored(UserDocument.empty())))
                        .isInstanceOf(MfaStoreException.class).hasMessageContaining("withheld")
                        .satisfies(e -> quotesNone(e, PASSWORD, "db.example.org", "admin"));
            }
        }
    }

    @Test
    void aWrongPasswordIsALoginFailureInOurWords() throws SQLException {
        String url = TestDatabases.h2Url();
        try (Connection created = DriverManager.getConnection(url, "owner", "right")) {
            assertThat(created.isValid(1)).isTrue();
            JdbcMfaStore s = JdbcMfaStore.builder(driverManager(url + ";USER=owner;PASSWORD=" + PASSWORD))
                    .dialect(JdbcDialect.h2()).build();
            assertThatThrownBy(() -> s.load("alice")).isInstanceOf(MfaStoreException.class)
                    .hasMessageContaining("SQLState 28000").hasMessageContaining("refused the login")
                    .satisfies(e -> quotesNone(e, PASSWORD, "owner"));
        }
    }

    /** A statement's message is quoted, for operators (the table is missing), with URLs and passwords masked. */
    @Test
    void aStatementMessageIsQuotedWithUrlsAndPasswordsMasked() {
        SQLException e = new SQLException("permission denied for table mfa4j_user (jdbc:postgresql://admin:" + PASSWORD
                + "@db/mfa, password=" + PASSWORD + ", https://x.example/?token=" + PASSWORD + ")\n  Detail: more",
                "42501", 3);
        assertThat(JdbcFailures.failure("reading a user's document", e)).hasMessage("the MFA store failed reading a"
                        + " user's document (SQLState 42501, error code 3): permission denied for table mfa4j_user"
                        + " (<URL withheld> password=***, <URL withheld>")
                .satisfies(f -> quotesNone(f, PASSWORD));
    }

    @Test
    void otherMessagesAreWithheldAndTheCauseChainKeepsEverythingButMessages() {
        SQLException inner = new SQLException("value too long: " + PASSWORD, "22001", 7);
        RuntimeException outer = new IllegalStateException("wrapped " + PASSWORD, inner);
        outer.addSuppressed(new SQLException("rollback failed " + PASSWORD, "08003"));
        MfaStoreException f = JdbcFailures.failure("writing a user's document", inner);
        assertThat(f).hasMessage("the MFA store failed writing a user's document (SQLException, SQLState 22001, error"
                + " code 7; the database's message is withheld because it may quote stored data)");
        MfaStoreException g = JdbcFailures.failure("writing a user's document", outer);
        quotesNone(g, PASSWORD);
        assertThat(g.getCause()).hasMessage("java.lang.IllegalStateException (message withheld)");
        assertThat(g.getCause().getStackTrace()).isEqualTo(outer.getStackTrace());
        assertThat(g.getCause().getCause()).isInstanceOfSatisfying(SQLException.class, s -> {
            assertThat(s.getSQLState()).isEqualTo("22001");
            assertThat(s.getErrorCode()).isEqualTo(7);
        });
        assertThat(g.getCause().getSuppressed()).singleElement().isInstanceOfSatisfying(SQLException.class,
                s -> assertThat(s.getSQLState()).isEqualTo("08003"));
    }

    /** A data source that opens every connection with {@link DriverManager}, as a plain application's may. */
    static DataSource driverManager(String url) {
        return (DataSource) Proxy.newProxyInstance(JdbcFailuresTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return DriverManager.getConnection(url);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Neither {@code e} nor anything in its chain of causes and suppressed exceptions mentions any of {@code words}. */
    static void quotesNone(Throwable e, String... words) {
        for (String word : words) {
            assertThat(e.toString()).as("%s", e.getClass()).doesNotContain(word);
        }
        for (Throwable s : e.getSuppressed()) {
            quotesNone(s, words);
        }
        if (e.getCause() != null) {
            quotesNone(e.getCause(), words);
        }
    }
}
