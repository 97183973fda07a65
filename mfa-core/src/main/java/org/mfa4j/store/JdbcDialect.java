package org.mfa4j.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What {@link JdbcMfaStore} needs to know about one database: the schema script, how a JSON parameter is
 * written, how an insert of an existing user is told apart from a failure. Built-in: {@link #h2()} and
 * {@link #postgresql()}, picked from the connection's metadata unless chosen explicitly. Others through
 * {@link #builder(String)}. Immutable.
 *
 * <p>The schema script names the table {@value JdbcMfaStore#DEFAULT_TABLE}; a store with another table name
 * runs it with that name put in. Statements are separated by a {@code ;} at the end of a line; lines
 * starting with {@code --} are comments.
 */
public final class JdbcDialect {

    private static final String SQLSTATE_UNIQUE_VIOLATION = "23505";

    private static final JdbcDialect H2 = builder("h2")
            .schema(resource("schema-h2.sql"))
            .documentParameter("? FORMAT JSON")
            .build();

    private static final JdbcDialect POSTGRESQL = builder("postgresql")
            .schema(resource("schema-postgresql.sql"))
            .documentParameter("CAST(? AS jsonb)")
            .insertSuffix(" ON CONFLICT (user_id) DO NOTHING")
            .build();

    private final String name;
    private final String schema;
    private final String documentParameter;
    private final String insertSuffix;
    private final Predicate<SQLException> duplicateKey;

    private JdbcDialect(Builder b) {
        this.name = b.name;
        this.schema = Objects.requireNonNull(b.schema, "schema: every dialect needs its CREATE TABLE script");
        this.documentParameter = b.documentParameter;
        this.insertSuffix = b.insertSuffix;
        this.duplicateKey = b.duplicateKey;
    }

    /** H2 2.x: the document in a {@code JSON} column. Script: {@code org/mfa4j/store/schema-h2.sql}. */
    public static JdbcDialect h2() {
        return H2;
    }

    /**
     * PostgreSQL 12 or later: the document in a {@code jsonb} column; an insert of an existing user is
     * {@code ON CONFLICT DO NOTHING}, so contention logs no errors on the server. Script:
     * {@code org/mfa4j/store/schema-postgresql.sql}.
     */
    public static JdbcDialect postgresql() {
        return POSTGRESQL;
    }

    /** The built-in dialect for a database product name (as JDBC metadata reports it), if there is one. */
    public static Optional<JdbcDialect> forProductName(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.startsWith("h2")) {
            return Optional.of(H2);
        }
        if (p.startsWith("postgresql")) {
            return Optional.of(POSTGRESQL);
        }
        return Optional.empty();
    }

    /** Starts a dialect for another database. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The schema script as shipped, naming the table {@value JdbcMfaStore#DEFAULT_TABLE}. */
    public String schema() {
        return schema;
    }

    String documentParameter() {
        return documentParameter;
    }

    String insertSuffix() {
        return insertSuffix;
    }

    boolean isDuplicateKey(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (duplicateKey.test(x)) {
                return true;
            }
        }
        return false;
    }

    /** Splits a script at {@code ;} line ends, leaving out {@code --} comment lines. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    /** Reads a schema script shipped beside this class ({@code org/mfa4j/store/<name>}). */
    static String resource(String name) {
        try (InputStream in = JdbcDialect.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("schema script org/mfa4j/store/" + name + " is missing from mfa-core");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema script org/mfa4j/store/" + name, e);
        }
    }

    @Override
    public String toString() {
        return "JdbcDialect[" + name + "]";
    }

    /** Builds a {@link JdbcDialect}. Only the schema is required. */
    public static final class Builder {
        private final String name;
        private String schema;
        private String documentParameter = "?";
        private String insertSuffix = "";
        private Predicate<SQLException> duplicateKey = e -> SQLSTATE_UNIQUE_VIOLATION.equals(e.getSQLState());

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("dialect name must be non-blank");
            }
            this.name = name;
        }

        /**
         * The script that creates the table if it does not exist, naming it {@value JdbcMfaStore#DEFAULT_TABLE},
         * with columns {@code user_id} (primary key), {@code doc} (JSON text), {@code version} (bigint) and
         * {@code updated_at} (timestamp with time zone). It must be safe to run again. Required.
         */
        public Builder schema(String schema) {
            if (schema == null || schema.isBlank()) {
                throw new IllegalArgumentException("schema script must be non-blank");
            }
            this.schema = schema;
            return this;
        }

        /** The SQL for the document parameter, with one {@code ?}. The default is {@code ?} (JSON as text). */
        public Builder documentParameter(String expression) {
            if (expression == null || expression.chars().filter(c -> c == '?').count() != 1) {
                throw new IllegalArgumentException("the document parameter must contain exactly one '?'");
            }
            this.documentParameter = expression;
            return this;
        }

        /**
         * Appended to the insert of a new user, such as {@code ON CONFLICT (user_id) DO NOTHING}; an insert
         * that changes no row counts as "the user exists". The default is none.
         */
        public Builder insertSuffix(String suffix) {
            this.insertSuffix = Objects.requireNonNull(suffix, "suffix");
            return this;
        }

        /**
         * Tells a primary-key violation (the user exists already) from other failures. The default checks
         * SQLState {@code 23505}; SQLite, for one, reports error code 19 without a SQLState.
         */
        public Builder duplicateKey(Predicate<SQLException> test) {
            this.duplicateKey = Objects.requireNonNull(test, "test");
            return this;
        }

        public JdbcDialect build() {
            return new JdbcDialect(this);
        }
    }
}
