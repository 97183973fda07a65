package org.mfa4j.examples.ssh;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mfa4j.ProviderOverview;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.UserOverview;
import org.mfa4j.examples.quickstart.QuickStart;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * What the login dialogue says, in the quick start's words where it has them ({@link QuickStart#explain}).
 * Only the server's own text and user names from the {@link PasswordTable} (a restricted alphabet) go in:
 * never what the client typed.
 */
final class Texts {

    /** The quick start's command, as the README runs it from the repository's folder. */
    static final String QUICKSTART_COMMAND = "mvn -q -B -ntp -pl examples/quickstart -am -DskipTests package exec:java";

    private final Map<String, String> titles;
    private final Path data;

    Texts(List<ProviderDescriptor> providers, Path data) {
        this.titles = providers.stream().collect(Collectors.toMap(ProviderDescriptor::id, ProviderDescriptor::title));
        this.data = data.toAbsolutePath();
    }

    /** "Authenticator app". */
    String title(String providerId) {
        return titles.getOrDefault(providerId, providerId);
    }

    String promptFor(String providerId) {
        return switch (providerId) {
            case SecondFactorAuth.TOTP -> "Code from your authenticator app:";
            case SecondFactorAuth.RECOVERY -> "Recovery code:";
            default -> title(providerId) + ":";
        };
    }

    String alternative(String providerId) {
        return SecondFactorAuth.RECOVERY.equals(providerId)
                ? "Or type one of your recovery codes (XXXXX-XXXXX-XXXXX) instead."
                : "Or answer with your " + title(providerId).toLowerCase(Locale.ROOT) + " instead.";
    }

    String rejected(Result r) {
        String why = r.reason().map(reason -> QuickStart.explain(r.providerId(), reason))
                .orElse(r.status().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        return "Not accepted: " + why + ". " + title(r.providerId()) + ": "
                + QuickStart.count(r.remainingAttempts(), "attempt") + " left."
                + (r.status() == Status.FLOW_RESET ? " Too many wrong answers in this sign-in: it starts again." : "");
    }

    String notAvailable(Result r) {
        return "Not accepted: " + title(r.providerId()) + (r.status() == Status.NOT_ACTIVE
                ? " is not set up for you." : " cannot be used now.");
    }

    /** A locked factor, on each request while it stays locked. */
    String lockedLine(UserOverview overview, String providerId) {
        Optional<ProviderOverview> p = overview.provider(providerId);
        String after = p.filter(o -> o.failures() > 0)
                .map(o -> " after " + QuickStart.count(o.failures(), "wrong answer") + " in a row").orElse("");
        return "Locked: " + title(providerId) + after + until(p.flatMap(ProviderOverview::lockedUntil))
                + ". An administrator can unlock it: " + unlockCommand(overview.userId(), providerId);
    }

    String accountLocked(String user, Result r) {
        return "Locked: the account of " + user + ", after too many wrong answers" + until(r.lockedUntil())
                + ". No factor signs in until it is unlocked: " + unlockCommand(user, r.providerId());
    }

    String nothingUsable(String user, List<String> locked, boolean accountLocked) {
        if (accountLocked) {
            return "Locked: the account of " + user + ", after too many wrong answers. No factor signs in until an"
                    + " administrator unlocks it (the admin CLI, see the README).";
        }
        return "Locked: every factor of " + user + " (" + locked.stream().map(this::title)
                .collect(Collectors.joining(", ")) + "). An administrator can unlock them: "
                + unlockCommand(user, locked.isEmpty() ? SecondFactorAuth.TOTP : locked.get(0));
    }

    String enrol(String user) {
        return "No second factor is set up for " + user + ", and SSH logins need one. Set up an authenticator"
                + " app with the quick start (from the mfa4j folder; stop this server first, the quick start's"
                + " database opens in one program at a time):\n  " + QUICKSTART_COMMAND + " -Dexec.args=\"--user "
                + user + " --data " + QuickStart.shellWord(data.toString()) + "\"\nthen start the server and log in"
                + " again.";
    }

    String notNow(String providerId) {
        return "Not signed in: " + title(providerId) + " cannot ask for an answer now; try again later.";
    }

    String storeFailed() {
        return "Not signed in: the second factor cannot be checked now; try again later.";
    }

    private String unlockCommand(String user, String providerId) {
        return QuickStart.ADMIN_COMMAND + " unlock " + user + " " + providerId + " --quickstart-data "
                + QuickStart.shellWord(data.toString());
    }

    private static String until(Optional<Instant> until) {
        return until.map(t -> " until " + t).orElse("");
    }
}
