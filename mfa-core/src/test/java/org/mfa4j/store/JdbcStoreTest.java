package org.mfa4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaStoreException;
import org.mfa4j.spi.UserDocument;
import org.mfa4j.spi.VersionedDocument;
import org.mfa4j.testing.MfaStoreContractTest;
import org.mfa4j.testing.ProbedDataSource;

/** The store contract plus what every built-in dialect of {@link JdbcMfaStore} must do. */
abstract class JdbcStoreTest extends MfaStoreContractTest {

    /** The dialect the database's metadata should select. */
    abstract JdbcDialect expectedDialect();

    /** The shipped script of that dialect, in {@code org/mfa4j/store}. */
    abstract String scriptName();

    @Test
    void detectsTheDialectAndRunsTheShippedScript() {
        JdbcMfaStore s = (JdbcMfaStore) store;
        assertThat(s.dialect()).isSameAs(expectedDialect());
        assertThat(s.schemaScript()).isEqualTo(JdbcDialect.resource(scriptName()))
                .contains("CREATE TABLE IF NOT EXISTS mfa4j_user");
    }

    @Test
    void createSchemaIsIdempotentAndKeepsRows() {
        JdbcMfaStore s = (JdbcMfaStore) store;
        String u = user("kept");
        s.compareAndSet(u, 0, UserDocument.empty().withFactorEpoch(4));
        s.createSchema();
        s.createSchema();
        assertThat(s.load(u).orElseThrow().document().factorEpoch()).isEqualTo(4);
    }

    /** The pool the store under test uses. */
    abstract DataSource pool();

    @Test
    void remembersWhatItWroteAndReadAndForgetsAStaleWrite() {
        String u = user("remember");
        JdbcMfaStore s = (JdbcMfaStore) store;
        JdbcMfaStore other = JdbcMfaStore.create(pool());
        UserDocument d1 = UserDocument.empty().withFactorEpoch(1);
        s.compareAndSet(u, 0, d1);
        assertThat(s.remembered(u)).contains(new VersionedDocument(d1, 1));
        UserDocument d2 = d1.withFactorEpoch(2);
        other.compareAndSet(u, 1, d2);
        assertThat(other.remembered(u)).contains(new VersionedDocument(d2, 2));
        assertThat(s.remembered(u)).as("another node's write is not seen: stale").contains(new VersionedDocument(d1, 1));

        assertThat(s.compareAndSet(u, 1, d1.withFactorEpoch(3))).as("the stale version is rejected").isFalse();
        assertThat(s.remembered(u)).as("forgotten after a rejected write").isEmpty();
        assertThat(s.load(u)).contains(new VersionedDocument(d2, 2));
        assertThat(s.remembered(u)).as("remembered after a read").contains(new VersionedDocument(d2, 2));
    }

    @Test
    void rememberedUsersAreBoundedLeastRecentlyUsedFirst() {
        JdbcMfaStore s = JdbcMfaStore.builder(pool()).rememberedUsers(3).build();
        for (int i = 1; i <= 3; i++) {
            s.compareAndSet(user("bounded-" + i), 0, UserDocument.empty().withFactorEpoch(i));
        }
        assertThat(s.remembered(user("bounded-1"))).as("used again: now the most recent").isPresent();
        for (int i = 4; i <= 5; i++) {
            s.compareAndSet(user("bounded-" + i), 0, UserDocument.empty().withFactorEpoch(i));
        }
        assertThat(s.rememberedCount()).isEqualTo(3);
        assertThat(s.remembered(user("bounded-2"))).isEmpty();
        assertThat(s.remembered(user("bounded-3"))).isEmpty();
        for (int i : new int[] {1, 4, 5}) {
            assertThat(s.remembered(user("bounded-" + i))).as("user %d", i).map(v -> v.document().factorEpoch())
                    .contains((long) i);
        }
        assertThat(s.toString()).contains("remembered=3 of 3").doesNotContain("bounded");
    }

    @Test
    void rememberingCanBeTurnedOff() {
        JdbcMfaStore s = JdbcMfaStore.builder(pool()).rememberedUsers(0).build();
        String u = user("off");
        s.compareAndSet(u, 0, UserDocument.empty());
        s.load(u);
        assertThat(s.remembered(u)).isEmpty();
        assertThat(s.rememberedCount()).isZero();
        assertThat(s.toString()).contains("remembered=off");
        assertThatThrownBy(() -> JdbcMfaStore.builder(pool()).rememberedUsers(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 turns remembering off");
    }

    @Test
    void aDatabaseErrorForgetsTheRememberedDocument() {
        ProbedDataSource probe = ProbedDataSource.of(pool());
        JdbcMfaStore s = JdbcMfaStore.builder(probe.dataSource()).dialect(((JdbcMfaStore) store).dialect()).build();
        String u = user("error");
        s.compareAndSet(u, 0, UserDocument.empty());
        assertThat(s.remembered(u)).isPresent();
        probe.failing(true);
        assertThatThrownBy(() -> s.compareAndSet(u, 1, UserDocument.empty().withFactorEpoch(1)))
                .isInstanceOf(MfaStoreException.class);
        assertThat(s.remembered(u)).as("forgotten after a failed write").isEmpty();
        probe.failing(false);
        s.load(u);
        assertThat(s.remembered(u)).isPresent();
        probe.failing(true);
        assertThatThrownBy(() -> s.load(u)).isInstanceOf(MfaStoreException.class);
        assertThat(s.remembered(u)).as("forgotten after a failed read").isEmpty();
        probe.failing(false);
        assertThat(s.load(u)).contains(new VersionedDocument(UserDocument.empty(), 1));
    }

    @Test
    void aDeleteLeavesATombstoneAndTheVersionsGoOn() throws SQLException {
        JdbcMfaStore s = (JdbcMfaStore) store;
        String u = user("tombstone");
        s.compareAndSet(u, 0, richDocument());
        s.compareAndSet(u, 1, richDocument().withAccountFailures(1));
        assertThat(s.delete(u, 2)).isTrue();
        assertThat(s.remembered(u)).isEmpty();
        assertThat(row(u)).as("the tombstone keeps no data").containsExactly("null", "3");
        assertThat(s.load(u)).isEmpty();
        assertThat(s.compareAndSet(u, 0, UserDocument.empty().withFactorEpoch(7))).isTrue();
        assertThat(s.load(u)).contains(new VersionedDocument(UserDocument.empty().withFactorEpoch(7), 4));
        assertThat(s.compareAndSet(u, 0, UserDocument.empty())).as("insert over a live document").isFalse();
    }

    /** The row's document (as text) and version. */
    private String[] row(String userId) throws SQLException {
        try (Connection c = pool().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT doc, version FROM mfa4j_user WHERE user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the row is kept").isTrue();
                return new String[] {rs.getString(1), Long.toString(rs.getLong(2))};
            }
        }
    }
}
