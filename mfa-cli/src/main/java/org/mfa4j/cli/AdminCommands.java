package org.mfa4j.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mfa4j.BreakGlassCode;
import org.mfa4j.Mfa;
import org.mfa4j.MfaStoreException;
import org.mfa4j.MfaUser;
import org.mfa4j.ProviderOverview;
import org.mfa4j.SecretKeys;
import org.mfa4j.UserOverview;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.JdbcMfaStore;
import org.mfa4j.store.VersionedDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The commands of {@link MfaCli}. Output lines are {@code word key=value ...}, stable for scripts. */
final class AdminCommands {

    private AdminCommands() {
    }

    /**
     * What every command shares: the store options, the parent (environment), the output, and the store's
     * failures told in words ({@link StoreProblems}).
     */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @ParentCommand
        MfaCli parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        private StoreOptions.Settings settings;

        @Override
        public final Integer call() {
            try {
                return run();
            } catch (MfaStoreException e) {
                throw new MfaCli.StoreError(settings == null ? e.getMessage() : StoreProblems.explain(e, settings), e);
            }
        }

        /** The command; its exit code. */
        abstract int run();

        /** Whether this command may create an H2 database that is not there (only {@code migrate}). */
        boolean mayCreateDatabase() {
            return false;
        }

        StoreOptions.Settings settings() {
            if (settings == null) {
                settings = options.resolve(parent.environment(), mayCreateDatabase());
                settings.database().note().ifPresent(n -> err().println("note: " + n));
            }
            return settings;
        }

