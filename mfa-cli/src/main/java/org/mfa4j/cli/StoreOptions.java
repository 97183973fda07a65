package org.mfa4j.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.mfa4j.Mfa;
import org.mfa4j.SecretKeys;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.store.JdbcMfaStore;
import picocli.CommandLine.Option;

/**
 * Where the store is: options, else the {@code --config} properties file, else environment variables.
 *
 * <p>Properties file keys: {@code url}, {@code user}, {@code password}, {@code table}, {@code keys} (the
 * application's key file) and {@code provider.<id>.<setting>} (settings handed to that provider). Any other
 * key is an error, so a misspelt one is not silently ignored. Environment variables: {@code MFA4J_DB_URL},
 * {@code MFA4J_DB_USER}, {@code MFA4J_DB_PASSWORD}, {@code MFA4J_DB_TABLE}, {@code MFA4J_KEYS}.
 *
 * <p>{@code --quickstart-data <dir>} names the whole store of the quick start ({@code examples/quickstart}):
 * its H2 database {@code <dir>/mfa4j.mv.db} with user {@code sa} and no password, and its key file
 * {@code <dir>/mfa4j.keys}. It excludes every other store option and ignores the environment.
 */
final class StoreOptions {

    private static final Set<String> KEYS = Set.of("url", "user", "password", "table", "keys");

    // The quick start's store, as examples/quickstart's QuickStart.dataSource and build set it up.
    private static final String QUICKSTART_DATABASE = "mfa4j";
    private static final String QUICKSTART_USER = "sa";
    private static final String QUICKSTART_KEYS = "mfa4j.keys";

    @Option(names = "--quickstart-data", paramLabel = "<dir>",
            description = "The quick start's data folder, such as mfa4j-data: its H2 database and key file,"
                    + " instead of --url, --user, --table, --keys and --config.")
    Path quickstartData;

    @Option(names = "--config", paramLabel = "<file>",
            description = "Properties file with url, user, password, table, keys and provider.<id>.<setting>.")
    Path config;

    @Option(names = "--url", paramLabel = "<jdbc-url>",
            description = "JDBC URL of the store (env MFA4J_DB_URL). For H2, only migrate may create a database.")
    String url;

    @Option(names = "--user", paramLabel = "<name>", description = "Database user (env MFA4J_DB_USER).")
    String user;

    @Option(names = "--table", paramLabel = "<name>",
            description = "Table of the store (env MFA4J_DB_TABLE). Default: " + JdbcMfaStore.DEFAULT_TABLE + ".")
    String table;

    @Option(names = "--keys", paramLabel = "<file>",
            description = "The application's key file (env MFA4J_KEYS). Only needed when a provider must open"
                    + " its secrets to reset or unlock; without it a throw-away key is used, and such a provider"
                    + " fails instead.")
    Path keys;

