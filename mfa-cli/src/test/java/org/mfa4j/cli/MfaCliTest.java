package org.mfa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.JdbcMfaStore;
import org.mfa4j.testproviders.CodeProvider;
import org.mfa4j.testproviders.SentCodeProvider;

/**
 * Runs the commands in-process against an H2 file database, as an administrator would against the
 * application's database, and checks output, exit codes and the state the application then sees. The
 * test providers are on the class path through {@code META-INF/services} in the test resources.
 */
class MfaCliTest {

    private static final String DB_PASSWORD = "db-Pa55word-xyz";
    private static final String SESSION = "s1";

    @TempDir
    Path dir;

    private Path config;
    private Path keyFile;
    private Mfa app;
    private JdbcMfaStore store;
    private SecretKeys keys;
    private String code;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> everythingPrinted = new ArrayList<>();

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void applicationWithOneUser() throws IOException {
        String url = "jdbc:h2:file:" + dir.resolve("mfa").toAbsolutePath();
        keyFile = dir.resolve("mfa4j.keys");
        keys = SecretKeys.generateFile(keyFile, new SecureRandom());
        config = dir.resolve("mfa4j-admin.properties");
        Files.writeString(config, "url=" + url + "\nuser=sa\npassword=" + DB_PASSWORD + "\nkeys=" + keyFile + "\n",
                StandardCharsets.UTF_8);

        assertThat(run("migrate", "--config", config.toString()).exit()).isZero();

        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword(DB_PASSWORD);
        store = JdbcMfaStore.create(ds);
        app = Mfa.builder().store(store).keys(keys).provider(new CodeProvider())
                .provider(new SentCodeProvider()).build();
        code = app.setup(MfaUser.of("alice"), "code", MfaSession.of(SESSION)).view().orElseThrow().require("code");
        assertThat(app.activate(MfaUser.of("alice"), "code", MfaInput.code(code), MfaSession.of(SESSION)).status())
                .isEqualTo(Status.ACCEPTED);
    }

