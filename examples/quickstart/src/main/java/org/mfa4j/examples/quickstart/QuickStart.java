package org.mfa4j.examples.quickstart;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.mfa4j.MfaSession;
import org.mfa4j.Mfa;
import org.mfa4j.MfaState;
import org.mfa4j.Proof;
import org.mfa4j.ProofStatus;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.policy.Require;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaInput;
import org.mfa4j.spi.MfaUser;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.View;
import org.mfa4j.store.JdbcMfaStore;

/**
 * The terminal quick start, the README's run command: an application that keeps its state in an embedded
 * H2 file database under the working directory, enrols an authenticator app (TOTP) and recovery codes for
 * a demo user, and signs the user in. A second run finds the user enrolled and goes straight to sign-in.
 * Public API only: {@code org.mfa4j}, {@code .policy}, {@code .spi}, {@code .store}; the providers are
 * found on the class path.
 *
 * <p>Answers come from the terminal, or line by line from standard input when it is not a terminal, or
 * from {@code --code} / {@code --recovery-code} for the sign-in. Exit codes: {@value #SIGNED_IN} signed in,
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

    static final String DATA_ENV = "MFA4J_QUICKSTART_DATA";
    static final String DEFAULT_DATA = "mfa4j-data";
    static final String QR_FILE = "totp-qr.png";

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
            Exit codes: 0 signed in, 1 unexpected failure, 2 wrong usage, 3 not signed in, 4 locked.
            """.formatted(DATA_ENV, DEFAULT_DATA);

    private final Mfa mfa;
    private final Terminal terminal;
    private final Options options;
    private final SecureRandom random = new SecureRandom();
    private boolean signInAnswerGiven;
    private String sessionId = newSessionId();

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
    static HikariDataSource dataSource(Path data) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + data.resolve("mfa4j").toAbsolutePath());
        config.setUsername("sa");
        config.setPoolName("quickstart");
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    /** The application's one {@link Mfa}, built at start-up. */
    static Mfa build(DataSource dataSource, Path data) {
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
        if (mfa.state(user, MfaSession.of("s")).status() == MfaState.Step.VERIFICATION_REQUIRED) {
            terminal.println("");
            terminal.println("User " + user.id() + " is already enrolled (" + String.join(", ",
                    mfa.overview(user).providers().stream().filter(p -> p.active()).map(p -> p.title()).toList())
                    + "): signing in.");
        }
        for (;;) {
            int next = login(user);
            if (next != AGAIN) {
                return next;
            }
        }
    }

    /** One login of a user who passed the first factor (this demo has no password: it is the application's). */
    private int login(MfaUser user) {
        // tag::login[]
        MfaState state = mfa.state(user, MfaSession.of("s"));
        return switch (state.status()) {
            case NOT_REQUIRED, SATISFIED -> signedIn(user, Optional.empty());
            case SETUP_REQUIRED -> enrol(user, state.recommended().orElse(state.allowed().get(0)));
            case VERIFICATION_REQUIRED -> {
                String typed = signInAnswer();                        // a code from the app, or a recovery code
                String provider = isRecoveryCode(typed) ? "recovery" : state.defaultProvider().orElseThrow();
                mfa.challenge(user, provider, MfaSession.of(sessionId));             // sends a code where the provider needs one
                Result r = mfa.verify(user, provider, MfaInput.code(typed), MfaSession.of(sessionId));
                yield switch (r.status()) {
                    case ACCEPTED -> signedIn(user, r.proof().map(Proof::token));
                    case LOCKED -> locked(r);                         // provider or account; until unlocked
                    case REJECTED, EXPIRED, FLOW_RESET -> tryAgain(r); // reason, attempts left
                    case NOT_ACTIVE, NOT_ALLOWED -> notSignedIn(r);
                };
            }
        };
        // end::login[]
    }

    private int signedIn(MfaUser user, Optional<String> proof) {
        terminal.println("");
        if (proof.isEmpty()) {
            terminal.println("Signed in as " + user.id() + " (no second factor required).");
            return SIGNED_IN;
        }
        String by = Proof.parse(proof.get()).providers().get(0);
        String left = RECOVERY.equals(by)
                ? " " + mfa.overview(user).provider(RECOVERY).map(p -> p.details().get("remaining")).orElse("?")
                        + " recovery codes left."
                : "";
        terminal.println("Signed in as " + user.id() + " with " + title(by) + "." + left);
        // Before a protected action (change e-mail or password, delete the account): is the proof fresh?
        // tag::stepup[]
        boolean fresh = mfa.checkProof(TODO_USER, MfaSession.of(sessionId, proof.get()), "change-email") == ProofStatus.VALID;
        // end::stepup[]
        if (!fresh) {
            terminal.error("quickstart: a proof just issued is not valid for a protected action");
            return FAILED;
        }
        terminal.println("Step-up check before changing the e-mail address: allowed (verified within "
                + mfa.gracePeriod().toMinutes() + " minutes, in this session).");
        if (recoveryRegistered() && !mfa.overview(user).provider(RECOVERY).map(p -> p.active()).orElse(false)) {
            // An earlier run stopped before they were confirmed: offer them again, with this fresh proof.
            terminal.println("");
            terminal.println("User " + user.id() + " has no recovery codes yet.");
            try {
                addRecoveryCodes(user, proof.get());
            } catch (Terminal.NoAnswer e) {
                terminal.println("Recovery codes not set up (no answer); the next sign-in offers them again.");
            }
        }
        return SIGNED_IN;
    }

    private int locked(Result r) {
        terminal.println("Locked (" + r.lockScope().map(Enum::name).orElse("PROVIDER")
                + r.lockedUntil().map(t -> " until " + t).orElse(", until an administrator unlocks it") + ").");
        terminal.println("An administrator can unlock it: mfa4j-admin unlock " + options.user() + " "
                + r.providerId() + " (see the README's Admin CLI).");
        return LOCKED;
    }

    private int tryAgain(Result r) {
        String why = r.reason().map(QuickStart::explain).orElse(r.status().name());
        terminal.println("Not accepted: " + why + " (" + r.remainingAttempts() + " attempts left).");
        return options.answer().isPresent() ? NOT_SIGNED_IN : AGAIN; // an answer given as an option is the only one
    }

    private int notSignedIn(Result r) {
        terminal.println("Not signed in: " + title(r.providerId()) + " is " + (r.status() == Status.NOT_ACTIVE
                ? "not set up for " + options.user() : "not allowed") + ".");
        return NOT_SIGNED_IN;
    }

    private static String explain(FailureReason reason) {
        return switch (reason) {
            case REPLAY -> "that code was used already; wait for the next one";
            case WRONG_CODE -> "wrong code";
            case MALFORMED_INPUT -> "not a code (6 digits from the app, or a recovery code XXXXX-XXXXX-XXXXX)";
            default -> reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }

    /** The sign-in answer: from the options (once), else from the terminal or standard input. */
    private String signInAnswer() {
        if (options.answer().isPresent()) {
            if (signInAnswerGiven) {
                throw new Terminal.NoAnswer();
            }
            signInAnswerGiven = true;
            return options.answer().get();
        }
        return terminal.ask("Code from your authenticator app, or a recovery code:");
    }

    /** Anything but digits and spaces is taken for a recovery code (they have letters and dashes). */
    static boolean isRecoveryCode(String typed) {
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
        View setup = mfa.setup(user, TOTP, MfaSession.of("s")).view().orElseThrow();
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

        if (recoveryRegistered() && !addRecoveryCodes(user, app.get().proof().orElseThrow().token())) {
            return NOT_SIGNED_IN;
        }
        terminal.println("");
        terminal.println("Now sign in as you will next time (a new session). The code you just typed is spent:"
                + " use the next one, or a recovery code.");
        sessionId = newSessionId();
        return AGAIN;
    }

    /**
     * Sets up recovery codes beside the app and asks for one back. Adding a factor is a protected action:
     * {@code proof}, from this session, must be fresh. False when they were not activated.
     */
    private boolean addRecoveryCodes(MfaUser user, String proof) {
        if (mfa.checkProof(TODO_USER, MfaSession.of(sessionId, proof), "add-factor") != ProofStatus.VALID) {
            terminal.error("quickstart: the proof of this session does not allow adding recovery codes");
            return false;
        }
        View codes = mfa.setup(user, RECOVERY, MfaSession.of("s")).view().orElseThrow();
        terminal.println("");
        terminal.println("Recovery codes: each works once, for when the app is not at hand. They are shown"
                + " only now: write them down.");
        for (String code : codes.require(VIEW_CODES).split("\n")) {
            terminal.println("    " + code);
        }
        terminal.println("");
        if (activate(user, RECOVERY, "Type one of them to confirm you saved them:").isEmpty()) {
            return false;
        }
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
            String typed = terminal.ask(prompt);
            Result r = mfa.activate(user, providerId, MfaInput.code(typed), MfaSession.of(sessionId));
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
                    terminal.println("Not accepted: " + r.reason().map(QuickStart::explain).orElse(r.status().name())
                            + " (" + r.remainingAttempts() + " attempts left).");
                }
                case LOCKED, NOT_ACTIVE, NOT_ALLOWED -> {
                    terminal.println("Not accepted: " + r.status() + ".");
                    return Optional.empty();
                }
            }
        }
    }

    private String title(String providerId) {
        return mfa.providers().stream().filter(d -> d.id().equals(providerId)).map(ProviderDescriptor::title)
                .findFirst().orElse(providerId) + " (" + providerId + ")";
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
