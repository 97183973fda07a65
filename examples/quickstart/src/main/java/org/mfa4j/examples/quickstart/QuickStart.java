/*
 * Over 400 lines on purpose: one program a newcomer reads top to bottom (build, login, enrolment, lockout,
 * self-unlock, messages), whose tagged regions are the README's snippets; splitting it would scatter them.
 */
package org.mfa4j.examples.quickstart;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.mfa4j.Change;
import org.mfa4j.LockScope;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.MfaUser;
import org.mfa4j.Proof;
import org.mfa4j.ProofStatus;
import org.mfa4j.ProviderOverview;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.policy.Require;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.JdbcMfaStore;

/**
 * The terminal quick start, the README's run command: an application that keeps its state in an embedded
 * H2 file database under the working directory, enrols an authenticator app (TOTP) and recovery codes for
 * a demo user, and signs the user in. A second run finds the user enrolled and goes straight to sign-in.
 * Public API only: {@code org.mfa4j}, {@code .policy}, {@code .spi}, {@code .store}; the providers are
 * found on the class path.
 *
 * <p>When a factor locks (three wrong codes), it says which, and that a recovery code still signs in; after
 * such a sign-in it offers to unlock the factor with the fresh proof ({@link Mfa#unlock}), the self-service
 * path, and it names the admin CLI command for the other one.
 *
 * <p>Answers come from the terminal, or line by line from standard input when it is not a terminal, or
 * from {@code --code} / {@code --recovery-code} for the sign-in. An empty line is asked again and costs no
 * attempt. Exit codes: {@value #SIGNED_IN} signed in,
 * {@value #FAILED} unexpected failure, {@value #USAGE} wrong usage, {@value #NOT_SIGNED_IN} not signed in
 * (wrong or missing answer), {@value #LOCKED} locked.
 */
public final class QuickStart {

    static final int SIGNED_IN = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_SIGNED_IN = 3;
    static final int LOCKED = 4;
    /** Internal: the login goes on (after an enrolment or a wrong answer). */
    private static final int AGAIN = -1;

    /** The environment variable that moves the data folder (also read by {@code examples/ssh-server}). */
    public static final String DATA_ENV = "MFA4J_QUICKSTART_DATA";
    /** The data folder under the working directory unless {@link #DATA_ENV} or {@code --data} says otherwise. */
    public static final String DEFAULT_DATA = "mfa4j-data";
    static final String QR_FILE = "totp-qr.png";
    /** The admin CLI as the README runs it from the repository's folder (its Admin CLI section). */
    public static final String ADMIN_COMMAND = "java -jar mfa-cli/target/mfa4j-admin.jar";

    // The providers' view keys; the example does not compile against provider jars (runtime scope).
    private static final String TOTP = "totp";
    private static final String RECOVERY = "recovery";
    private static final String VIEW_SECRET = "secret";
    private static final String VIEW_URI = "uri";
    private static final String VIEW_QR_PNG = "qr.png";
    private static final String VIEW_CODES = "codes";

    static final String HELP = """
            Usage: quickstart [--code CODE | --recovery-code CODE] [--user ID] [--data DIR]

            Enrols an authenticator app and recovery codes for a demo user, then signs in; a second run
            finds the user enrolled and asks only for a code. With Maven, pass options as
            -Dexec.args="--code 123456".

              --code CODE            sign in with this code from the authenticator app
              --recovery-code CODE   sign in with this recovery code
              --user ID              the user (default: demo)
              --data DIR             where the database and key file live (default: $%s, else ./%s)
              --help                 this text

            Answers are read from the terminal, or line by line from standard input when it is not one.
            After three wrong codes the app locks: a recovery code still signs in, and then unlocks it.
            Exit codes: 0 signed in, 1 unexpected failure, 2 wrong usage, 3 not signed in, 4 locked.
            """.formatted(DATA_ENV, DEFAULT_DATA);

    private final Mfa mfa;
    private final Terminal terminal;
    private final Options options;
    private final SecureRandom random = new SecureRandom();
    private boolean signInAnswerGiven;
    /** The application's session: its id, and the proof once the user passed MFA in it. */
    private MfaSession session = MfaSession.of(newSessionId());

    private QuickStart(Mfa mfa, Terminal terminal, Options options) {
        this.mfa = mfa;
        this.terminal = terminal;
        this.options = options;
    }