    /**
     * The resolved settings. The password is read from the file or MFA4J_DB_PASSWORD, never an option.
     *
     * @param mayCreate whether the command may create an H2 database (only {@code migrate})
     */
    Settings resolve(Function<String, String> env, boolean mayCreate) {
        if (quickstartData != null) {
            return quickstart(mayCreate);
        }
        Properties p = new Properties();
        if (config != null) {
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new MfaCli.ConfigurationError("cannot read the configuration file " + config + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            Set<String> unknown = new TreeSet<>();
            for (String k : p.stringPropertyNames()) {
                if (!KEYS.contains(k) && !k.matches("provider\\.[a-z][a-z0-9-]*\\.[^.].*")) {
                    unknown.add(k);
                }
            }
            if (!unknown.isEmpty()) {
                throw new MfaCli.ConfigurationError("unknown settings " + unknown + " in " + config + "; known: "
                        + new TreeSet<>(KEYS) + " and provider.<id>.<setting>");
            }
        }
        String u = pick(url, p.getProperty("url"), env.apply("MFA4J_DB_URL"));
        if (u == null || u.isBlank()) {
            throw new MfaCli.ConfigurationError("no store given: pass --url <jdbc-url>, url= in --config <file>,"
                    + " or set MFA4J_DB_URL");
        }
        String keyFile = pick(keys == null ? null : keys.toString(), p.getProperty("keys"), env.apply("MFA4J_KEYS"));
        Map<String, Map<String, String>> providers = new LinkedHashMap<>();
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            if (k.startsWith("provider.")) {
                int dot = k.indexOf('.', "provider.".length());
                providers.computeIfAbsent(k.substring("provider.".length(), dot), x -> new LinkedHashMap<>())
                        .put(k.substring(dot + 1), p.getProperty(k));
            }
        }
        return new Settings(u, pick(user, p.getProperty("user"), env.apply("MFA4J_DB_USER")),
                pick(null, p.getProperty("password"), env.apply("MFA4J_DB_PASSWORD")),
                pick(table, p.getProperty("table"), env.apply("MFA4J_DB_TABLE")),
                keyFile == null ? null : Path.of(keyFile), providers, DatabaseUrl.of(u, mayCreate));
    }

    private Settings quickstart(boolean mayCreate) {
        if (config != null || url != null || user != null || table != null || keys != null) {
            throw new IllegalArgumentException("--quickstart-data names the whole store: leave out --url, --user,"
                    + " --table, --keys and --config");
        }
        Path dir = quickstartData.toAbsolutePath().normalize();
        if (dir.toString().indexOf(';') >= 0) {
            throw new IllegalArgumentException("the path of --quickstart-data holds a ';', which an H2 URL cannot");
        }
        String u = "jdbc:h2:file:" + dir.resolve(QUICKSTART_DATABASE);
        Path keyFile = dir.resolve(QUICKSTART_KEYS);
        return new Settings(u, QUICKSTART_USER, null, null, Files.exists(keyFile) ? keyFile : null, Map.of(),
                DatabaseUrl.of(u, mayCreate));
    }

    /** Fails with a message for operators when no provider jar is on the class path. */
    static void requireProviders() {
        if (ServiceLoader.load(MfaProviderFactory.class).stream().findAny().isEmpty()) {
            throw new MfaCli.ConfigurationError("no mfa4j providers on the class path: add the provider jars the"
                    + " application uses (for example mfa-provider-totp) to the class path of this tool");
        }
    }

    private static String pick(String option, String file, String env) {
        if (option != null) {
            return option;
        }
        return file != null ? file : env;
    }

    /**
     * What the options resolved to.
     *
     * @param url      the URL as given, only to cut it out of messages
     * @param database the URL the driver gets, and how messages name the database
     */
    record Settings(String url, String user, String password, String table, Path keys,
                    Map<String, Map<String, String>> providers, DatabaseUrl database) {

        /** The table name the store uses. */
        String tableName() {
            return table == null ? JdbcMfaStore.DEFAULT_TABLE : table;
        }

        JdbcMfaStore store() {
            JdbcMfaStore.Builder b = JdbcMfaStore.builder(new DriverDataSource(database.jdbcUrl(), user, password));
            if (table != null) {
                b.table(table);
            }
            return b.build();
        }

        SecretKeys secretKeys() {
            return keys == null ? SecretKeys.ephemeral(new SecureRandom()) : SecretKeys.fromFile(keys);
        }

        /**
         * An entry point on the store with every provider on the class path ({@link Factories}: e-mail and SMS
         * without settings stand in by their descriptor).
         */
        Mfa mfa() {
            requireProviders();
            Mfa.Builder b = Factories.register(Mfa.builder().store(store()).keys(secretKeys()), providers, false);
            providers.forEach(b::configure);
            return b.build();
        }

        @Override
        public String toString() {
            return "Settings[" + database.description() + ", table=" + table + ", keys=" + keys + ", providers="
                    + providers.keySet() + "]";
        }
    }
}
