/*
 * Over 400 lines on purpose: most of it is the store's contract in Javadoc (rows, tombstones, remembered
 * documents, failures that never quote data) and its builder; the SQL itself is a few short methods, and the
 * dialects, transactions and failure mapping live in JdbcDialect, JdbcTransactions and JdbcFailures.
 */
package org.mfa4j.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.mfa4j.MfaStoreException;
import org.mfa4j.MfaUser;
import org.mfa4j.store.JdbcTransactions.SqlWork;

/**
 * Keeps users' documents in one table of a relational database, one row per user: the user id, the
 * document as JSON, its version and when it last changed. Plain JDBC over the application's
 * {@link DataSource} (use a pool, such as HikariCP). Several application nodes on one database share every
 * user's state: lockout counts, replay guards and single-use codes hold across nodes.
 *
 * <p>Every read is one {@code SELECT}; every write is one statement: a conditional
 * {@code UPDATE ... WHERE user_id = ? AND version = ?}, or an {@code INSERT} for a new user. A change is
 * either wholly written or not at all. Each call runs in its own transaction on a connection of its own:
 * pass a plain {@code DataSource}, not one bound to the application's transactions. Every
 * {@link #compareAndSet} writes and raises the version, also when the document is the one stored: the
 * caller relies on the version it was told it wrote, so a write that changes nothing is for the caller
 * to leave out (mfa4j's engine does).
 *
 * <p>User ids are kept exactly: an id that UTF-8 cannot encode (an unpaired surrogate) is refused with an
 * {@link IllegalArgumentException} before any SQL, because a driver sends {@code ?} in its place and the
 * id would share the row of another. The {@code user_id} column ({@code VARCHAR(255)}, counted in
 * characters on both databases) holds every id {@link MfaUser#requireId} accepts, and so every id of at
 * most 255 UTF-8 bytes. A stored document of more than {@value #MAX_STORED_CHARS} characters (written by
 * hand, or crafted) is refused on read; the engine refuses any other breach of its caps when it decodes the
 * document, with a message that names the cap. Rows are stamped with the time the engine wrote the document,
 * by the engine's clock ({@link Document#writtenAt}).
 *
 * <p>The store {@linkplain #remembered remembers} the document and version it last read or wrote for up to
 * {@linkplain Builder#rememberedUsers 10,000 users} (the least recently used are forgotten first), so an
 * operation that writes can start from it without a {@code SELECT}: a verification on a warm node is one
 * round trip, the conditional {@code UPDATE}. When another node or thread wrote in between, the
 * {@code UPDATE} matches no row and the operation re-runs on a fresh read. An entry is forgotten on every
 * failed compare-and-set, delete and database error. For this, versions never repeat for a user:
 * {@link #delete} leaves a tombstone row (the user id, the JSON document {@code null} and a higher version)
 * that {@link #load} reports as no document, and the next document for the user continues from its
 * version. Rows must therefore not be deleted with SQL while nodes run; purge tombstone rows (those whose
 * {@code doc} is JSON {@code null}) only when every node started after they were written.
 *
 * <p>The schema is created only when asked: {@link #createSchema()}, or the shipped scripts
 * {@code org/mfa4j/store/schema-postgresql.sql} and {@code schema-h2.sql} applied with the application's
 * migration tool ({@code createSchema} runs the same files).
 *
 * <p>Failures throw {@link MfaStoreException}; its message and cause never quote stored data (documents hold
 * sealed secrets), the JDBC URL or the login: a database message that could is replaced by its SQLState and
 * error code, connection and login failures are said in mfa4j's words, and the cause chain keeps classes,
 * SQLStates and stack traces without messages (see {@code JdbcFailures}). A connection lost while a write
 * is under way leaves the row either as it was or wholly written; the operation reports a failure in both
 * cases (fail closed).
 *
 * <p>Thread-safe.
 */
public final class JdbcMfaStore implements MfaStore {

