package org.mfa4j.store;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.mfa4j.MfaStoreException;

/**
 * What a {@link JdbcMfaStore} failure says. A driver's or a pool's message can quote a parameter (a
 * document holds sealed secrets), the JDBC URL with a user and password in it ({@code DriverManager}'s "No
 * suitable driver found for jdbc:...", a pool's "Failed to get driver instance for jdbcUrl=...") or a
 * login name, and applications log store failures. So:
 *
 * <ul>
 *   <li>the database's text is quoted only for SQLState classes that describe the statement or the server,
 *       never a parameter or a login: syntax or access rule (42, "table not found"), catalog (3D),
 *       resources (53), operator intervention (57); only its first line, and with anything that looks like
 *       a URL or a {@code password=...} pair masked all the same;</li>
 *   <li>connection (08) and authorisation (28) failures are said in this class's own words, with their
 *       SQLState and error code: those messages are where URLs and logins appear;</li>
 *   <li>every other message, and every message of an exception that is not an {@link SQLException} (a pool
 *       that cannot start), is withheld;</li>
 *   <li>the cause is always a stand-in: the same exception classes, SQLStates, error codes and stack traces
 *       down the cause chain (and suppressed exceptions, such as a failed rollback), without their
 *       messages.</li>
 * </ul>
 */
final class JdbcFailures {

    /** Classes whose messages describe the statement or the server. */
    private static final Set<String> QUOTED = Set.of("42", "3D", "53", "57");
    /** Classes said in our own words. */
    private static final Map<String, String> OWN_WORDS = Map.of(
            "08", "the database could not be reached or the connection broke",
            "28", "the database refused the login (check the user and password the data source uses)");
    private static final Pattern URL = Pattern.compile("(?i)\\b(jdbc:|[a-z][a-z0-9+.-]*://)[^\\s'\"]*");
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|credentials?)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s;&,)]+)");
    /** How far down a chain of causes and suppressed exceptions the stand-in goes. */
    private static final int CHAIN = 8;

    private JdbcFailures() {
    }

    /**
     * The exception for {@code e}, met while {@code what} ("reading a user's document"): an
     * {@link SQLException}, or an unchecked exception out of the data source or the driver (a pool that
     * cannot start throws one).
     */
    static MfaStoreException failure(String what, Exception failure) {
        if (!(failure instanceof SQLException e)) {
            return new MfaStoreException("the MFA store failed " + what + " (" + failure.getClass().getName()
                    + " from the data source or the driver; its message is withheld because it may quote the URL or"
                    + " stored data)", standIn(failure));
        }
        String state = e.getSQLState();
        String stateClass = state == null || state.length() < 2 ? "" : state.substring(0, 2).toUpperCase(Locale.ROOT);
        String detail = "SQLState " + (state == null ? "none" : state) + ", error code " + e.getErrorCode();
        String prefix = "the MFA store failed " + what + " (";
        if (noDriver(e)) {
            return new MfaStoreException(prefix + detail + "): no JDBC driver on the class path accepts the data"
                    + " source's URL (the URL is withheld: it may hold the login)", standIn(e));
        }
        if (OWN_WORDS.containsKey(stateClass)) {
            return new MfaStoreException(prefix + detail + "): " + OWN_WORDS.get(stateClass)
                    + "; the driver's message is withheld because it may quote the URL or the login", standIn(e));
        }
        if (QUOTED.contains(stateClass) && e.getMessage() != null) {
            return new MfaStoreException(prefix + detail + "): " + masked(firstLine(e.getMessage())), standIn(e));
        }
        return new MfaStoreException(prefix + e.getClass().getSimpleName() + ", " + detail
                + "; the database's message is withheld because it may quote stored data)", standIn(e));
    }

    /**
     * The same classes, SQLStates, error codes and stack traces as {@code e} and its causes, without a
     * message that may quote data.
     */
    static Throwable standIn(Throwable e) {
        return standIn(e, CHAIN);
    }

    /** {@link java.sql.DriverManager}'s refusal of a URL no driver takes (its message quotes the URL). */
    private static boolean noDriver(Throwable e) {
        return e instanceof SQLException s && "08001".equals(s.getSQLState()) && s.getMessage() != null
                && s.getMessage().startsWith(NO_DRIVER);
    }

    private static final String NO_DRIVER = "No suitable driver";

    private static Throwable standIn(Throwable e, int depth) {
        String text = noDriver(e) ? NO_DRIVER + " (the URL is withheld)" : e.getClass().getName() + " (message withheld)";
        Throwable r = e instanceof SQLException s ? new SQLException(text, s.getSQLState(), s.getErrorCode())
                : new RuntimeException(text);
        r.setStackTrace(e.getStackTrace());
        if (depth > 1) {
            if (e.getCause() != null && e.getCause() != e) {
                r.initCause(standIn(e.getCause(), depth - 1));
            }
            for (Throwable suppressed : e.getSuppressed()) {
                r.addSuppressed(standIn(suppressed, depth - 1));
            }
        }
        return r;
    }

    /** {@code text} with URLs and {@code password=...} pairs replaced. */
    static String masked(String text) {
        String s = URL.matcher(text).replaceAll("<URL withheld>");
        return CREDENTIAL.matcher(s).replaceAll("$1$2***");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
