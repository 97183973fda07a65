package org.mfa4j.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfa4j.examples.quickstart.QuickStartDriver.Transcript;

/**
 * The README's admin CLI command ({@code java -jar mfa-cli/target/mfa4j-admin.jar}, built by mfa-cli earlier
 * in the reactor) run from the repository's folder against the quick start's data, after the quick start
 * enrolled the demo user in a child JVM: {@code providers}, {@code status}, {@code unlock} and {@code reset}
 * with their documented output and exit codes, and the database in use while the quick start runs.
 */
class AdminCliTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private Path data;
    private List<String> admin;

    @BeforeEach
    void theReadmesCommand() throws IOException {
        data = dir.resolve(QuickStart.DEFAULT_DATA).toAbsolutePath();
        admin = new ArrayList<>(Arrays.asList(QuickStartDriver.adminCommand(ReadmeTest.readme()).split(" ")));
        assertThat(admin.get(0)).isEqualTo("java");
        admin.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path jar = ReadmeTest.root().resolve(admin.get(admin.size() - 1));
        assertThat(jar).as("mfa-cli's package phase builds the jar the README runs (build mfa-cli first)")
                .isRegularFile();
    }

    /** The quick start in {@code dir}, data in {@code dir/mfa4j-data}. */
    private ProcessBuilder quickStart() {
        return QuickStartTest.program(dir);
    }

    /** The README's admin command with {@code args}, from the repository's folder. */
    private Transcript admin(String... args) {
        List<String> command = new ArrayList<>(admin);
        command.addAll(List.of(args));
        return QuickStartDriver.run(new ProcessBuilder(command).directory(ReadmeTest.root().toFile()), TIMEOUT,
                null, List.of());
    }

    private Transcript onQuickStartData(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--quickstart-data";
        all[args.length + 1] = data.toString();
        return admin(all);
    }

    private String enrol() {
        Transcript first = QuickStartDriver.enrolAndSignIn(quickStart(), TIMEOUT, null);
        assertThat(QuickStartDriver.firstRunProblems(first)).as(first.output()).isEmpty();
        return first.secret().orElseThrow();
    }

    @Test
    void statusUnlockAndResetOnTheQuickStartsData() {
        Transcript providers = admin("providers");
        assertThat(providers.exitCode()).as(providers.stderr()).isZero();
        // The admin jar bundles e-mail and SMS too (listed by descriptor, without their settings); the
        // providers that may only stand beside another one come last.
        assertThat(providers.lines()).as("display order: companions after the rest")
                .containsExactly("sms\tText message (SMS)", "totp\tAuthenticator app", "recovery\tRecovery codes",
                        "email\tE-mail code");

        String secret = enrol();
        String wrong = QuickStartDriver.wrongCode(secret);
        Transcript locked = QuickStartDriver.run(quickStart(), TIMEOUT, null, List.of(wrong, wrong, wrong));
        assertThat(locked.exitCode()).as(locked.output()).isEqualTo(QuickStart.LOCKED);
        assertThat(locked.output()).contains("  " + QuickStart.ADMIN_COMMAND + " unlock demo totp --quickstart-data "
                + data);

        Transcript status = onQuickStartData("status", "demo");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.lines()).startsWith("user demo", "account failures=3 locked=no default=totp");
        assertThat(status.lines()).anySatisfy(l -> assertThat(l)
                .startsWith("provider totp active=yes locked=yes failures=3 default=yes created=20"));
        assertThat(status.lines()).anySatisfy(l -> assertThat(l)
                .startsWith("provider recovery active=yes locked=no failures=0 default=no created=20"));
        assertThat(status.lines()).contains("detail recovery remaining=10");

        Transcript unlock = onQuickStartData("unlock", "demo", "totp");
        assertThat(unlock.exitCode()).as(unlock.stderr()).isZero();
        assertThat(unlock.output()).isEqualTo("unlocked demo totp");
        assertThat(onQuickStartData("status", "demo").lines()).anySatisfy(l -> assertThat(l)
                .startsWith("provider totp active=yes locked=no failures=0 default=yes"));

        Transcript again = onQuickStartData("unlock", "demo", "totp");
        assertThat(again.exitCode()).isEqualTo(3);
        assertThat(again.lines()).isEmpty();
        assertThat(again.stderr()).isEqualTo("not locked: neither 'totp' of user demo (0 failures) nor the account is"
                + " locked; nothing changed" + NL);

        Transcript reset = onQuickStartData("reset", "demo", "totp");
        assertThat(reset.exitCode()).as(reset.stderr()).isZero();
        assertThat(reset.lines()).containsExactly("reset demo totp", "reset demo recovery");
        Transcript nothing = onQuickStartData("reset", "demo", "totp");
        assertThat(nothing.exitCode()).isEqualTo(3);
        assertThat(nothing.stderr()).isEqualTo("nothing to reset: user demo has no 'totp' entry" + NL);

        Transcript anew = QuickStartDriver.run(quickStart(), TIMEOUT, null, List.of());
        assertThat(anew.output()).contains("User demo has no second factor yet: set up an authenticator app.");
        assertNoTraceFiles();
    }

    @Test
    void whileTheQuickStartRunsTheDatabaseIsInUseAndTheCliSaysSo() {
        enrol();
        List<Transcript> during = new ArrayList<>();
        Transcript running = QuickStartDriver.run(quickStart(), TIMEOUT, null, List.of(), (line, seen, answers) -> {
            if (line.startsWith("User demo is already enrolled")) {
                during.add(onQuickStartData("status", "demo"));
                answers.close();
            }
        });
        assertThat(running.exitCode()).isEqualTo(QuickStart.NOT_SIGNED_IN);
        assertThat(during).hasSize(1);
        assertThat(during.get(0).exitCode()).isEqualTo(4);
        assertThat(during.get(0).stderr()).isEqualTo("error: the H2 database " + data.resolve("mfa4j.mv.db")
                + " is in use by another process (a quick start or application still running?): an embedded H2"
                + " database opens in one process at a time. Stop that process, then run this command again." + NL);
        assertNoTraceFiles();
        assertThat(onQuickStartData("status", "demo").exitCode()).as("free again").isZero();
    }

    @Test
    void aFolderWithoutQuickStartDataIsSaidAndLeftAsItWas() {
        Path none = dir.resolve("not-run-yet");
        for (String[] command : List.of(new String[] {"status", "demo"}, new String[] {"unlock", "demo", "totp"},
                new String[] {"reset", "demo", "--all"})) {
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--quickstart-data", none.toString()));
            Transcript t = admin(args.toArray(String[]::new));
            assertThat(t.exitCode()).as(command[0]).isEqualTo(4);
            assertThat(t.stderr()).as(command[0]).startsWith("error: there is no database: the H2 database "
                    + none.resolve("mfa4j.mv.db") + " does not exist.");
        }
        assertThat(none).doesNotExist();
    }

    private void assertNoTraceFiles() {
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.map(Path::toString)).as("H2 trace files").noneMatch(f -> f.endsWith(".trace.db"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