        /** {@code id}, a provider registered in {@code mfa}; else a usage error that shows the id made safe. */
        String requireProvider(Mfa mfa, String id) {
            List<String> ids = mfa.admin().providerIds();
            if (!ids.contains(id)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no provider '" + Shown.of(id)
                        + "' is registered (registered: " + String.join(", ", ids) + ")");
            }
            return id;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        int nothing(String message) {
            err().println(message);
            return MfaCli.NOTHING;
        }
    }

    @Command(name = "providers", mixinStandardHelpOptions = true,
            description = {"List the providers found on the class path, one per line: <id> TAB <title>.",
                    "Needs no database and no provider settings; those given in --config are checked."})
    static final class Providers extends Base {
        @Override
        int run() {
            StoreOptions.requireProviders();
            Map<String, Map<String, String>> given = options.config != null || options.url != null
                    ? settings().providers() : Map.of();
            Mfa.Builder b = Factories.register(Mfa.builder().store(new InMemoryMfaStore())
                    .keys(SecretKeys.ephemeral(new SecureRandom())), given, true);
            given.forEach(b::configure);
            for (ProviderDescriptor d : b.build().providers()) {
                out().println(d.id() + "\t" + d.title());
            }
            return MfaCli.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Show a user's MFA state:",
                    "  user <id>",
                    "  account failures=<n> locked=<yes|no> default=<provider|->",
                    "  provider <id> active=.. locked=.. failures=.. default=.. created=.. updated=.. last-used=.."
                            + " locked-until=..",
                    "  detail <provider> <key>=<value>      (facts the provider shows, never secrets; none for"
                            + " e-mail or SMS without their settings)",
                    "  unregistered <id> active=..          (entries of providers not on the class path)",
                    "  history <provider> credential=<id|-> added=.. last-used=.. removed=<time|-> removed-by=<user|"
                            + "administrator|reset|companion|-> label=<label>",
                    "                                       (every factor and credential: active ones, then the 50"
                            + " most recently removed)",
                    "  device <id> created=.. last-seen=.. expires=.. label=<label>   (remembered devices that count)",
                    "  break-glass <id> issued-by=.. issued=.. expires=..     (the outstanding code, never"
                            + " the code itself)",
                    "  enrolment required-from=.. skips-left=.. set=..              (the deadline for a first setup)",
                    "Labels are the rest of their line. Exit code 3 when the user has no MFA data."})
    static final class Status extends Base {
        @Parameters(index = "0", paramLabel = "<user>", description = "The application's user id.")
        String user;

        @Override
        int run() {
            StoreOptions.Settings s = settings();
            Mfa mfa = settings().mfa();
            JdbcMfaStore store = s.store();
            MfaUser.requireId(user);
            Optional<VersionedDocument> doc = store.load(user);
            if (doc.isEmpty()) {
                return nothing("no MFA data for user " + Shown.of(user));
            }
            UserOverview o = mfa.admin().overview(user);
            PrintWriter out = out();
            out.println("user " + Shown.of(o.userId()));
            out.println("account failures=" + o.accountFailures() + " locked=" + yesNo(o.accountLocked())
                    + " default=" + o.defaultProvider().orElse("-"));
            for (ProviderOverview p : o.providers()) {
                out.println("provider " + p.providerId() + " active=" + yesNo(p.active()) + " locked="
                        + yesNo(p.locked()) + " failures=" + p.failures() + " default=" + yesNo(p.isDefault())
                        + " created=" + time(p.created()) + " updated=" + time(p.updated()) + " last-used="
                        + time(p.lastUsed()) + " locked-until=" + time(p.lockedUntil()));
                p.details().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .forEach(e -> out.println("detail " + p.providerId() + " " + e.getKey() + "=" + e.getValue()));
            }
            o.unregistered().forEach((id, active) ->
                    out.println("unregistered " + Shown.of(id) + " active=" + yesNo(active)));
            StatusLines.print(out, o);
            return MfaCli.OK;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = {"Remove a user's provider (or all of them) with its secrets, so the user sets it up"
                    + " again. Providers that may only be active beside another one go with the last other one.",
                    "Prints one line per provider removed: reset <user> <provider>.",
                    "Exit code 3 when there was nothing to remove."})
    static final class Reset extends Base {
        @Parameters(index = "0", paramLabel = "<user>", description = "The application's user id.")
        String user;

        @Parameters(index = "1", arity = "0..1", paramLabel = "<provider>", description = "The provider id.")
        String provider;

        @Option(names = "--all", description = "Every provider of the user, instead of one.")
        boolean all;

        @Override
        int run() {
            if (all == (provider != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give either a <provider> or --all, not " + (all ? "both" : "neither"));
            }
            MfaUser.requireId(user);
            Mfa mfa = settings().mfa();
            List<String> removed = all ? mfa.admin().resetAll(user)
                    : mfa.admin().reset(user, requireProvider(mfa, provider));
            if (removed.isEmpty()) {
                return nothing("nothing to reset: user " + Shown.of(user) + " has no "
                        + (all ? "provider" : "'" + provider + "' entry"));
            }
            removed.forEach(id -> out().println("reset " + Shown.of(user) + " " + id));
            return MfaCli.OK;
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = {"Clear a locked provider's failure count and lock, and the user's account-wide count.",
                    "Prints: unlocked <user> <provider>.",
                    "Exit code 3, with 'not locked: ...', when neither the provider nor the account is locked;"
                            + " then nothing changes."})
    static final class Unlock extends Base {
        @Parameters(index = "0", paramLabel = "<user>", description = "The application's user id.")
        String user;

        @Parameters(index = "1", paramLabel = "<provider>", description = "The provider id.")
        String provider;

        @Override
        int run() {
            MfaUser.requireId(user);
            Mfa mfa = settings().mfa();
            requireProvider(mfa, provider);
            UserOverview o = mfa.admin().overview(user);
            ProviderOverview p = o.provider(provider).orElseThrow();
            if (!p.locked() && !o.accountLocked()) {
                return nothing("not locked: " + (p.created().isEmpty()
                        ? "user " + Shown.of(user) + " has no '" + provider + "' entry and the account is not locked"
                        : "neither '" + provider + "' of user " + Shown.of(user) + " (" + p.failures()
                                + (p.failures() == 1 ? " failure" : " failures") + ") nor the account is locked")
                        + "; nothing changed");
            }
            if (!mfa.admin().unlock(user, provider)) {
                return nothing("not locked: user " + Shown.of(user) + " has no MFA data any more; nothing changed");
            }
            out().println("unlocked " + Shown.of(user) + " " + provider);
            return MfaCli.OK;
        }
    }

    @Command(name = "break-glass", mixinStandardHelpOptions = true,
            description = {"Issue a single-use code that lets the user past MFA once, instead of deleting the"
                    + " user's MFA data; it replaces any code still outstanding. Only a keyed hash is stored.",
                    "Prints, this once: break-glass <user> code=<code> id=<id> expires=<instant>.",
                    "Issue and use are audit events naming --by.",
                    "Exit code 3 when the user has no MFA data (nothing to bypass)."})
    static final class BreakGlass extends Base {
        @Parameters(index = "0", paramLabel = "<user>", description = "The application's user id.")
        String user;

        @Option(names = "--by", required = true, paramLabel = "<name>",
                description = "Who issues it, for the audit trail.")
        String by;

        @Option(names = "--minutes", paramLabel = "<n>", defaultValue = "60",
                description = "How long the code counts: 1 to 1440 minutes. Default: ${DEFAULT-VALUE}.")
        long minutes;

        @Override
        int run() {
            MfaUser.requireId(user);
            if (minutes < 1 || minutes > 24 * 60) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--minutes must be 1 to 1440");
            }
            StoreOptions.Settings s = settings();
            if (s.store().load(user).isEmpty()) {
                return nothing("no MFA data for user " + Shown.of(user) + "; nothing to bypass");
            }
            BreakGlassCode issued = s.mfa().admin().issueBreakGlass(user, by, Duration.ofMinutes(minutes));
            out().println("break-glass " + Shown.of(user) + " code=" + issued.code() + " id=" + issued.id()
                    + " expires=" + issued.expiresAt());
            err().println("note: the code is shown this once; give it to the user over a channel you trust");
            return MfaCli.OK;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Create the store's table if it does not exist (safe to repeat), with the dialect of"
                    + " the database. Prints: schema ready table=<name> dialect=<name>.",
                    "With --print, only prints the SQL instead, for a migration tool.",
                    "The only command that creates an H2 database where there is none."})
    static final class Migrate extends Base {
        @Option(names = "--print", description = "Print the schema script instead of running it.")
        boolean print;

        @Override
        boolean mayCreateDatabase() {
            return !print;
        }

        @Override
        int run() {
            JdbcMfaStore store = settings().store();
            if (print) {
                out().print(store.schemaScript());
                return MfaCli.OK;
            }
            store.createSchema();
            out().println("schema ready table=" + store.table() + " dialect=" + store.dialect().name());
            return MfaCli.OK;
        }
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    static String time(Optional<Instant> t) {
        return t.map(Instant::toString).orElse("-");
    }
}