    @AfterEach
    void nothingSecretWasPrinted() throws IOException {
        String keyLine = Files.readAllLines(keyFile).stream().filter(l -> l.contains("=")).findFirst().orElseThrow();
        String key = keyLine.substring(keyLine.indexOf('=') + 1);
        for (String printed : everythingPrinted) {
            assertThat(printed).doesNotContain(code).doesNotContain(DB_PASSWORD).doesNotContain(key)
                    .doesNotContain("v1.");
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = MfaCli.execute(args, new PrintWriter(out), new PrintWriter(err), env::get);
        everythingPrinted.add(out.toString());
        everythingPrinted.add(err.toString());
        return new Run(exit, out.toString(), err.toString());
    }

    private Run admin(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return run(all);
    }

    private String wrong() {
        return String.format("%08d", (Integer.parseInt(code) + 1) % 100_000_000);
    }

    private void lockAlice() {
        for (int i = 0; i < 3; i++) {
            app.verify(MfaUser.of("alice"), "code", MfaInput.code(wrong()), MfaSession.of(SESSION));
        }
        assertThat(app.verify(MfaUser.of("alice"), "code", MfaInput.code(code), MfaSession.of(SESSION)).status())
                .isEqualTo(Status.LOCKED);
    }

    @Test
    void providersListsWhatIsOnTheClassPathEvenWithoutTheirSettings() {
        Run r = run("providers");
        assertThat(r.exit()).as(r.err()).isZero();
        // In display order: e-mail, usable only beside another factor, after the rest.
        assertThat(r.out().lines()).containsExactly("code\tCode card code", "sent\tSent code",
                "sms\tText message (SMS)", "email\tE-mail code");
    }

    @Test
    void providerSettingsThatAreGivenAreStillChecked() throws IOException {
        Files.writeString(config, "provider.sms.countries=1\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Run r = admin("providers");
        assertThat(r.exit()).isEqualTo(MfaCli.CONFIGURATION);
        assertThat(r.err()).startsWith("error: ").contains("sms");
    }

    @Test
    void anSmsEntryIsShownResetAndUnlockedWithoutSmsSettings() {
        // The application's SMS entries, made here by a code card under the id and title of the SMS provider.
        Mfa withSms = Mfa.builder().store(store).keys(keys).provider(new CodeProvider())
                .provider(new SentCodeProvider()).provider(new CodeProvider(ProviderDescriptor.builder("sms")
                        .title("Text message (SMS)").build())).build();
        MfaUser bob = MfaUser.of("bob");
        String answer = withSms.setup(bob, "sms", MfaSession.of("b")).view().orElseThrow().require("code");
        assertThat(withSms.activate(bob, "sms", MfaInput.code(answer), MfaSession.of("b")).status())
                .isEqualTo(Status.ACCEPTED);
        for (int i = 0; i < 3; i++) {
            withSms.verify(bob, "sms", MfaInput.code("00000000".equals(answer) ? "11111111" : "00000000"),
                    MfaSession.of("b"));
        }

        Run status = admin("status", "bob");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out().lines()).anyMatch(l -> l.startsWith("provider sms active=yes locked=yes"))
                .noneMatch(l -> l.startsWith("detail sms"));
        Run unlock = admin("unlock", "bob", "sms");
        assertThat(unlock.exit()).as(unlock.err()).isZero();
        assertThat(withSms.admin().overview("bob").provider("sms").orElseThrow().locked()).isFalse();
        Run reset = admin("reset", "bob", "sms");
        assertThat(reset.out()).isEqualTo("reset bob sms" + System.lineSeparator());
        assertThat(withSms.admin().overview("bob").provider("sms").orElseThrow().active()).isFalse();
        assertThat(admin("status", "alice").exit()).as("other users and providers as before").isZero();
    }

    @Test
    void migrateIsRepeatableAndCanPrintTheScript() {
        Run again = admin("migrate");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEqualTo("schema ready table=mfa4j_user dialect=h2" + System.lineSeparator());
        Run print = admin("migrate", "--print");
        assertThat(print.exit()).isZero();
        assertThat(print.out()).contains("CREATE TABLE IF NOT EXISTS mfa4j_user").contains("JSON");
    }

    @Test
    void breakGlassPrintsASingleUseCodeOnceThatTheApplicationAccepts() {
        Run r = admin("break-glass", "alice", "--by", "ops-oncall", "--minutes", "30");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("break-glass alice code=[A-Z2-9]{5}(-[A-Z2-9]{5}){3} id=\\S+ expires=\\S+\\R");
        assertThat(r.err()).contains("shown this once");
        String issued = r.out().substring(r.out().indexOf("code=") + 5, r.out().indexOf(" id="));

        Result used = app.verifyBreakGlass(MfaUser.of("alice"), MfaInput.code(issued), MfaSession.of("locked-out"));
        assertThat(used.status()).isEqualTo(Status.ACCEPTED);
        assertThat(app.verifyBreakGlass(MfaUser.of("alice"), MfaInput.code(issued), MfaSession.of("again")).status())
                .isEqualTo(Status.REJECTED);
        assertThat(admin("status", "alice").out()).doesNotContain(issued);

        assertThat(admin("break-glass", "alice").exit()).as("--by is required").isEqualTo(MfaCli.USAGE);
        assertThat(admin("break-glass", "alice", "--by", "ops", "--minutes", "1441").exit()).isEqualTo(MfaCli.USAGE);
        Run nobody = admin("break-glass", "nobody", "--by", "ops");
        assertThat(nobody.exit()).isEqualTo(MfaCli.NOTHING);
        assertThat(nobody.out()).isEmpty();
    }

    @Test
    void statusShowsTheLockedProviderWithoutSecrets() {
        lockAlice();
        Run r = admin("status", "alice");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).contains("user alice", "account failures=3 locked=no default=code",
                "detail code kind=card");
        assertThat(r.out().lines()).anySatisfy(l -> assertThat(l)
                .startsWith("provider code active=yes locked=yes failures=3 default=yes created=20"));
        assertThat(r.out().lines()).anySatisfy(l -> assertThat(l)
                .startsWith("provider sent active=no locked=no failures=0 default=no created=- updated=-"));
    }

