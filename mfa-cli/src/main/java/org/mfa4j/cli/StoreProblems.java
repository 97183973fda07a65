package org.mfa4j.cli;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.mfa4j.MfaStoreException;

/**
 * The common reasons a command cannot use the store, in words an operator can act on: the H2 database in
 * use by another process, not there, refused credentials, no driver, unreachable, no table. Read from the
 * SQLState and vendor code that {@link MfaStoreException}'s cause keeps; the database's own text is never
 * shown for these (a driver may quote the URL, and with it a password). Anything else keeps the store's
 * message, which never quotes stored data, with the URL and password cut out should they appear.
 */
final class StoreProblems {

    // H2's error codes (org.h2.api.ErrorCode), which H2 also uses as SQLStates.
    private static final int H2_DATABASE_IN_USE = 90020;
    private static final int H2_DATABASE_NOT_FOUND = 90013;
    private static final int H2_DATABASE_NOT_FOUND_IFEXISTS = 90146;
    private static final int H2_RELATIVE_PATH = 90011;
    private static final int H2_IO = 90028;
    private static final int H2_FILE_CORRUPTED = 90030;
    private static final int H2_FILE_VERSION = 90048;
    private static final int H2_WRONG_CREDENTIALS = 28000;
    private static final int H2_TABLE_NOT_FOUND = 42102;
    private static final int H2_TABLE_NOT_FOUND_CANDIDATES = 42103;
    private static final int H2_TABLE_NOT_FOUND_EMPTY = 42104;

    private StoreProblems() {
    }

    /** The message for {@code e}, met on the store the settings name. */
    static String explain(MfaStoreException e, StoreOptions.Settings settings) {
        SQLException sql = e.getCause() instanceof SQLException s ? s : null;
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState().toUpperCase(Locale.ROOT);
        int code = sql == null ? 0 : sql.getErrorCode();
        String db = settings.database().description();
        return known(state, code, sql, db, settings).orElseGet(() -> redacted(e.getMessage(), settings));
    }

    private static Optional<String> known(String state, int code, SQLException sql, String db,
                                          StoreOptions.Settings settings) {
        boolean h2 = settings.database().jdbcUrl().toLowerCase(Locale.ROOT).startsWith("jdbc:h2:");
        if (h2 && code == H2_DATABASE_IN_USE) {
            return Optional.of(db + " is in use by another process (a quick start or application still running?):"
                    + " an embedded H2 database opens in one process at a time. Stop that process, then run this"
                    + " command again.");
        }
        if (h2 && (code == H2_DATABASE_NOT_FOUND || code == H2_DATABASE_NOT_FOUND_IFEXISTS)) {
            return Optional.of("there is no database: " + db + " does not exist. Check the path (--quickstart-data,"
                    + " --url); only migrate (without --print) creates one.");
        }
        if (h2 && code == H2_RELATIVE_PATH) {
            return Optional.of("an H2 file URL needs an absolute path or one starting with ./ or ~/ (such as"
                    + " jdbc:h2:file:./mfa4j-data/mfa4j)");
        }
        if (h2 && code == H2_IO) {
            return Optional.of("cannot read or write the files of " + db + " (permissions, a folder where the file"
                    + " should be, a full disk?)");
        }
        if (h2 && (code == H2_FILE_CORRUPTED || code == H2_FILE_VERSION)) {
            return Optional.of(db + " is damaged or was written by another H2 version (H2 error " + code + ")");
        }
        if ((h2 && code == H2_WRONG_CREDENTIALS) || state.startsWith("28")) {
            return Optional.of(db + " refused the user name or password (user " + Shown.of(settings.user())
                    + "): check --user, user= or MFA4J_DB_USER, and the password in the --config file or"
                    + " MFA4J_DB_PASSWORD");
        }
        if (state.equals("08001") && sql != null && sql.getMessage() != null
                && sql.getMessage().startsWith("No suitable driver")) {
            return Optional.of("no JDBC driver for this URL: this tool has the H2 (jdbc:h2:...) and PostgreSQL"
                    + " (jdbc:postgresql://...) drivers; for another database put its driver on the class path");
        }
        if (state.startsWith("08")) {
            return Optional.of("cannot reach " + db + " (SQLState " + state + "): is the server running, and are"
                    + " the host and port right?");
        }
        if (state.equals("3D000")) {
            return Optional.of(db + " does not exist on that server (SQLState 3D000)");
        }
        if ((h2 && (code == H2_TABLE_NOT_FOUND || code == H2_TABLE_NOT_FOUND_CANDIDATES
                || code == H2_TABLE_NOT_FOUND_EMPTY)) || state.equals("42P01")) {
            return Optional.of("there is no table " + Shown.of(settings.tableName()) + " in " + db + ": check"
                    + " --table, or create it with migrate and the same options");
        }
        return Optional.empty();
    }

    /** The store's own message without the URL or the password, should a driver have quoted either. */
    private static String redacted(String message, StoreOptions.Settings settings) {
        String m = message == null ? "the store failed" : message;
        if (settings.password() != null && !settings.password().isEmpty()) {
            m = m.replace(settings.password(), "***");
        }
        return m.replace(settings.url(), settings.database().description())
                .replace(settings.database().jdbcUrl(), settings.database().description());
    }
}
