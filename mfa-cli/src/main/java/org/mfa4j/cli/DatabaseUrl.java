package org.mfa4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A JDBC URL as the tool hands it to the driver, and how messages name that database. Messages never show
 * the URL itself: it may hold credentials (H2's {@code ;PASSWORD=}, a PostgreSQL {@code ?password=}).
 *
 * <p>For H2 (any URL but {@code jdbc:h2:mem:}):
 * <ul>
 *   <li>a command that must not create a database gets {@code IFEXISTS=TRUE}, replacing any value given,
 *       so a wrong path is an error instead of a new empty database;</li>
 *   <li>{@code TRACE_LEVEL_FILE=0} unless the URL sets it, so a failed connection leaves no
 *       {@code .trace.db} file beside the database;</li>
 *   <li>a name ending in {@code .mv.db} (the file, where H2 wants the database name) loses that suffix, with
 *       a {@link #note}: H2 would otherwise open, or create, {@code <name>.mv.db.mv.db}.</li>
 * </ul>
 * Other URLs are handed on unchanged.
 *
 * @param jdbcUrl     what the driver gets; never printed
 * @param description the database in words, for messages: a file path or a host, never credentials
 * @param h2File      the H2 database's file, for an embedded H2 URL
 * @param note        what the tool changed in the URL, to tell the operator
 */
record DatabaseUrl(String jdbcUrl, String description, Optional<Path> h2File, Optional<String> note) {

    private static final String H2 = "jdbc:h2:";
    private static final String MV_DB = ".mv.db";
    private static final String IFEXISTS = "IFEXISTS";
    private static final String TRACE_LEVEL_FILE = "TRACE_LEVEL_FILE";

    /**
     * The URL to connect with.
     *
     * @param url        the URL the operator gave
     * @param mayCreate  whether the command may create an H2 database ({@code migrate})
     */
    static DatabaseUrl of(String url, boolean mayCreate) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith(H2) || lower.startsWith(H2 + "mem:")) {
            return new DatabaseUrl(url, describeOther(url), Optional.empty(), Optional.empty());
        }
        String[] parts = url.substring(H2.length()).split(";", -1);
        String name = parts[0];
        Optional<String> note = Optional.empty();
        if (name.toLowerCase(Locale.ROOT).endsWith(MV_DB)) {
            name = name.substring(0, name.length() - MV_DB.length());
            note = Optional.of("an H2 URL names the database without '" + MV_DB + "': using the file "
                    + Shown.of(displayName(name)));
        }
        List<String> settings = new ArrayList<>();
        boolean traceGiven = false;
        for (int i = 1; i < parts.length; i++) {
            String key = key(parts[i]);
            if (key.equals(IFEXISTS) && !mayCreate) {
                continue; // replaced below: this command never creates a database
            }
            traceGiven |= key.equals(TRACE_LEVEL_FILE);
            if (!parts[i].isEmpty()) {
                settings.add(parts[i]);
            }
        }
        if (!mayCreate) {
            settings.add(IFEXISTS + "=TRUE");
        }
        if (!traceGiven) {
            settings.add(TRACE_LEVEL_FILE + "=0");
        }
        StringBuilder jdbc = new StringBuilder(H2).append(name);
        for (String s : settings) {
            jdbc.append(';').append(s);
        }
        Optional<Path> file = embeddedFile(name);
        String description = "the H2 database "
                + Shown.of(file.isPresent() ? file.get().toString() : withoutCredentials(name));
        return new DatabaseUrl(jdbc.toString(), description, file, note);
    }

    /** The file of an embedded H2 database: {@code jdbc:h2:[file:]<name>} is {@code <name>.mv.db}. */
    private static Optional<Path> embeddedFile(String name) {
        String n = name.startsWith("file:") ? name.substring("file:".length()) : name;
        if (n.contains(":") && !isWindowsPath(n)) {
            return Optional.empty(); // a server (tcp:, ssl:) or another file system (zip:, split:, ...)
        }
        return Optional.of(Path.of(displayName(n)));
    }

    private static boolean isWindowsPath(String n) {
        return n.length() > 2 && Character.isLetter(n.charAt(0)) && n.charAt(1) == ':';
    }

    /** {@code <name>.mv.db}, absolute: {@code ~/} is the home folder, a relative name the working folder's. */
    private static String displayName(String name) {
        String n = name.startsWith("file:") ? name.substring("file:".length()) : name;
        if (n.startsWith("~/") || n.equals("~")) {
            n = System.getProperty("user.home") + n.substring(1);
        }
        try {
            return Path.of(n + MV_DB).toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            return n + MV_DB;
        }
    }

    private static String key(String setting) {
        int eq = setting.indexOf('=');
        return (eq < 0 ? setting : setting.substring(0, eq)).strip().toUpperCase(Locale.ROOT);
    }

    /** {@code jdbc:postgresql://host:port/db?...}: the database and host without user, password or options. */
    private static String describeOther(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith(H2)) {
            return "the in-memory H2 database";
        }
        int slashes = url.indexOf("//");
        int colon = url.indexOf(':', "jdbc:".length());
        String product = colon > "jdbc:".length() ? url.substring("jdbc:".length(), colon) : "unknown";
        if (!lower.startsWith("jdbc:") || slashes < 0) {
            return "the " + Shown.of(product) + " database";
        }
        String rest = withoutCredentials(url.substring(slashes + 2));
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        String db = slash < 0 ? "" : rest.substring(slash + 1);
        return "the " + Shown.of(product) + " database " + (db.isEmpty() ? "" : Shown.of(db) + " ") + "at "
                + Shown.of(host);
    }

    /** Without a {@code user:password@} part and without options ({@code ?...}, {@code ;...}). */
    private static String withoutCredentials(String s) {
        int cut = s.length();
        for (char c : new char[] {'?', ';', '&'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        String t = s.substring(0, cut);
        int at = t.lastIndexOf('@');
        return at < 0 ? t : t.substring(at + 1);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + description + "]";
    }
}