    @Test
    void statusShowsTheHistoryRememberedDevicesBreakGlassCodeAndEnrolmentDeadline() {
        MfaUser alice = MfaUser.of("alice");
        Result signedIn = app.verify(alice, "code", MfaInput.code(code), MfaSession.of("web"));
        String device = app.devices().remember(alice, MfaSession.of("web").withProof(signedIn.proof().orElseThrow()),
                "Firefox on Linux").token().orElseThrow().id();
        String issued = app.admin().issueBreakGlass("alice", "ops-oncall").id();
        app.admin().allowSetupSkips("alice", 2);

        Run r = admin("status", "alice");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines()).anySatisfy(l -> assertThat(l).matches("history code credential=- added=\\S+"
                + " last-used=\\S+ removed=- removed-by=- label=Code card code"));
        assertThat(r.out().lines()).anySatisfy(l -> assertThat(l).matches("device " + device
                + " created=\\S+ last-seen=- expires=\\S+ label=Firefox on Linux"));
        assertThat(r.out().lines()).anySatisfy(l -> assertThat(l).matches("break-glass " + issued
                + " issued-by=ops-oncall issued=\\S+ expires=\\S+"));
        assertThat(r.out().lines()).anySatisfy(l -> assertThat(l).matches("enrolment required-from=- skips-left=2 set=\\S+"));

