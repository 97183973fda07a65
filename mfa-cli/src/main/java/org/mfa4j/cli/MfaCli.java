package org.mfa4j.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaStoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mfa4j-admin}: emergency administration of mfa4j against the configured store, for when nobody can
 * log in (Magento's {@code tfa:reset}, TrueNAS's CLI). Commands: {@code providers}, {@code status},
 * {@code reset}, {@code unlock}, {@code break-glass}, {@code migrate}; {@code --help} on each.
 *
 * <p>Exit codes, for scripts:
 * <ul>
 *   <li>{@value #OK}: done;</li>
 *   <li>{@value #FAILED}: an unexpected failure;</li>
 *   <li>{@value #USAGE}: wrong usage, such as an unknown command, option or provider id;</li>
 *   <li>{@value #NOTHING}: nothing to show or do (the user has no MFA data, nothing to reset, not locked);</li>
 *   <li>{@value #STORE}: the store failed: not there, in use by another process, credentials refused,
 *       unreachable, no table ({@link StoreProblems} says which in words);</li>
 *   <li>{@value #CONFIGURATION}: the configuration is incomplete or wrong (no URL, unreadable file, unknown
 *       setting, a provider that cannot start).</li>
 * </ul>
 * Results go to standard output, one fact per line; errors to standard error, starting {@code error: }.
 * Nothing printed ever holds a secret, a code or a password, but the one thing {@code break-glass} exists to
 * print: the code it issues, once.
 */
@Command(name = "mfa4j-admin", mixinStandardHelpOptions = true, versionProvider = MfaCli.Version.class,
        description = "Emergency administration of mfa4j against the configured store.",
        subcommands = {AdminCommands.Providers.class, AdminCommands.Status.class, AdminCommands.Reset.class,
                AdminCommands.Unlock.class, AdminCommands.BreakGlass.class, AdminCommands.Migrate.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done", "  1  unexpected failure", "  2  wrong usage (unknown command, option or provider)",
                "  3  nothing to show or do (no MFA data, nothing to reset, not locked)",
                "  4  the store failed (no database, in use, credentials refused, unreachable, no table)",
                "  5  configuration incomplete or wrong"})
public final class MfaCli implements Runnable {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOTHING = 3;
    public static final int STORE = 4;
    public static final int CONFIGURATION = 5;

    private final Function<String, String> environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    MfaCli(Function<String, String> environment) {
        this.environment = environment;
    }

    Function<String, String> environment() {
        return environment;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(execute(args, out, err, System::getenv));
    }

    /** Runs one command line; returns its exit code. */
    static int execute(String[] args, PrintWriter out, PrintWriter err, Function<String, String> environment) {
        Objects.requireNonNull(environment, "environment");
        CommandLine cl = new CommandLine(new MfaCli(environment));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code = exitCode(e);
            cmd.getErr().println("error: " + message(e));
            cmd.getErr().flush();
            return code;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int exitCode(Exception e) {
        if (e instanceof MfaStoreException || e instanceof StoreError) {
            return STORE;
        }
        if (e instanceof MfaConfigurationException || e instanceof ConfigurationError) {
            return CONFIGURATION;
        }
        if (e instanceof InvalidRequestException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        return FAILED;
    }

    /** The exception's own message: mfa4j's messages never carry secrets; others are named by class only. */
    private static String message(Exception e) {
        if (e instanceof MfaStoreException || e instanceof StoreError || e instanceof MfaConfigurationException
                || e instanceof ConfigurationError || e instanceof InvalidRequestException
                || e instanceof IllegalArgumentException) {
            return e.getMessage();
        }
        return "unexpected " + e.getClass().getName() + "; nothing more is shown, as it could quote stored data";
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** A configuration problem found by the CLI itself (file, settings). */
    static final class ConfigurationError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConfigurationError(String message) {
            super(message);
        }
    }

    /** The store failed; the message says why in words and holds no URL or password. */
    static final class StoreError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreError(String message, MfaStoreException cause) {
            super(message, cause);
        }
    }

    /** The version from the jar's manifest, if any. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MfaCli.class.getPackage().getImplementationVersion();
            return new String[] {"mfa4j-admin " + (v == null ? "(development build)" : v)};
        }
    }
}
