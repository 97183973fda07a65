package org.mfa4j.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfa4j.examples.quickstart.QuickStartDriver.Transcript;

/**
 * The quick start's main class in a child JVM, in a fresh working directory, driven as a user with an
 * authenticator app: {@link QuickStartDriver} reads the printed secret and computes the codes itself.
 */
class QuickStartTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    /** {@code java -cp <this test's class path> QuickStart args} in {@code dir}, data in {@code ./mfa4j-data}. */
    static ProcessBuilder program(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), QuickStart.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().remove(QuickStart.DATA_ENV);
        return pb;
    }

    private ProcessBuilder program(String... args) {
        return program(dir, args);
    }

    private Transcript run(List<String> answers, String... args) {
        return QuickStartDriver.run(program(args), TIMEOUT, null, answers);
    }

    @Test
    void aDemoUsersLifeEnrolSignInWithCodesAndRecoveryCodesThenLock() {
        // First run: enrolment, then sign-in with the app's next code.
        Transcript first = QuickStartDriver.enrolAndSignIn(program(), TIMEOUT, null);
        assertThat(QuickStartDriver.firstRunProblems(first)).as(first.output()).isEmpty();
        assertThat(first.stderr()).isEmpty();
        Path data = dir.resolve(QuickStart.DEFAULT_DATA);
        assertThat(data.resolve("mfa4j.keys")).isRegularFile();
        assertThat(data.resolve("mfa4j.mv.db")).isRegularFile();
        assertThat(first.qrFile()).contains(data.resolve(QuickStart.QR_FILE).toAbsolutePath());
        String secret = first.secret().orElseThrow();
        assertThat(first.lines()).as("the secret is on the manual-entry and URI lines only")
                .filteredOn(l -> l.contains(secret)).hasSize(2);
        for (String code : first.recoveryCodes()) {
            assertThat(first.lines()).filteredOn(l -> l.contains(code)).hasSize(1);
        }
        List<String> codes = first.recoveryCodes();
        String spentTotp = first.typed().get(2);

        // The sign-in code of the first run is spent: --code with it is refused as a replay.
        Transcript replay = run(List.of(), "--code", spentTotp);
        assertThat(replay.exitCode()).as(replay.output()).isEqualTo(QuickStart.NOT_SIGNED_IN);
        assertThat(replay.output()).contains("User demo is already enrolled")
                .contains("Not accepted: that code was used already; wait for the app's next one. Authenticator"
                        + " app: 2 attempts left.")
                .doesNotContain("Code from your authenticator app");

        // Second run, answer on standard input: a recovery code.
        Transcript second = QuickStartDriver.run(program(), TIMEOUT, null, List.of(codes.get(1)));
        assertThat(QuickStartDriver.recoveryRunProblems(second, 9)).as(second.output()).isEmpty();
        assertNothingSecret(second, secret, codes);

        // --recovery-code: another one works once, the used one never again, in the recovery codes' words.
        Transcript option = run(List.of(), "--recovery-code", codes.get(2).toLowerCase(java.util.Locale.ROOT));
        assertThat(option.exitCode()).as(option.output()).isEqualTo(QuickStart.SIGNED_IN);
        assertThat(option.output()).contains("Signed in as demo with Recovery codes (recovery). 8 recovery codes left.");
        Transcript used = run(List.of(), "--recovery-code", codes.get(1));
        assertThat(used.exitCode()).isEqualTo(QuickStart.NOT_SIGNED_IN);
        assertThat(used.output()).contains("Not accepted: that recovery code was used already (each one works once)."
                + " Recovery codes: 2 attempts left.").doesNotContain("wait for");
        assertNothingSecret(used, secret, codes);

        // No answer at all: not signed in, and said so.
        Transcript silent = run(List.of());
        assertThat(silent.exitCode()).isEqualTo(QuickStart.NOT_SIGNED_IN);
        assertThat(silent.stderr()).contains("no answer (standard input ended): not signed in");

        // Empty lines cost nothing; answers that are not codes count, after the replay above. At 3 the app is
        // locked: the program says so and that a recovery code still works, and takes nothing else; with no
        // recovery code before the input ends, exit 4.
        Transcript locked = run(List.of("", "12345", "", "12345", "000000", ""));
        assertThat(locked.exitCode()).as(locked.output()).isEqualTo(QuickStart.LOCKED);
        assertThat(locked.output())
                .contains("Nothing typed (no attempt used).")
                .contains("Not accepted: not a code (6 digits from the app, or a recovery code XXXXX-XXXXX-XXXXX)."
                        + " Authenticator app: 1 attempt left.")
                .contains("Locked: Authenticator app (totp) after 3 wrong answers in a row.")
                .contains("A recovery code still works: sign in with it, then you can unlock the authenticator app"
                        + " yourself.")
                .contains("Authenticator app is locked: type a recovery code (XXXXX-XXXXX-XXXXX).")
                .doesNotContain("1 attempts");
        assertThat(locked.lines()).filteredOn(l -> l.startsWith("Not accepted:")).hasSize(1);

        // A later run knows: the app is locked; the recovery code signs in and unlocks the app with its proof.
        Transcript recovered = QuickStartDriver.run(program(), TIMEOUT, null, List.of(codes.get(3), "y"));
        assertThat(recovered.exitCode()).as(recovered.output()).isEqualTo(QuickStart.SIGNED_IN);
        assertThat(recovered.output()).contains("Authenticator app (totp) is locked after 3 wrong answers in a row."
                        + " A recovery code still works")
                .contains("Signed in as demo with Recovery codes (recovery). 7 recovery codes left.")
                .contains("Authenticator app unlocked: its codes sign you in again.");
        assertNothingSecret(recovered, secret, codes);

        // The app's code signs in again.
        long lastStep = QuickStartDriver.stepOf(secret, spentTotp);
        assertThat(lastStep).isPositive();
        Transcript app = QuickStartDriver.signInWithCode(program(), TIMEOUT, null, secret, lastStep);
        assertThat(QuickStartDriver.codeRunProblems(app)).as(app.output()).isEmpty();
    }

    @Test
    void theDriversLockoutPathLocksSignsInWithARecoveryCodeAndUnlocks() {
        Transcript first = QuickStartDriver.enrolAndSignIn(program(), TIMEOUT, null);
        assertThat(QuickStartDriver.firstRunProblems(first)).as(first.output()).isEmpty();
        String secret = first.secret().orElseThrow();
        Transcript lockout = QuickStartDriver.lockOutAndRecover(program(), TIMEOUT, null, secret,
                first.recoveryCodes().get(1));
        assertThat(QuickStartDriver.lockoutRunProblems(lockout, 9)).as(lockout.output()).isEmpty();
        assertThat(lockout.output()).contains("Recovery code (the authenticator app is locked):");

        // Declining the offer leaves the app locked and names the admin command for it.
        String wrong = QuickStartDriver.wrongCode(secret);
        Transcript declined = run(List.of(wrong, wrong, wrong, first.recoveryCodes().get(2), "n"));
        assertThat(declined.exitCode()).as(declined.output()).isEqualTo(QuickStart.SIGNED_IN);
        assertThat(declined.output()).contains("Left locked.").contains(QuickStart.ADMIN_COMMAND + " unlock demo totp"
                + " --quickstart-data " + dir.resolve(QuickStart.DEFAULT_DATA).toAbsolutePath());
        Transcript stillLocked = run(List.of(), "--code", wrong);
        assertThat(stillLocked.exitCode()).as(stillLocked.output()).isEqualTo(QuickStart.LOCKED);
        assertThat(stillLocked.output()).contains("Authenticator app (totp) is locked after 3 wrong answers in a row.")
                .contains("A recovery code still works: sign in with it, then you can unlock the authenticator app"
                        + " yourself. Run again with --recovery-code.");
    }

    @Test
    void eachFactorsAttemptsAreCountedAndLabelledApart() {
        Transcript first = QuickStartDriver.enrolAndSignIn(program(), TIMEOUT, null);
        assertThat(QuickStartDriver.firstRunProblems(first)).as(first.output()).isEmpty();
        String wrong = QuickStartDriver.wrongCode(first.secret().orElseThrow());
        Transcript t = run(List.of(wrong, "ABCDE-FGHJK-MNPQR", wrong, "ABCDE-FGHJK-MNPQR"));
        assertThat(t.exitCode()).as(t.output()).isEqualTo(QuickStart.NOT_SIGNED_IN);
        assertThat(t.lines()).filteredOn(l -> l.startsWith("Not accepted:")).containsExactly(
                "Not accepted: wrong code. Authenticator app: 2 attempts left.",
                "Not accepted: not one of your recovery codes. Recovery codes: 2 attempts left.",
                "Not accepted: wrong code. Authenticator app: 1 attempt left.",
                "Not accepted: not one of your recovery codes. Recovery codes: 1 attempt left.");
    }

    @Test
    void threeWrongActivationCodesDiscardTheSetupAndLeaveNoQrCodeFile() {
        Transcript t = run(List.of("abc", "abc", "abc"));
        assertThat(t.exitCode()).as(t.output()).isEqualTo(QuickStart.NOT_SIGNED_IN);
        assertThat(t.output()).contains("the setup was discarded. Run again for a new one.")
                .doesNotContain("activated");
        assertThat(t.qrFileWasPng()).isTrue();
        assertThat(t.qrFile().orElseThrow()).doesNotExist();

        // The next run starts a new setup with a new secret.
        Transcript again = run(List.of());
        assertThat(again.secret()).isPresent().isNotEqualTo(t.secret());
        assertThat(again.exitCode()).isEqualTo(QuickStart.NOT_SIGNED_IN);
    }

    @Test
    void recoveryCodesNotConfirmedAreOfferedAgainAfterTheNextSignIn() {
        long[] step = {-1};
        Transcript first = QuickStartDriver.run(program(), TIMEOUT, null, List.of(), (line, seen, answers) -> {
            if (QuickStartDriver.QR_FILE.matcher(line).find()) {
                step[0] = Instant.now().getEpochSecond() / 30;
                answers.type(QuickStartDriver.totp(seen.secret, step[0]));
            } else if (line.isBlank() && !seen.recoveryCodes.isEmpty()) {
                for (int i = 0; i < 3; i++) {
                    answers.type("not-a-code");
                }
                answers.close();
            }
        });
        assertThat(first.exitCode()).as(first.output()).isEqualTo(QuickStart.NOT_SIGNED_IN);
        assertThat(first.output()).contains("Authenticator app activated.").contains("the setup was discarded")
                .doesNotContain("Recovery codes activated.");

        // The next sign-in with the app offers them again, with the proof it just got.
        String secret = first.secret().orElseThrow();
        Transcript second = QuickStartDriver.run(program(), TIMEOUT, null,
                List.of(QuickStartDriver.totp(secret, step[0] + 1)), (line, seen, answers) -> {
                    if (line.isBlank() && !seen.recoveryCodes.isEmpty()) {
                        answers.type(seen.recoveryCodes.get(0));
                        answers.close();
                    }
                });
        assertThat(second.exitCode()).as(second.output()).isEqualTo(QuickStart.SIGNED_IN);
        assertThat(second.output()).contains("User demo is already enrolled (Authenticator app): signing in.")
                .contains("Signed in as demo with Authenticator app (totp).")
                .contains("User demo has no recovery codes yet.").contains("Recovery codes activated.");
        assertThat(second.recoveryCodes()).hasSize(10).doesNotContainAnyElementsOf(first.recoveryCodes());

        Transcript third = run(List.of(), "--recovery-code", second.recoveryCodes().get(1));
        assertThat(third.exitCode()).as(third.output()).isEqualTo(QuickStart.SIGNED_IN);
        assertThat(third.output()).contains("9 recovery codes left.").doesNotContain("no recovery codes yet");
    }

    @Test
    void wrongUsageIsExitCode2WithTheUsage() {
        for (String[] args : List.of(new String[] {"--bogus"}, new String[] {"--code"},
                new String[] {"--code", "ABCDE-FGHJK-MNPQR"}, new String[] {"--recovery-code", "123456"},
                new String[] {"--code", "123456", "--recovery-code", "ABCDE-FGHJK-MNPQR"})) {
            Transcript t = run(List.of(), args);
            assertThat(t.exitCode()).as(String.join(" ", args)).isEqualTo(QuickStart.USAGE);
            assertThat(t.stderr()).contains("Usage: quickstart");
            assertThat(t.lines()).isEmpty();
        }
        assertThat(Files.exists(dir.resolve(QuickStart.DEFAULT_DATA))).as("nothing created").isFalse();
        Transcript help = run(List.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("Usage: quickstart").contains("Exit codes: 0 signed in");
    }

    @Test
    void dataFolderFromTheOptionOrTheEnvironment() {
        Transcript t = run(List.of(), "--data", "elsewhere");
        assertThat(t.output()).contains("State: " + dir.resolve("elsewhere").toAbsolutePath());
        assertThat(dir.resolve("elsewhere/mfa4j.keys")).isRegularFile();

        ProcessBuilder pb = program();
        pb.environment().put(QuickStart.DATA_ENV, dir.resolve("from-env").toString());
        Transcript env = QuickStartDriver.run(pb, TIMEOUT, null, List.of());
        assertThat(env.output()).contains("State: " + dir.resolve("from-env"));
        assertThat(dir.resolve("from-env/mfa4j.keys")).isRegularFile();
        assertThat(dir.resolve(QuickStart.DEFAULT_DATA)).doesNotExist();
    }

    private static void assertNothingSecret(Transcript t, String secret, List<String> codes) {
        String all = t.output() + "\n" + t.stderr();
        assertThat(all).doesNotContain(secret).doesNotContain("otpauth://");
        for (String code : codes) {
            assertThat(all).doesNotContain(code);
        }
    }
}