        app.admin().reset("alice", "code");
        assertThat(admin("status", "alice").out().lines()).anySatisfy(l -> assertThat(l).matches("history code"
                + " credential=- added=\\S+ last-used=\\S+ removed=\\S+ removed-by=administrator label=Code card code"))
                .noneMatch(l -> l.startsWith("device "));
    }

    @Test
    void statusOfAnUnknownUserIsNothing() {
        Run r = admin("status", "nobody");
        assertThat(r.exit()).isEqualTo(MfaCli.NOTHING);
        assertThat(r.err()).contains("no MFA data for user nobody");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unlockLetsTheUserInAgain() {
        lockAlice();
        Run r = admin("unlock", "alice", "code");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("unlocked alice code" + System.lineSeparator());
        assertThat(app.admin().overview("alice").provider("code").orElseThrow().failures()).isZero();
        assertThat(app.verify(MfaUser.of("alice"), "code", MfaInput.code(code), MfaSession.of(SESSION)).status())
                .isEqualTo(Status.ACCEPTED);
        Run bob = admin("unlock", "bob", "code");
        assertThat(bob.exit()).isEqualTo(MfaCli.NOTHING);
        assertThat(bob.err()).isEqualTo("not locked: user bob has no 'code' entry and the account is not locked;"
                + " nothing changed" + System.lineSeparator());
    }

    @Test
    void unlockOfAProviderThatIsNotLockedSaysSoAndChangesNothing() {
        app.verify(MfaUser.of("alice"), "code", MfaInput.code(wrong()), MfaSession.of(SESSION));
        Run r = admin("unlock", "alice", "code");
        assertThat(r.exit()).isEqualTo(MfaCli.NOTHING);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("not locked: neither 'code' of user alice (1 failure) nor the account is"
                + " locked; nothing changed" + System.lineSeparator());
        assertThat(app.admin().overview("alice").provider("code").orElseThrow().failures()).isEqualTo(1);
        assertThat(app.admin().overview("alice").accountFailures()).isEqualTo(1);
    }

    @Test
    void resetRemovesTheProviderAndItsSecrets() {
        Run r = admin("reset", "alice", "code");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("reset alice code" + System.lineSeparator());
        assertThat(app.admin().overview("alice").hasActiveProvider()).isFalse();
        assertThat(app.verify(MfaUser.of("alice"), "code", MfaInput.code(code), MfaSession.of(SESSION)).status())
                .isEqualTo(Status.NOT_ACTIVE);

        Run again = admin("reset", "alice", "code");
        assertThat(again.exit()).isEqualTo(MfaCli.NOTHING);
        assertThat(again.err()).contains("nothing to reset");
    }

    @Test
    void resetAllRemovesEveryProvider() {
        MfaSession signedIn = MfaSession.of(SESSION).withProof(app.verify(MfaUser.of("alice"), "code",
                MfaInput.code(code), MfaSession.of(SESSION)).proof().orElseThrow());
        app.setup(MfaUser.of("alice"), "sent", signedIn).view().orElseThrow();
        Run r = admin("reset", "alice", "--all");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactlyInAnyOrder("reset alice code", "reset alice sent");
        assertThat(app.admin().overview("alice").providers()).allSatisfy(p -> assertThat(p.created()).isEmpty());
        assertThat(admin("reset", "alice", "--all").exit()).isEqualTo(MfaCli.NOTHING);
    }

    @Test
    void wrongUsageIsExitCodeTwoAndChangesNothing() {
        assertThat(admin("reset", "alice").exit()).isEqualTo(MfaCli.USAGE);
        assertThat(admin("reset", "alice", "code", "--all").exit()).isEqualTo(MfaCli.USAGE);
        Run unknown = admin("reset", "alice", "nope");
        assertThat(unknown.exit()).isEqualTo(MfaCli.USAGE);
        assertThat(unknown.err()).contains("no provider 'nope'");
        assertThat(run("frobnicate").exit()).isEqualTo(MfaCli.USAGE);
        assertThat(run().exit()).isEqualTo(MfaCli.USAGE);
        assertThat(app.admin().overview("alice").provider("code").orElseThrow().active()).isTrue();
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("providers", "status", "reset", "unlock", "migrate")) {
            Run r = run(command, "--help");
            assertThat(r.exit()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: mfa4j-admin " + command);
        }
        Run top = run("--help");
        assertThat(top.exit()).isZero();
        assertThat(top.out()).contains("Exit codes:").contains("3  nothing to show or do");
    }

    @Test
    void storeFailuresAreExitCodeFour() {
        Run r = admin("status", "alice", "--table", "not_there");
        assertThat(r.exit()).isEqualTo(MfaCli.STORE);
        assertThat(r.err()).startsWith("error: ").contains("there is no table not_there in the H2 database "
                + dir.resolve("mfa.mv.db").toAbsolutePath());
        Run unreachable = run("status", "alice", "--url", "jdbc:postgresql://127.0.0.1:1/none");
        assertThat(unreachable.exit()).isEqualTo(MfaCli.STORE);
    }

    @Test
    void configurationProblemsAreExitCodeFive() throws IOException {
        assertThat(run("status", "alice").err()).contains("no store given");
        assertThat(run("status", "alice").exit()).isEqualTo(MfaCli.CONFIGURATION);
        assertThat(run("status", "alice", "--config", dir.resolve("missing.properties").toString()).exit())
                .isEqualTo(MfaCli.CONFIGURATION);
        Path typo = dir.resolve("typo.properties");
        Files.writeString(typo, "url=jdbc:h2:mem:x\npasword=" + DB_PASSWORD + "\n");
        Run r = run("status", "alice", "--config", typo.toString());
        assertThat(r.exit()).isEqualTo(MfaCli.CONFIGURATION);
        assertThat(r.err()).contains("[pasword]");
        Run badKeys = admin("status", "alice", "--keys", dir.resolve("no.keys").toString());
        assertThat(badKeys.exit()).isEqualTo(MfaCli.CONFIGURATION);
    }

    @Test
    void noProviderJarsIsAConfigurationProblem() {
        ClassLoader original = Thread.currentThread().getContextClassLoader();
        ClassLoader withoutServices = new ClassLoader(original) {
            @Override
            public java.util.Enumeration<java.net.URL> getResources(String name) throws IOException {
                return name.startsWith("META-INF/services/") ? java.util.Collections.emptyEnumeration()
                        : super.getResources(name);
            }
        };
        Thread.currentThread().setContextClassLoader(withoutServices);
        try {
            Run r = admin("status", "alice");
            assertThat(r.exit()).isEqualTo(MfaCli.CONFIGURATION);
            assertThat(r.err()).contains("no mfa4j providers on the class path");
            assertThat(run("providers").exit()).isEqualTo(MfaCli.CONFIGURATION);
        } finally {
            Thread.currentThread().setContextClassLoader(original);
        }
    }

    @Test
    void quickstartDataNamesTheQuickStartsDatabaseUserAndKeyFile() throws IOException {
        Path data = dir.resolve("quickstart data");
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + data.resolve("mfa4j").toAbsolutePath());
        ds.setUser("sa");
        JdbcMfaStore store = JdbcMfaStore.create(ds);
        store.createSchema();
        SecretKeys keys = SecretKeys.generateFile(data.resolve("mfa4j.keys"), new SecureRandom());
        Mfa quickstart = Mfa.builder().store(store).keys(keys).provider(new CodeProvider()).build();
        String demoCode = quickstart.setup(MfaUser.of("demo"), "code", MfaSession.of("s")).view().orElseThrow().require("code");
        quickstart.activate(MfaUser.of("demo"), "code", MfaInput.code(demoCode), MfaSession.of(SESSION));
        env.put("MFA4J_DB_URL", "jdbc:h2:mem:ignored");

        Run r = run("status", "demo", "--quickstart-data", data.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("provider code active=yes locked=no failures=0");
        for (int i = 0; i < 3; i++) {
            quickstart.verify(MfaUser.of("demo"), "code", MfaInput.code("00000000"), MfaSession.of(SESSION));
        }
        Run unlock = run("unlock", "demo", "code", "--quickstart-data", data.toString());
        assertThat(unlock.out()).isEqualTo("unlocked demo code" + System.lineSeparator());
        assertThat(quickstart.verify(MfaUser.of("demo"), "code", MfaInput.code(demoCode), MfaSession.of("s2")).status())
                .isEqualTo(Status.ACCEPTED);

        Run both = run("status", "demo", "--quickstart-data", data.toString(), "--url", "jdbc:h2:mem:x");
        assertThat(both.exit()).isEqualTo(MfaCli.USAGE);
        assertThat(both.err()).contains("--quickstart-data names the whole store");
        assertNoTraceFiles(data);
    }

    @Test
    void commandsOtherThanMigrateNeverCreateADatabase() {
        Path missing = dir.resolve("no-such-folder");
        for (String[] command : List.of(new String[] {"status", "demo"}, new String[] {"unlock", "demo", "code"},
                new String[] {"reset", "demo", "--all"}, new String[] {"migrate", "--print"})) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.stream.Stream.of("--quickstart-data", missing.toString())).toArray(String[]::new);
            Run r = run(args);
            assertThat(r.exit()).as(command[0]).isEqualTo(MfaCli.STORE);
            assertThat(r.err()).as(command[0]).isEqualTo("error: there is no database: the H2 database "
                    + missing.resolve("mfa4j.mv.db").toAbsolutePath() + " does not exist. Check the path"
                    + " (--quickstart-data, --url); only migrate (without --print) creates one."
                    + System.lineSeparator());
        }
        assertThat(missing).doesNotExist();

        Run url = run("status", "alice", "--url", "jdbc:h2:file:" + dir.resolve("other").toAbsolutePath()
                + ";IFEXISTS=FALSE", "--user", "sa");
        assertThat(url.exit()).isEqualTo(MfaCli.STORE);
        assertThat(dir.resolve("other.mv.db")).doesNotExist();
        assertNoTraceFiles(dir);
    }

    @Test
    void aUrlNamingTheMvDbFileOpensThatDatabase() {
        env.put("MFA4J_DB_PASSWORD", DB_PASSWORD);
        Run r = run("status", "alice", "--url", "jdbc:h2:file:" + dir.resolve("mfa.mv.db").toAbsolutePath(),
                "--user", "sa");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("provider code active=yes");
        assertThat(r.err()).isEqualTo("note: an H2 URL names the database without '.mv.db': using the file "
                + dir.resolve("mfa.mv.db").toAbsolutePath() + System.lineSeparator());

        Run migrate = run("migrate", "--url", "jdbc:h2:file:" + dir.resolve("fresh.MV.DB").toAbsolutePath(),
                "--user", "sa");
        assertThat(migrate.exit()).as(migrate.err()).isZero();
        assertThat(dir.resolve("fresh.mv.db")).isRegularFile();
        assertThat(dir.resolve("fresh.MV.DB.mv.db")).doesNotExist();
    }

    @Test
    void aDatabaseInUseByAnotherProcessIsSaidInWords() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("mfa").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldDatabase.class.getName(), url, "sa");
        pb.environment().put("HOLD_PASSWORD", DB_PASSWORD);
        Process holder = pb.redirectErrorStream(true).start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertThat(first).isEqualTo("open");
            Run r = admin("status", "alice");
            assertThat(r.exit()).isEqualTo(MfaCli.STORE);
            assertThat(r.err()).isEqualTo("error: the H2 database " + dir.resolve("mfa.mv.db").toAbsolutePath()
                    + " is in use by another process (a quick start or application still running?): an embedded H2"
                    + " database opens in one process at a time. Stop that process, then run this command again."
                    + System.lineSeparator());
            assertThat(admin("unlock", "alice", "code").exit()).isEqualTo(MfaCli.STORE);
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
        assertNoTraceFiles(dir);
        assertThat(admin("status", "alice").exit()).as("free again").isZero();
    }

    @Test
    void refusedCredentialsAndUnknownDriversNeverShowTheUrlOrThePassword() throws IOException {
        Path wrong = dir.resolve("wrong.properties");
        Files.writeString(wrong, "url=jdbc:h2:file:" + dir.resolve("mfa").toAbsolutePath() + "\nuser=sa\npassword="
                + "not-" + DB_PASSWORD + "\n", StandardCharsets.UTF_8);
        Run r = run("status", "alice", "--config", wrong.toString());
        assertThat(r.exit()).isEqualTo(MfaCli.STORE);
        assertThat(r.err()).startsWith("error: the H2 database " + dir.resolve("mfa.mv.db").toAbsolutePath()
                + " refused the user name or password (user sa)").doesNotContain("not-" + DB_PASSWORD);

        Run driver = run("status", "alice", "--url", "jdbc:nosuch://db.example/x?password=" + DB_PASSWORD);
        assertThat(driver.exit()).isEqualTo(MfaCli.STORE);
        assertThat(driver.err()).startsWith("error: no JDBC driver for this URL").doesNotContain("jdbc:nosuch");

        Run pg = run("status", "alice", "--url", "jdbc:postgresql://admin:" + DB_PASSWORD
                + "@127.0.0.1:1/none?password=" + DB_PASSWORD);
        assertThat(pg.exit()).isEqualTo(MfaCli.STORE);
        assertThat(pg.err()).startsWith("error: cannot reach the postgresql database none at 127.0.0.1:1");
        assertNoTraceFiles(dir);
    }

    @Test
    void whatTheOperatorTypedIsShownWithoutTerminalControls() {
        Run control = admin("status", "al\u001b[2Jice");
        assertThat(control.exit()).isEqualTo(MfaCli.USAGE);
        assertThat(control.err()).isEqualTo("error: user id must not contain control, format or bidi characters"
                + " (found U+001B)" + System.lineSeparator());
        Run bidi = admin("status", "bob\u202egpj.exe");
        assertThat(bidi.exit()).as("a bidi control is no part of a user id").isEqualTo(MfaCli.USAGE);
        assertThat(bidi.err()).isEqualTo("error: user id must not contain control, format or bidi characters"
                + " (found U+202E)" + System.lineSeparator());
        Run provider = admin("unlock", "alice", "co\u001bde");
        assertThat(provider.exit()).isEqualTo(MfaCli.USAGE);
        assertThat(provider.err()).startsWith("no provider 'co?de' is registered (registered: code, sent, sms, email)")
                .doesNotContain("\u001b");
        Run reset = admin("reset", "alice", "x".repeat(500));
        assertThat(reset.err()).contains("'" + "x".repeat(Shown.MAX) + "...'").doesNotContain("x".repeat(Shown.MAX + 1));
    }

    private static void assertNoTraceFiles(Path folder) {
        try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
            assertThat(files.map(Path::toString)).as("H2 trace files").noneMatch(f -> f.endsWith(".trace.db"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theEnvironmentCanNameTheStore() {
        env.put("MFA4J_DB_URL", "jdbc:h2:file:" + dir.resolve("mfa").toAbsolutePath());
        env.put("MFA4J_DB_USER", "sa");
        env.put("MFA4J_DB_PASSWORD", DB_PASSWORD);
        Run r = run("status", "alice");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("provider code active=yes");
    }
}
