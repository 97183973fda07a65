package org.mfa4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.mfa4j.MfaSession;
import org.mfa4j.Mfa;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.spi.MfaInput;
import org.mfa4j.spi.MfaUser;
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
    private String code;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> everythingPrinted = new ArrayList<>();

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void applicationWithOneUser() throws IOException {
        String url = "jdbc:h2:file:" + dir.resolve("mfa").toAbsolutePath();
        keyFile = dir.resolve("mfa4j.keys");
        SecretKeys keys = SecretKeys.generateFile(keyFile, new SecureRandom());
        config = dir.resolve("mfa4j-admin.properties");
        Files.writeString(config, "url=" + url + "\nuser=sa\npassword=" + DB_PASSWORD + "\nkeys=" + keyFile + "\n",
                StandardCharsets.UTF_8);

        assertThat(run("migrate", "--config", config.toString()).exit()).isZero();

        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword(DB_PASSWORD);
        app = Mfa.builder().store(JdbcMfaStore.create(ds)).keys(keys).provider(new CodeProvider())
                .provider(new SentCodeProvider()).build();
        code = app.setup(MfaUser.of("alice"), "code", MfaSession.of("s")).view().orElseThrow().require("code");
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
    void providersListsWhatIsOnTheClassPath() {
        Run r = run("providers");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactly("code\tCode card code", "sent\tSent code");
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
        assertThat(admin("unlock", "bob", "code").exit()).isEqualTo(MfaCli.NOTHING);
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
        app.setup(MfaUser.of("alice"), "sent", MfaSession.of("s")).view().orElseThrow();
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
        assertThat(r.err()).startsWith("error: ").contains("NOT_THERE");
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
    void theEnvironmentCanNameTheStore() {
        env.put("MFA4J_DB_URL", "jdbc:h2:file:" + dir.resolve("mfa").toAbsolutePath());
        env.put("MFA4J_DB_USER", "sa");
        env.put("MFA4J_DB_PASSWORD", DB_PASSWORD);
        Run r = run("status", "alice");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("provider code active=yes");
    }
}
