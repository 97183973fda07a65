package org.mfa4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfa4j.internal.Documents.stored;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaStoreException;
import org.mfa4j.internal.DocumentJson;
import org.mfa4j.internal.Documents;
import org.mfa4j.internal.ProviderRecord;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.testing.MfaStoreContractTest;
import org.mfa4j.testing.jdbc.ProbedDataSource;

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
        s.compareAndSet(u, 0, stored(UserDocument.empty().withFactorEpoch(4)));
        s.createSchema();
        s.createSchema();
        assertThat(UserDocument.of(s.load(u).orElseThrow().document()).factorEpoch()).isEqualTo(4);
    }

    /** The pool the store under test uses. */
    abstract DataSource pool();

    @Test
    void remembersWhatItWroteAndReadAndForgetsAStaleWrite() {
        String u = user("remember");
        JdbcMfaStore s = (JdbcMfaStore) store;
        JdbcMfaStore other = JdbcMfaStore.create(pool());
        UserDocument d1 = UserDocument.empty().withFactorEpoch(1);
        s.compareAndSet(u, 0, stored(d1));
        assertThat(Documents.versioned(s.remembered(u))).contains(new Documents.Decoded(d1, 1));
        UserDocument d2 = d1.withFactorEpoch(2);
        other.compareAndSet(u, 1, stored(d2));
        assertThat(Documents.versioned(other.remembered(u))).contains(new Documents.Decoded(d2, 2));
        assertThat(Documents.versioned(s.remembered(u))).as("another node's write is not seen: stale").contains(new Documents.Decoded(d1, 1));

        assertThat(s.compareAndSet(u, 1, stored(d1.withFactorEpoch(3)))).as("the stale version is rejected").isFalse();
        assertThat(s.remembered(u)).as("forgotten after a rejected write").isEmpty();
        assertThat(Documents.versioned(s.load(u))).contains(new Documents.Decoded(d2, 2));
        assertThat(Documents.versioned(s.remembered(u))).as("remembered after a read").contains(new Documents.Decoded(d2, 2));
    }

    @Test
    void rememberedUsersAreBoundedLeastRecentlyUsedFirst() {
        JdbcMfaStore s = JdbcMfaStore.builder(pool()).rememberedUsers(3).build();
        for (int i = 1; i <= 3; i++) {
            s.compareAndSet(user("bounded-" + i), 0, stored(UserDocument.empty().withFactorEpoch(i)));
        }
        assertThat(s.remembered(user("bounded-1"))).as("used again: now the most recent").isPresent();
        for (int i = 4; i <= 5; i++) {
            s.compareAndSet(user("bounded-" + i), 0, stored(UserDocument.empty().withFactorEpoch(i)));
        }
        assertThat(s.rememberedCount()).isEqualTo(3);
        assertThat(s.remembered(user("bounded-2"))).isEmpty();
        assertThat(s.remembered(user("bounded-3"))).isEmpty();
        for (int i : new int[] {1, 4, 5}) {
            assertThat(s.remembered(user("bounded-" + i))).as("user %d", i).map(v -> UserDocument.of(v.document()).factorEpoch())
                    .contains((long) i);
        }
        assertThat(s.toString()).contains("remembered=3 of 3").doesNotContain("bounded");
    }

    @Test
    void rememberingCanBeTurnedOff() {
        JdbcMfaStore s = JdbcMfaStore.builder(pool()).rememberedUsers(0).build();
        String u = user("off");
        s.compareAndSet(u, 0, stored(UserDocument.empty()));
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
        s.compareAndSet(u, 0, stored(UserDocument.empty()));
        assertThat(s.remembered(u)).isPresent();
        probe.failing(true);
        assertThatThrownBy(() -> s.compareAndSet(u, 1, stored(UserDocument.empty().withFactorEpoch(1))))
                .isInstanceOf(MfaStoreException.class);
        assertThat(s.remembered(u)).as("forgotten after a failed write").isEmpty();
        probe.failing(false);
        s.load(u);
        assertThat(s.remembered(u)).isPresent();
        probe.failing(true);
        assertThatThrownBy(() -> s.load(u)).isInstanceOf(MfaStoreException.class);
        assertThat(s.remembered(u)).as("forgotten after a failed read").isEmpty();
        probe.failing(false);
        assertThat(Documents.versioned(s.load(u))).contains(new Documents.Decoded(UserDocument.empty(), 1));
    }

    @Test
    void aDeleteLeavesATombstoneAndTheVersionsGoOn() throws SQLException {
        JdbcMfaStore s = (JdbcMfaStore) store;
        String u = user("tombstone");
        s.compareAndSet(u, 0, stored(Documents.richDocument()));
        s.compareAndSet(u, 1, stored(Documents.richDocument().withAccountFailures(1)));
        assertThat(s.delete(u, 2, Documents.AT)).isTrue();
        assertThat(s.remembered(u)).isEmpty();
        assertThat(row(u)).as("the tombstone keeps no data").containsExactly("null", "3");
        assertThat(s.load(u)).isEmpty();
        assertThat(s.compareAndSet(u, 0, stored(UserDocument.empty().withFactorEpoch(7)))).isTrue();
        assertThat(Documents.versioned(s.load(u))).contains(new Documents.Decoded(UserDocument.empty().withFactorEpoch(7), 4));
        assertThat(s.compareAndSet(u, 0, stored(UserDocument.empty()))).as("insert over a live document").isFalse();
    }

    /**
     * A driver sends an unpaired surrogate as {@code ?} (PostgreSQL's does): the store refuses such an id
     * before any SQL, so it can never read, write or delete the row of the id it would turn into.
     */
    @Test
    void anIdThatUtf8CannotEncodeIsRefusedAndNeverReachesItsLookalikesRow() throws SQLException {
        String lookalike = user("bob?");
        String broken = user("bob\uD800");
        UserDocument bobs = UserDocument.empty().withFactorEpoch(5);
        assertThat(store.compareAndSet(lookalike, 0, stored(bobs))).isTrue();
        List<ThrowingCallable> calls = List.of(() -> store.load(broken), () -> store.remembered(broken),
                () -> store.compareAndSet(broken, 0, stored(UserDocument.empty())),
                () -> store.compareAndSet(broken, 1, stored(UserDocument.empty())), () -> store.delete(broken, 1, Documents.AT));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired surrogate");
        }
        assertThat(Documents.versioned(store.load(lookalike))).contains(new Documents.Decoded(bobs, 1));
        assertThat(userIds(user("bob") + "%")).containsExactly(lookalike);
    }

    /**
     * The longest ids: 255 UTF-8 bytes, of non-ASCII characters or of ASCII: the column holds each, and each
     * round-trips through every operation and comes back from SQL unchanged. One byte more is refused.
     */
    @Test
    void theLongestIdsAreKeptExactly() throws SQLException {
        List<String> ids = List.of("\u20ac".repeat(85), "\uD83D\uDE00".repeat(63) + "abc", "x".repeat(255));
        assertThat(ids).allSatisfy(id -> assertThat(id.getBytes(StandardCharsets.UTF_8)).hasSize(255));
        JdbcMfaStore s = (JdbcMfaStore) store;
        for (String tooLong : List.of("\u20ac".repeat(86), "\uD83D\uDE00".repeat(127) + "x")) {
            assertThatThrownBy(() -> s.compareAndSet(tooLong, 0, stored(Documents.richDocument())))
                    .as("the limit counts UTF-8 bytes").isInstanceOf(IllegalArgumentException.class);
        }
        for (String id : ids) {
            deleteRow(id); // the ids cannot carry this run's prefix: clear what an earlier run left
            UserDocument d1 = Documents.richDocument();
            UserDocument d2 = d1.withAccountFailures(6);
            assertThat(s.compareAndSet(id, 0, stored(d1))).isTrue();
            assertThat(s.compareAndSet(id, 1, stored(d2))).isTrue();
            assertThat(Documents.versioned(s.remembered(id))).contains(new Documents.Decoded(d2, 2));
            assertThat(Documents.versioned(s.load(id))).contains(new Documents.Decoded(d2, 2));
            assertThat(userIds(id)).containsExactly(id);
            assertThat(s.delete(id, 2, Documents.AT)).isTrue();
            assertThat(s.load(id)).isEmpty();
            deleteRow(id);
        }
    }

    /**
     * A node that remembers a user's document while another node deletes it and the id is created again
     * (another person, or the same one enrolling afresh) can neither write the old document back nor read
     * it: the tombstone kept the versions going up, so the remembered version matches nothing.
     */
    @Test
    void aDocumentRememberedAcrossADeleteIsNeverWrittenBackNorReadAgain() {
        JdbcMfaStore a = (JdbcMfaStore) store;
        JdbcMfaStore b = JdbcMfaStore.create(pool());
        String u = user("recreated");
        UserDocument old = Documents.richDocument();
        assertThat(a.compareAndSet(u, 0, stored(old))).isTrue();
        assertThat(b.delete(u, 1, Documents.AT)).isTrue();
        assertThat(b.compareAndSet(u, 2, stored(old))).as("the tombstone's version names no document").isFalse();
        UserDocument fresh = UserDocument.empty().withFactorEpoch(1);
        assertThat(b.compareAndSet(u, 0, stored(fresh))).isTrue();
        assertThat(b.remembered(u)).as("nothing of the old document on the deleting node").isEmpty();

        assertThat(Documents.versioned(a.remembered(u))).as("stale, as remembered documents may be").contains(new Documents.Decoded(old, 1));
        assertThat(a.compareAndSet(u, 1, stored(old.withAccountFailures(6)))).as("the old document written back").isFalse();
        assertThat(a.remembered(u)).isEmpty();
        assertThat(Documents.versioned(a.load(u))).contains(new Documents.Decoded(fresh, 3));
        assertThat(Documents.versioned(a.remembered(u))).contains(new Documents.Decoded(fresh, 3));
    }

    /**
     * A document just under the text cap, made of what a database spaces out most (lists of empty
     * strings: PostgreSQL's {@code jsonb} returns {@code ["", ""]}), is read back whatever the database did
     * to its text.
     */
    @Test
    void aDocumentNearTheTextCapRoundTrips() throws SQLException {
        UserDocument doc = UserDocument.empty();
        for (int p = 0; DocumentJson.encode(doc).length() < DocumentJson.MAX_DOCUMENT_CHARS - 1000; p++) {
            Map<String, Object> lists = new LinkedHashMap<>();
            for (int i = 0; i < 60 && DocumentJson.encode(doc).length() + (i + 1) * 800 < DocumentJson.MAX_DOCUMENT_CHARS; i++) {
                lists.put("l" + i, Collections.nCopies(DocumentJson.MAX_LIST_STRINGS, ""));
            }
            doc = doc.withProvider("p" + p, ProviderRecord.created(Instant.EPOCH).withProperties(lists));
        }
        String u = user("near-the-cap");
        assertThat(store.compareAndSet(u, 0, stored(doc))).isTrue();
        assertThat(Documents.decoded(store.load(u).orElseThrow())).isEqualTo(doc);
        int stored = row(u)[0].length();
        assertThat(stored).isLessThanOrEqualTo(DocumentJson.MAX_STORED_CHARS);
        if (expectedDialect() == JdbcDialect.postgresql()) {
            assertThat(stored).as("jsonb's spaces take the text past the write cap").isGreaterThan(
                    DocumentJson.MAX_DOCUMENT_CHARS);
        }
    }

    @Test
    void aDocumentOfAnotherFormatIsRefusedNotDropped() throws SQLException {
        String u = user("future");
        store.compareAndSet(u, 0, stored(UserDocument.empty()));
        overwrite(u, "{\"format\":2,\"providers\":[],\"accountFailures\":0,\"factorEpoch\":0,\"replay\":{}}");
        assertThatThrownBy(() -> Documents.decoded(store.load(u).orElseThrow())).isInstanceOf(MfaStoreException.class)
                .hasMessageContaining("format 2").hasMessageContaining("upgrade");
        overwrite(u, "{\"format\":1,\"providers\":[],\"accountFailures\":0,\"factorEpoch\":0,"
                + "\"secretThing\":\"SEALED-SECRET-VALUE\"}");
        assertThatThrownBy(() -> Documents.decoded(store.load(u).orElseThrow())).isInstanceOf(MfaStoreException.class)
                .hasMessageContaining("[secretThing]").hasMessageNotContaining("SEALED-SECRET-VALUE");
    }

    /** A megabyte of crafted JSON in a row costs a read no parsing: the store refuses it on its length. */
    @Test
    void aCraftedRowOfAMegabyteIsRefusedOnRead() throws SQLException {
        String u = user("crafted");
        store.compareAndSet(u, 0, stored(UserDocument.empty()));
        StringBuilder json = new StringBuilder("{\"format\":1,\"providers\":[],\"accountFailures\":0,"
                + "\"factorEpoch\":0,\"x\":{");
        for (int i = 0; json.length() < 1 << 20; i++) {
            json.append(i == 0 ? "" : ",").append("\"SEALED").append(i).append("\":[\"a\",{\"b\":[1]}]");
        }
        overwrite(u, json.append("}}").toString());
        assertThatThrownBy(() -> store.load(u)).isInstanceOf(MfaStoreException.class)
                .hasMessageStartingWith("a stored MFA document has ").hasMessageEndingWith(" characters; at most "
                        + JdbcMfaStore.MAX_STORED_CHARS + " are read");
    }

    @Test
    void aDocumentOverACapIsRefusedOnWriteAndNothingIsWritten() {
        String u = user("over");
        Map<String, Object> many = new LinkedHashMap<>();
        for (int i = 0; i <= DocumentJson.MAX_PROPERTIES; i++) {
            many.put("k" + i, "v");
        }
        UserDocument over = UserDocument.empty().withProvider("p", ProviderRecord.created(Instant.EPOCH)
                .withProperties(many));
        assertThatThrownBy(() -> store.compareAndSet(u, 0, stored(over))).isInstanceOf(MfaStoreException.class)
                .hasMessage("an MFA document cannot be stored: 'properties' of provider 'p' has more than 64"
                        + " entries (the cap)");
        assertThat(store.load(u)).isEmpty();
    }

    /** The user ids of the rows whose id is {@code LIKE pattern}, as SQL returns them. */
    private List<String> userIds(String pattern) throws SQLException {
        try (Connection c = pool().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT user_id FROM mfa4j_user WHERE user_id LIKE ?")) {
            ps.setString(1, pattern);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    private void deleteRow(String userId) throws SQLException {
        try (Connection c = pool().getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM mfa4j_user WHERE user_id = ?")) {
            ps.setString(1, userId);
            ps.executeUpdate();
        }
    }

    /** Replaces the row's document text, as a hand-written or crafted {@code UPDATE} would. */
    void overwrite(String userId, String json) throws SQLException {
        try (Connection c = pool().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE mfa4j_user SET doc = "
                     + expectedDialect().documentParameter() + " WHERE user_id = ?")) {
            ps.setString(1, json);
            ps.setString(2, userId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
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