    public static void main(String[] args) {
        int status = run(args, Terminal.system(System.getenv()), System.getenv());
        if (status != SIGNED_IN) {
            System.exit(status);
        }
    }

    /** Runs the program; returns its exit code. */
    static int run(String[] args, Terminal terminal, Map<String, String> env) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (IllegalArgumentException e) {
            terminal.error("quickstart: " + e.getMessage());
            terminal.error(HELP);
            return USAGE;
        }
        if (options.help()) {
            terminal.print(HELP);
            return SIGNED_IN;
        }
        try (HikariDataSource dataSource = dataSource(options.data())) {
            return new QuickStart(build(dataSource, options.data()), terminal, options).run();
        } catch (Terminal.NoAnswer e) {
            terminal.error("quickstart: no answer (standard input ended): not signed in");
            return NOT_SIGNED_IN;
        } catch (RuntimeException e) {
            terminal.error("quickstart: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return FAILED;
        }
    }

    /** The pool on the H2 file database {@code <data>/mfa4j.mv.db}; H2 creates the folder. */
    public static HikariDataSource dataSource(Path data) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + data.resolve("mfa4j").toAbsolutePath());
        config.setUsername("sa");
        config.setPoolName("quickstart");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    /**
     * The application's one {@link Mfa}, built at start-up. {@code examples/ssh-server} builds its own with this
     * method, so both programs read the same data with the same keys, policy and providers.
     */
    public static Mfa build(DataSource dataSource, Path data) {
        // tag::build[]
        JdbcMfaStore store = JdbcMfaStore.create(dataSource);         // H2 here; PostgreSQL for several nodes
        store.createSchema();                                         // idempotent; or apply the shipped SQL
        Mfa mfa = Mfa.builder()
                .store(store)
                .keys(SecretKeys.loadOrGenerate(data.resolve("mfa4j.keys"), new SecureRandom()))
                .policy(EnforcementPolicy.builder().require(Require.ALL).recommended("totp").build())
                .configure("totp", Map.of("issuer", "mfa4j quick start"))
                .discoverProviders()                                  // every provider jar on the class path
                .build();                                             // immutable, thread-safe: keep one
        // end::build[]
        return mfa;
    }

    private int run() {
        MfaUser user = MfaUser.of(options.user());
        terminal.println("mfa4j quick start");
        terminal.println("State: " + options.data().toAbsolutePath() + " (H2 database and key file; delete it to"
                + " start over)");
        terminal.println("Providers: " + String.join(", ", mfa.providers().stream()
                .map(d -> d.id() + " (" + d.title() + ")").toList()));
        if (mfa.state(user, session).status() == MfaState.Step.VERIFICATION_REQUIRED) {
            terminal.println("");
            terminal.println("User " + user.id() + " is already enrolled (" + String.join(", ",
                    mfa.overview(user).providers().stream().filter(p -> p.active()).map(p -> p.title()).toList())
                    + "): signing in.");
            for (ProviderOverview p : lockedFactors(user)) {
                terminal.println(title(p.providerId()) + " is locked" + failuresInARow(p) + ". "
                        + stillWorks(user, p.providerId()));
            }
        }
        try {
            for (;;) {
                int next = login(user);
                if (next != AGAIN) {
                    return next;
                }
            }
        } catch (Terminal.NoAnswer e) {
            terminal.error("quickstart: no answer (standard input ended): not signed in");
            return lockedFactors(user).isEmpty() ? NOT_SIGNED_IN : LOCKED;
        }
    }

    /** One login of a user who passed the first factor (this demo has no password: it is the application's). */
    private int login(MfaUser user) {
        // tag::login[]
        MfaState state = mfa.state(user, session);                    // session: its id, and its proof if any
        return switch (state.status()) {
            case NOT_REQUIRED, SATISFIED -> signedIn(user, Optional.empty());
            case SETUP_REQUIRED -> enrol(user, state.recommended().orElse(state.allowed().get(0)));
            case VERIFICATION_REQUIRED -> {
                String offered = state.defaultProvider().orElseThrow(); // unlocked first; state.alternatives()
                mfa.prompt(user, offered, session);                   // as the page asking for it is shown
                Answer a = signInAnswer(offered);                     // later: the answer, or another method
                if (!a.provider().equals(offered)) {
                    mfa.prompt(user, a.provider(), session);          // the other method's page
                }
                Result r = mfa.verify(user, a.provider(), MfaInput.code(a.typed()), session);
                yield switch (r.status()) {
                    case ACCEPTED -> signedIn(user, r.proof());
                    case LOCKED -> locked(r);                         // a factor or the account; what still works
                    case REJECTED, EXPIRED, FLOW_RESET -> tryAgain(r); // reason, attempts left
                    case UNAVAILABLE, NOT_ACTIVE, NOT_ALLOWED, STEP_UP_REQUIRED, THROTTLED, NOT_DELIVERED -> notSignedIn(r);
                };
            }
        };
        // end::login[]
    }

    private int signedIn(MfaUser user, Optional<Proof> proof) {
        terminal.println("");
        if (proof.isEmpty()) {
            terminal.println("Signed in as " + user.id() + " (no second factor required).");
            return SIGNED_IN;
        }
        session = session.withProof(proof.get());                     // kept in the session from now on
        String by = proof.get().providers().get(0);
        String left = RECOVERY.equals(by)
                ? " " + mfa.overview(user).provider(RECOVERY).map(p -> p.details().get("remaining")).orElse("?")
                        + " recovery codes left."
                : "";
        terminal.println("Signed in as " + user.id() + " with " + title(by) + "." + left);
        // Before a protected action (change e-mail or password, delete the account): is the proof fresh?
        // tag::stepup[]
        boolean fresh = mfa.checkProof(user, session, "change-email") == ProofStatus.VALID;
        // end::stepup[]
        if (!fresh) {
            terminal.error("quickstart: a proof just issued is not valid for a protected action");
            return FAILED;
        }
        terminal.println("Step-up check before changing the e-mail address: allowed (verified within "
                + mfa.gracePeriod().toMinutes() + " minutes, in this session).");
        for (ProviderOverview locked : lockedFactors(user)) {
            offerUnlock(user, locked.providerId());
        }
        if (recoveryRegistered() && !mfa.overview(user).provider(RECOVERY).map(p -> p.active()).orElse(false)) {
            // An earlier run stopped before they were confirmed: offer them again, with this fresh proof.
            terminal.println("");
            terminal.println("User " + user.id() + " has no recovery codes yet.");
            try {
                addRecoveryCodes(user);
            } catch (Terminal.NoAnswer e) {
                terminal.println("Recovery codes not set up (no answer); the next sign-in offers them again.");
            }
        }
        return SIGNED_IN;
    }

    /**
     * A factor (or the whole account) is locked: say which, and what still works. With a recovery code still
     * usable the login goes on and asks for one; otherwise an administrator must unlock.
     */
    private int locked(Result r) {
        MfaUser user = MfaUser.of(options.user());
        String until = r.lockedUntil().map(t -> " until " + t).orElse("");
        terminal.println("");
        if (r.lockScope().orElse(LockScope.PROVIDER) == LockScope.ACCOUNT) {
            terminal.println("Locked: the account of " + user.id() + ", after too many wrong answers" + until
                    + ". No factor signs in until it is unlocked.");
            adminUnlockHint(r.providerId());
            return LOCKED;
        }
        ProviderOverview p = mfa.overview(user).provider(r.providerId()).orElseThrow();
        terminal.println("Locked: " + title(r.providerId()) + failuresInARow(p) + until + ".");
        boolean otherWorks = usableOther(user, r.providerId()).isPresent();
        if (otherWorks) {
            terminal.println(stillWorks(user, r.providerId())
                    + (options.answer().isPresent() ? " Run again with --recovery-code." : ""));
        }
        adminUnlockHint(r.providerId());
        return otherWorks && options.answer().isEmpty() ? AGAIN : LOCKED;
    }

    /** After a sign-in with another factor: unlock {@code providerId} with this sign-in's proof, if the user wants. */
    private void offerUnlock(MfaUser user, String providerId) {
        terminal.println("");
        terminal.println(title(providerId) + " is still locked. This sign-in lets you unlock it yourself.");
        boolean yes;
        try {
            yes = yesOrNo("Unlock it now? [Y/n]");
        } catch (Terminal.NoAnswer e) {
            yes = false;
        }
        if (!yes) {
            terminal.println("Left locked.");
            adminUnlockHint(providerId);
        } else if (unlockWithProof(user, providerId)) {
            terminal.println(titleOf(providerId) + " unlocked: its codes sign you in again.");
        } else {
            terminal.println("Not unlocked: this sign-in's proof does not allow it (expired, or from the locked"
                    + " factor itself).");
            adminUnlockHint(providerId);
        }
    }

    /**
     * The user's own unlock: the proof of a sign-in with another factor, in this session and within the grace
     * period, unlocks {@code providerId}. The one place the quick start calls {@link Mfa#unlock}.
     */
    private boolean unlockWithProof(MfaUser user, String providerId) {
        // tag::unlock[]
        Change unlock = mfa.unlock(user, providerId, session);        // the session holds the recovery sign-in's proof
        // end::unlock[]
        return unlock.isDone();
    }

    /** The admin CLI's unlock command for this user and data folder, as the README runs it. */
    private void adminUnlockHint(String providerId) {
        terminal.println("An administrator can unlock it once this program has ended (from the mfa4j folder, see the"
                + " README's Admin CLI):");
        terminal.println("  " + ADMIN_COMMAND + " unlock " + shellWord(options.user()) + " " + providerId
                + " --quickstart-data " + shellWord(options.data().toAbsolutePath().toString()));
    }

    /** The user's factors that are locked now. */
    private List<ProviderOverview> lockedFactors(MfaUser user) {
        return mfa.overview(user).providers().stream().filter(p -> p.active() && p.locked()).toList();
    }

    /** An active, unlocked factor other than {@code providerId}. */
    private Optional<String> usableOther(MfaUser user, String providerId) {
        return mfa.overview(user).providers().stream().filter(p -> p.active() && !p.locked()
                && !p.providerId().equals(providerId)).map(ProviderOverview::providerId).findFirst();
    }

    private String stillWorks(MfaUser user, String lockedId) {
        return usableOther(user, lockedId).map(other -> (RECOVERY.equals(other) ? "A recovery code still works"
                : titleOf(other) + " still works") + ": sign in with it, then you can unlock the "
                + titleOf(lockedId).toLowerCase(Locale.ROOT) + " yourself.")
                .orElse("No other factor is usable.");
    }

    private static String failuresInARow(ProviderOverview p) {
        return p.failures() > 0 ? " after " + count(p.failures(), "wrong answer") + " in a row" : "";
    }

    private int tryAgain(Result r) {
        String why = r.reason().map(reason -> explain(r.providerId(), reason))
                .orElse(r.status().name().toLowerCase(Locale.ROOT));
        terminal.println("Not accepted: " + why + ". " + titleOf(r.providerId()) + ": "
                + count(r.remainingAttempts(), "attempt") + " left.");
        if (r.status() == Status.FLOW_RESET) {
            terminal.println("Too many wrong answers in this sign-in: it starts again.");
        }
        return options.answer().isPresent() ? NOT_SIGNED_IN : AGAIN; // an answer given as an option is the only one
    }

    private int notSignedIn(Result r) {
        terminal.println("Not signed in: " + title(r.providerId()) + " is " + (r.status() == Status.NOT_ACTIVE
                ? "not set up for " + options.user() : "not allowed") + ".");
        return NOT_SIGNED_IN;
    }

    /** Why an answer for {@code providerId} was refused, in the words of that factor. */
    public static String explain(String providerId, FailureReason reason) {
        boolean recovery = RECOVERY.equals(providerId);
        return switch (reason) {
            case REPLAY -> recovery ? "that recovery code was used already (each one works once)"
                    : "that code was used already; wait for the app's next one";
            case WRONG_CODE -> recovery ? "not one of your recovery codes" : "wrong code";
            case MALFORMED_INPUT -> "not a code (6 digits from the app, or a recovery code XXXXX-XXXXX-XXXXX)";
            default -> reason.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    /** {@code "1 attempt"}, {@code "2 attempts"}. */
    public static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** What the user answered, and for which provider. */
    private record Answer(String provider, String typed) {
    }

    /**
     * The sign-in answer for the {@code offered} provider: from the options (once), else from the terminal or
     * standard input. An empty line is asked again. At the app's prompt a recovery code is this terminal's
     * "use another method" (a web page has a link for it); when the app is locked (then recovery codes are
     * offered first) only a recovery code is taken, since the locked factor would not look at its code.
     */
    private Answer signInAnswer(String offered) {
        if (options.answer().isPresent()) {
            if (signInAnswerGiven) {
                throw new Terminal.NoAnswer();
            }
            signInAnswerGiven = true;
            return answerFor(options.answer().get());
        }
        Optional<ProviderOverview> locked = lockedFactors(MfaUser.of(options.user())).stream()
                .filter(p -> !RECOVERY.equals(p.providerId())).findFirst();
        String prompt = locked.map(p -> "Recovery code (the " + titleOf(p.providerId()).toLowerCase(Locale.ROOT)
                + " is locked):").orElse(RECOVERY.equals(offered) ? "Recovery code:"
                : "Code from your authenticator app, or a recovery code:");
        for (;;) {
            String typed = answer(prompt);
            if (locked.isEmpty() || isRecoveryCode(typed)) {
                return answerFor(typed);
            }
            terminal.println(titleOf(locked.get().providerId()) + " is locked: type a recovery code"
                    + " (XXXXX-XXXXX-XXXXX).");
        }
    }

    /** A recovery code (letters and dashes) answers the recovery provider; digits answer the app. */
    private static Answer answerFor(String typed) {
        return new Answer(isRecoveryCode(typed) ? RECOVERY : TOTP, typed);
    }

    /** One non-empty answer: an empty line is asked again and costs nothing. */
    private String answer(String prompt) {
        for (;;) {
            String typed = terminal.ask(prompt);
            if (!typed.isEmpty()) {
                return typed;
            }
            terminal.println("Nothing typed (no attempt used).");
        }
    }

    private boolean yesOrNo(String prompt) {
        for (;;) {
            String typed = terminal.ask(prompt).toLowerCase(Locale.ROOT);
            if (typed.isEmpty() || typed.equals("y") || typed.equals("yes")) {
                return true;
            }
            if (typed.equals("n") || typed.equals("no")) {
                return false;
            }
            terminal.println("Type y or n.");
        }
    }

    /** Anything but digits and spaces is taken for a recovery code (they have letters and dashes). */
    public static boolean isRecoveryCode(String typed) {
        return !typed.isBlank() && !typed.chars().allMatch(c -> Character.isWhitespace(c) || c >= '0' && c <= '9');
    }

    // ------------------------------------------------------------------ enrolment

    /** Sets up and activates {@code providerId} (an authenticator app), then recovery codes beside it. */
    private int enrol(MfaUser user, String providerId) {
        if (!TOTP.equals(providerId)) {
            terminal.error("quickstart: this demo enrols an authenticator app ('totp'), not '" + providerId + "'");
            return FAILED;
        }
        terminal.println("");
        terminal.println("User " + user.id() + " has no second factor yet: set up an authenticator app.");
        View setup = mfa.setup(user, TOTP, session).view().orElseThrow(); // a first factor needs no proof
        Optional<Result> app;
        Path png = options.data().resolve(QR_FILE);
        try {
            showTotpSetup(setup, png);
            app = activate(user, TOTP, "Code from your authenticator app:");
        } finally {
            deleteQuietly(png);
        }
        terminal.println("Deleted " + png.toAbsolutePath() + " (it holds the secret).");
        if (app.isEmpty()) {
            return NOT_SIGNED_IN;
        }
        terminal.println("Authenticator app activated.");
        session = session.withProof(app.get().proof().orElseThrow()); // a first enrolment counts as a sign-in

        if (recoveryRegistered() && !addRecoveryCodes(user)) {
            return NOT_SIGNED_IN;
        }
        terminal.println("");
        terminal.println("Now sign in as you will next time (a new session). The code you just typed is spent:"
                + " use the next one, or a recovery code.");
        session = MfaSession.of(newSessionId());
        return AGAIN;
    }

    /**
     * Sets up recovery codes beside the app and asks for one back. Adding a factor is a protected operation:
     * the session's proof must be fresh, or {@code Mfa} refuses. False when they were not activated.
     */
    private boolean addRecoveryCodes(MfaUser user) {
        Change added = mfa.setup(user, RECOVERY, session);
        if (!added.isDone()) {
            terminal.error("quickstart: recovery codes not set up: " + added.status()
                    + added.stepUp().map(why -> " (" + why + ")").orElse(""));
            return false;
        }
        View codes = added.view().orElseThrow();
        terminal.println("");
        terminal.println("Recovery codes: each works once, for when the app is not at hand. They are shown"
                + " only now: write them down.");
        for (String code : codes.require(VIEW_CODES).split("\n")) {
            terminal.println("    " + code);
        }
        terminal.println("");
        Optional<Result> confirmed = activate(user, RECOVERY, "Type one of them to confirm you saved them:");
        if (confirmed.isEmpty()) {
            return false;
        }
        session = session.withProof(confirmed.get().proof().orElseThrow()); // the factors changed: the successor
        terminal.println("Recovery codes activated.");
        return true;
    }

    private boolean recoveryRegistered() {
        return mfa.providers().stream().map(ProviderDescriptor::id).anyMatch(RECOVERY::equals);
    }

    private void showTotpSetup(View setup, Path png) {
        String uri = setup.require(VIEW_URI);
        terminal.println("");
        terminal.println("Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator,"
                + " 1Password, Aegis, ...):");
        terminal.println("");
        for (String line : terminal.qrCode(uri)) {
            terminal.println(line);
        }
        terminal.println("");
        terminal.println("Or add the account by hand:");
        terminal.println("  Secret for manual entry: " + setup.require(VIEW_SECRET));
        terminal.println("  Type: time-based, " + setup.get("algorithm").orElse("SHA1") + ", "
                + setup.get("digits").orElse("6") + " digits, every " + setup.get("period").orElse("30")
                + " seconds");
        terminal.println("  otpauth URI: " + uri);
        setup.binary(VIEW_QR_PNG).ifPresent(bytes -> {
            writePrivate(png, bytes);
            terminal.println("QR code also written to " + png.toAbsolutePath()
                    + " (open it if the terminal's drawing does not scan).");
        });
        terminal.println("");
    }

    /** Asks until the provider is activated; empty when the setup was discarded or refused. */
    private Optional<Result> activate(MfaUser user, String providerId, String prompt) {
        for (;;) {
            String typed = answer(prompt);
            Result r = mfa.activate(user, providerId, MfaInput.code(typed), session);
            switch (r.status()) {
                case ACCEPTED -> {
                    return Optional.of(r);
                }
                case REJECTED, EXPIRED, FLOW_RESET -> {
                    if ("discarded".equals(r.details().get("setup"))) {
                        terminal.println("Not accepted, and that was the last attempt: the setup was discarded."
                                + " Run again for a new one.");
                        return Optional.empty();
                    }
                    terminal.println("Not accepted: " + r.reason().map(reason -> explain(providerId, reason))
                            .orElse(r.status().name()) + " (" + count(r.remainingAttempts(), "attempt")
                            + " left before this setup is discarded).");
                }
                case LOCKED, NOT_ACTIVE, NOT_ALLOWED -> {
                    terminal.println("Not accepted: " + r.status() + ".");
                    return Optional.empty();
                }
            }
        }
    }

    /** "Authenticator app (totp)". */
    private String title(String providerId) {
        return titleOf(providerId) + " (" + providerId + ")";
    }

    /** "Authenticator app". */
    private String titleOf(String providerId) {
        return mfa.providers().stream().filter(d -> d.id().equals(providerId)).map(ProviderDescriptor::title)
                .findFirst().orElse(providerId);
    }

    /** {@code s} as one word for a POSIX shell: as it is when it is plain, else in single quotes. */
    public static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private String newSessionId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    /** Writes a file only the owner can read (where the file system allows): the QR code holds the secret. */
    private static void writePrivate(Path file, byte[] bytes) {
        try {
            Files.deleteIfExists(file);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Reported by the caller's message; nothing else to do.
        }
    }

    /** The command line. */
    record Options(Optional<String> answer, String user, Path data, boolean help) {

        static Options parse(String[] args, Map<String, String> env) {
            Optional<String> answer = Optional.empty();
            String user = "demo";
            String dataDir = Optional.ofNullable(env.get(DATA_ENV)).filter(s -> !s.isBlank()).orElse(DEFAULT_DATA);
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--code", "--recovery-code" -> {
                        if (answer.isPresent()) {
                            throw new IllegalArgumentException("give one of --code and --recovery-code, once");
                        }
                        String v = value(args, ++i, a);
                        if (a.equals("--code") == isRecoveryCode(v)) {
                            throw new IllegalArgumentException(a.equals("--code")
                                    ? "--code takes the digits from the authenticator app"
                                    : "--recovery-code takes a recovery code such as ABCDE-FGHJK-MNPQR");
                        }
                        answer = Optional.of(v);
                    }
                    case "--user" -> user = MfaUser.requireId(value(args, ++i, a));
                    case "--data" -> dataDir = value(args, ++i, a);
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return new Options(answer, user, Path.of(dataDir), help);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length || args[i].isBlank()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        @Override
        public String toString() {
            return "Options[user=" + user + ", data=" + data + "]";
        }
    }
}