    /** The table name unless another is given. */
    public static final String DEFAULT_TABLE = "mfa4j_user";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern DEFAULT_TABLE_WORD = Pattern.compile("\\b" + DEFAULT_TABLE + "\\b");
    /** The document of a deleted user's row: JSON {@code null}, which no encoded document is. */
    static final String TOMBSTONE = "null";
    /** The longest document text read: twice the longest the engine writes, so hand-made rows still fit. */
    public static final int MAX_STORED_CHARS = 128 * 1024;
    /** Users whose documents are remembered unless another number is given. */
    public static final int DEFAULT_REMEMBERED_USERS = 10_000;

    private final JdbcTransactions transactions;
    private final String table;
    /** Null when remembering is off. */
    private final RememberedDocuments remembered;
    private volatile JdbcDialect dialect;

    private JdbcMfaStore(Builder b) {
        this.transactions = new JdbcTransactions(b.dataSource);
        this.table = b.table;
        this.dialect = b.dialect;
        this.remembered = b.rememberedUsers == 0 ? null : new RememberedDocuments(b.rememberedUsers);
    }

    /**
     * A store on table {@value #DEFAULT_TABLE}, with the dialect picked from the database's metadata on first
     * use. Does no I/O.
     */
    public static JdbcMfaStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Creates the table if it does not exist, by running the dialect's schema script (with this store's
     * table name). Idempotent: safe on every start and on several nodes at once.
     *
     * @throws MfaStoreException when the database refuses
     */
    public void createSchema() {
        List<String> statements = JdbcDialect.statements(schemaScript(dialect()));
        transactions.run("creating the table " + table, c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            return Boolean.TRUE;
        }, e -> createdMeanwhile(e) ? Boolean.TRUE : null);
    }

    /** The dialect's schema script with this store's table name: what {@link #createSchema()} runs. */
    public String schemaScript() {
        return schemaScript(dialect());
    }

    private String schemaScript(JdbcDialect d) {
        return DEFAULT_TABLE_WORD.matcher(d.schema()).replaceAll(Matcher.quoteReplacement(table));
    }

    // Two nodes creating the table at the same instant: PostgreSQL's IF NOT EXISTS can still meet the
    // other's catalog row. Succeed if the table is there now.
    private boolean createdMeanwhile(SQLException e) {
        if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
            return false;
        }
        return transactions.canQuery(table);
    }

    @Override
    public Optional<VersionedDocument> load(String userId) {
        requireId(userId);
        try {
            return read(userId);
        } catch (RuntimeException e) {
            forget(userId);
            throw e;
        }
    }

    private Optional<VersionedDocument> read(String userId) {
        Row row = transactions.run("reading a user's document", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT doc, version, updated_at FROM " + table
                    + " WHERE user_id = ?")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? new Row(rs.getString(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class).toInstant())
                            : new Row(null, 0, null);
                }
            }
        }, e -> null);
        String json = row.json();
        long version = row.version();
        if (json == null || json.strip().equals(TOMBSTONE)) {
            forget(userId);
            return Optional.empty();
        }
        if (version < 1) {
            throw new MfaStoreException("a stored MFA document has version " + version + "; versions start at 1");
        }
        if (json.length() > MAX_STORED_CHARS) {
            throw new MfaStoreException("a stored MFA document has " + json.length() + " characters; at most "
                    + MAX_STORED_CHARS + " are read");
        }
        VersionedDocument loaded = new VersionedDocument(Document.ofJson(json, row.updatedAt()), version);
        remember(userId, loaded);
        return Optional.of(loaded);
    }

    /**
     * The document and version this store last read or wrote for the user, if it still remembers them: no
     * I/O. May be stale (see {@link MfaStore#remembered}); empty when remembering is off.
     */
    @Override
    public Optional<VersionedDocument> remembered(String userId) {
        requireId(userId);
        return remembered == null ? Optional.empty() : remembered.get(userId);
    }

    /** How many users' documents this store remembers now (at most {@link Builder#rememberedUsers}). */
    public int rememberedCount() {
        return remembered == null ? 0 : remembered.size();
    }

    private void remember(String userId, VersionedDocument doc) {
        if (remembered != null) {
            remembered.put(userId, doc);
        }
    }

    private void forget(String userId) {
        if (remembered != null) {
            remembered.forget(userId);
        }
    }

    /**
     * {@code userId} if {@link MfaStore#requireDocumentId} accepts it and a strict UTF-8 encoder encodes it. Drivers
     * send parameters as UTF-8 and put {@code ?} in place of what has no UTF-8 form (an unpaired
     * surrogate): without this check {@code "bob\uD800"} would read and write the row of {@code "bob?"}.
     */
    private static String requireId(String userId) {
        MfaStore.requireDocumentId(userId);
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(userId)) {
            throw new IllegalArgumentException("user id must be valid Unicode: it has an unpaired surrogate, which"
                    + " UTF-8 cannot encode (the database would keep a '?' in its place)");
        }
        return userId;
    }

    @Override
    public boolean compareAndSet(String userId, long expectedVersion, Document next) {
        requireId(userId);
        Objects.requireNonNull(next, "next");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version cannot be negative");
        }
        String json = next.json();
        Instant at = next.writtenAt();
        if (expectedVersion == 0) {
            return insert(userId, next, json);
        }
        boolean written = advance(userId, "writing a user's document", json, at, liveAt(), expectedVersion,
                TOMBSTONE);
        if (written) {
            remember(userId, new VersionedDocument(next, expectedVersion + 1));
        } else {
            forget(userId);
        }
        return written;
    }

    /**
     * A new user's row, or a deleted user's tombstone turned back into a document with the next version
     * (so versions never repeat). The revived version is not known here: nothing is remembered for it.
     */
    private boolean insert(String userId, Document next, String json) {
        forget(userId);
        OffsetDateTime now = OffsetDateTime.ofInstant(next.writtenAt(), ZoneOffset.UTC);
        JdbcDialect d = dialect();
        boolean inserted = transaction(userId, "writing a user's document", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                    + " (user_id, doc, version, updated_at) VALUES (?, " + d.documentParameter() + ", 1, ?)"
                    + d.insertSuffix())) {
                ps.setString(1, userId);
                ps.setString(2, json);
                ps.setObject(3, now);
                return ps.executeUpdate() == 1;
            }
        }, e -> d.isDuplicateKey(e) ? Boolean.FALSE : null); // the row exists: a document or a tombstone
        if (inserted) {
            remember(userId, new VersionedDocument(next, 1));
            return true;
        }
        return advance(userId, "writing a user's document", json, next.writtenAt(), "doc = " + d.documentParameter(),
                TOMBSTONE);
    }

    /**
     * Deletes the user's document if its version is still {@code expectedVersion}: the row stays as a
     * tombstone (the document JSON {@code null}, the version one higher, no other data), so the user's
     * next document continues from there and no version is handed out twice.
     */
    @Override
    public boolean delete(String userId, long expectedVersion, Instant at) {
        requireId(userId);
        Objects.requireNonNull(at, "at");
        forget(userId);
        boolean deleted = advance(userId, "deleting a user's document", TOMBSTONE, at, liveAt(), expectedVersion,
                TOMBSTONE);
        forget(userId);
        return deleted;
    }

    /**
     * The condition of a write that needs a document at a version (parameters: the version, then
     * {@link #TOMBSTONE}): a tombstone has a version too, but no document, so no write may name it.
     */
    private String liveAt() {
        return "version = ? AND NOT (doc = " + dialect().documentParameter() + ")";
    }

    /**
     * One conditional {@code UPDATE}: the user's row gets document {@code json} and the next version where
     * {@code condition} (with {@code parameters}) holds. True if it changed the row.
     */
    private boolean advance(String userId, String what, String json, Instant at, String condition,
                            Object... parameters) {
        OffsetDateTime now = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        String sql = "UPDATE " + table + " SET doc = " + dialect().documentParameter()
                + ", version = version + 1, updated_at = ? WHERE user_id = ? AND " + condition;
        return transaction(userId, what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, json);
                ps.setObject(2, now);
                ps.setString(3, userId);
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(4 + i, parameters[i]);
                }
                return ps.executeUpdate() == 1;
            }
        }, e -> null);
    }

    /**
     * Runs {@code work} for {@code userId} on a connection of its own as one transaction (committed here
     * unless the connection auto-commits). A failure is rolled back, then {@code expected} may turn it into
     * a value (null: it stays a failure, and the user's remembered document is forgotten).
     */
    private <T> T transaction(String userId, String what, SqlWork<T> work, Function<SQLException, T> expected) {
        try {
            return transactions.run(what, work, expected);
        } catch (RuntimeException e) {
            forget(userId);
            throw e;
        }
    }

    private record Row(String json, long version, Instant updatedAt) {
    }

    /** The table this store uses. */
    public String table() {
        return table;
    }

    /**
     * The dialect: the one given to the builder, or the one the database's metadata names (detected once).
     *
     * @throws MfaStoreException when the database cannot be reached or has no built-in dialect
     */
    public JdbcDialect dialect() {
        JdbcDialect d = dialect;
        if (d != null) {
            return d;
        }
        String product = transactions.productName();
        d = JdbcDialect.forProductName(product).orElseThrow(() -> new MfaStoreException("no built-in dialect for "
                + "database '" + product + "': pass one with JdbcMfaStore.builder(dataSource).dialect("
                + "JdbcDialect.builder(name)...build())"));
        dialect = d;
        return d;
    }

    @Override
    public String toString() {
        JdbcDialect d = dialect;
        return "JdbcMfaStore[table=" + table + ", dialect=" + (d == null ? "auto" : d.name()) + ", remembered="
                + (remembered == null ? "off" : rememberedCount() + " of " + remembered.capacity()) + "]";
    }

    /** Builds a {@link JdbcMfaStore}. Only the data source is required. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private JdbcDialect dialect;
        private int rememberedUsers = DEFAULT_REMEMBERED_USERS;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * The table, optionally with its schema ({@code mfa.mfa4j_user}): letters, digits and underscores,
         * starting with a letter or underscore, at most 63 characters per part; unquoted, so the database
         * folds its case. The default is {@value JdbcMfaStore#DEFAULT_TABLE}.
         */
        public Builder table(String table) {
            Objects.requireNonNull(table, "table");
            String[] parts = table.split("\\.", -1);
            if (parts.length > 2 || !java.util.Arrays.stream(parts).allMatch(p -> IDENTIFIER.matcher(p).matches())) {
                throw new IllegalArgumentException("table name must be an identifier ([A-Za-z_][A-Za-z0-9_]{0,62}),"
                        + " optionally qualified by a schema name");
            }
            this.table = table;
            return this;
        }

        /** The database's dialect. The default is detected from the connection's metadata on first use. */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * How many users' last read or written documents the store remembers (least recently used forgotten
         * first), so that an operation that writes skips its {@code SELECT}; {@code 0} turns it off (every
         * operation reads first: two round trips per verification). An entry costs about the size of the
         * user's document; secrets in it are sealed, as in the table. The default is
         * {@value JdbcMfaStore#DEFAULT_REMEMBERED_USERS}.
         */
        public Builder rememberedUsers(int users) {
            if (users < 0) {
                throw new IllegalArgumentException("remembered users cannot be negative (0 turns remembering off)");
            }
            this.rememberedUsers = users;
            return this;
        }

        public JdbcMfaStore build() {
            return new JdbcMfaStore(this);
        }
    }
}
