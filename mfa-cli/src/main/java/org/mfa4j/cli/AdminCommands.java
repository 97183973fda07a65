package org.mfa4j.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mfa4j.Mfa;
import org.mfa4j.ProviderOverview;
import org.mfa4j.SecretKeys;
import org.mfa4j.UserOverview;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.UserDocument;
import org.mfa4j.spi.VersionedDocument;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.JdbcMfaStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The commands of {@link MfaCli}. Output lines are {@code word key=value ...}, stable for scripts. */
final class AdminCommands {

    private AdminCommands() {
    }

    /** What every command shares: the store options, the parent (environment), the output. */
    abstract static class Base implements Callable<Integer> {
        @Mixin
        StoreOptions options;

        @ParentCommand
        MfaCli parent;

        @Spec
        CommandLine.Model.CommandSpec spec;

        StoreOptions.Settings settings() {
            return options.resolve(parent.environment());
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
                    "Needs no database; --config supplies provider settings."})
    static final class Providers extends Base {
        @Override
        public Integer call() {
            StoreOptions.requireProviders();
            Mfa.Builder b = Mfa.builder().store(new InMemoryMfaStore())
                    .keys(SecretKeys.ephemeral(new SecureRandom())).discoverProviders();
            if (options.config != null || options.url != null) {
                settings().providers().forEach(b::configure);
            }
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
                    "  detail <provider> <key>=<value>      (facts the provider shows, never secrets)",
                    "  unregistered <id> active=..          (entries of providers not on the class path)",
                    "Exit code 3 when the user has no MFA data."})
    static final class Status extends Base {
        @Parameters(index = "0", paramLabel = "<user>", description = "The application's user id.")
        String user;

        @Override
        public Integer call() {
            StoreOptions.Settings s = settings();
            Mfa mfa = s.mfa();
            JdbcMfaStore store = s.store();
            Optional<VersionedDocument> doc = store.load(user);
            if (doc.isEmpty()) {
                return nothing("no MFA data for user " + user);
            }
            UserOverview o = mfa.admin().overview(user);
            PrintWriter out = out();
            out.println("user " + o.userId());
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
            UserDocument d = doc.get().document();
            List<String> registered = mfa.admin().providerIds();
            d.providers().forEach((id, rec) -> {
                if (!registered.contains(id)) {
                    out.println("unregistered " + id + " active=" + yesNo(rec.active()));
                }
            });
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
        public Integer call() {
            if (all == (provider != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give either a <provider> or --all, not " + (all ? "both" : "neither"));
            }
            Mfa mfa = settings().mfa();
            List<String> removed = all ? mfa.admin().resetAll(user) : mfa.admin().reset(user, provider);
            if (removed.isEmpty()) {
                return nothing("nothing to reset: user " + user + " has no "
                        + (all ? "provider" : "'" + provider + "' entry"));
            }
            removed.forEach(id -> out().println("reset " + user + " " + id));
            return MfaCli.OK;
        }
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true,
            description = {"Clear a provider's failure count and lock, and the user's account-wide count.",
                    "Prints: unlocked <user> <provider>. Exit code 3 when there was nothing to unlock."})
    static final class Unlock extends Base {
        @Parameters(index = "0", paramLabel = "<user>", description = "The application's user id.")
        String user;

        @Parameters(index = "1", paramLabel = "<provider>", description = "The provider id.")
        String provider;

        @Override
        public Integer call() {
            if (!settings().mfa().admin().unlock(user, provider)) {
                return nothing("nothing to unlock: user " + user + " has no '" + provider
                        + "' entry and the account is not locked");
            }
            out().println("unlocked " + user + " " + provider);
            return MfaCli.OK;
        }
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true,
            description = {"Create the store's table if it does not exist (safe to repeat), with the dialect of"
                    + " the database. Prints: schema ready table=<name> dialect=<name>.",
                    "With --print, only prints the SQL instead, for a migration tool."})
    static final class Migrate extends Base {
        @Option(names = "--print", description = "Print the schema script instead of running it.")
        boolean print;

        @Override
        public Integer call() {
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

    private static String time(Optional<Instant> t) {
        return t.map(Instant::toString).orElse("-");
    }
}
