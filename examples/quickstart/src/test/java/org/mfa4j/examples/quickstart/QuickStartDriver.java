package org.mfa4j.examples.quickstart;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Plays the user of the quick start without a terminal, the way a person with an authenticator app would:
 * reads the secret the program prints, computes the TOTP code itself (RFC 6238: HMAC-SHA1, 30-second steps,
 * 6 digits, this class's own code), types it, types back one of the recovery codes shown, and signs in with
 * the next step's code. A later run types three wrong codes, which lock the app, signs in with a recovery
 * code and unlocks the app with that sign-in; the run after it signs in with the app's code again.
 *
 * <p>JDK only, so it also runs from source: {@code .ci/run} starts the README's run command through it,
 * {@code java examples/quickstart/src/test/java/org/mfa4j/examples/quickstart/QuickStartDriver.java README.md},
 * and a broken run command fails CI. {@code QuickStartTest} drives the main class in a child JVM with it.
 * What it logs has the secret, the codes and the QR code removed.
 */
public final class QuickStartDriver {

    static final Pattern SECRET = Pattern.compile("Secret for manual entry: ([A-Z2-7]+)\\s*$");
    static final Pattern QR_FILE = Pattern.compile("QR code also written to (.+?) \\(");
    static final Pattern RECOVERY_CODE = Pattern.compile("[2-9A-Z]{5}-[2-9A-Z]{5}-[2-9A-Z]{5}");
    static final Pattern CODE_LINE = Pattern.compile("^\\s+(" + RECOVERY_CODE.pattern() + ")\\s*$");
    /** Where the program keeps its state when set (QuickStart.DATA_ENV; this class runs without it). */
    static final String DATA_ENV = "MFA4J_QUICKSTART_DATA";
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");
    private static final Pattern BASE32_RUN = Pattern.compile("[A-Z2-7]{16,}");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private QuickStartDriver() {
    }

    /** What one run printed and did. */
    public record Transcript(int exitCode, boolean timedOut, List<String> lines, String stderr,
                             Optional<String> secret, List<String> recoveryCodes, Optional<Path> qrFile,
                             boolean qrFileWasPng, List<String> typed) {

        public String output() {
            return String.join("\n", lines);
        }

        @Override
        public String toString() {
            return "Transcript[exit=" + exitCode + (timedOut ? ", timed out" : "") + ", lines=" + lines.size() + "]";
        }
    }

    /** What the program printed so far that matters to the answers. */
    static final class Seen {
        String secret;
        final List<String> recoveryCodes = new ArrayList<>();
        Path qrFile;
        boolean qrFileWasPng;
    }

    /** Sees each output line, after it was read into {@link Seen}, and may answer on standard input. */
    interface Responder {
        void onLine(String line, Seen seen, Answers answers) throws IOException;
    }

    /** The program's standard input. */
    public static final class Answers {
        private final Writer writer;
        private final List<String> typed = new ArrayList<>();
        private boolean closed;

        Answers(Writer writer) {
            this.writer = writer;
        }

        void type(String answer) throws IOException {
            if (!closed) {
                typed.add(answer);
                writer.write(answer + "\n");
                writer.flush();
            }
        }

        void close() throws IOException {
            if (!closed) {
                closed = true;
                writer.close();
            }
        }
    }

    // ------------------------------------------------------------------ the runs

    /**
     * First run on an empty data folder: answers the enrolment (the code of the printed secret once the PNG
     * is announced, as the program then waits for it; the first recovery code after their list) and signs in
     * with the next step's code, since the activation spent the current one.
     */
    public static Transcript enrolAndSignIn(ProcessBuilder command, Duration timeout, PrintStream log) {
        long[] step = {-1};
        boolean[] confirmed = {false};
        return run(command, timeout, log, List.of(), (line, seen, answers) -> {
            if (QR_FILE.matcher(line).find() && step[0] < 0) {
                if (seen.secret == null) {
                    answers.close(); // nothing to compute a code from: let the program end
                    return;
                }
                step[0] = Instant.now().getEpochSecond() / 30;
                answers.type(totp(seen.secret, step[0]));
            } else if (line.isBlank() && !seen.recoveryCodes.isEmpty() && !confirmed[0] && step[0] >= 0) {
                confirmed[0] = true;
                answers.type(seen.recoveryCodes.get(0));        // typed back: activates them, stays usable
                answers.type(totp(seen.secret, step[0] + 1));
                answers.close();
            }
        });
    }

    /**
     * A later run that locks the app: three wrong codes, then {@code recoveryCode}, then yes to the offer to
     * unlock the app with that sign-in.
     */
    public static Transcript lockOutAndRecover(ProcessBuilder command, Duration timeout, PrintStream log,
                                               String secret, String recoveryCode) {
        String wrong = wrongCode(secret);
        return run(command, timeout, log, List.of(wrong, wrong, wrong, recoveryCode, "y"));
    }

    /**
     * A later run that signs in with the app's code: the current step's, or the next one's while the current
     * step is {@code lastUsedStep} (a step is accepted once), after waiting out a step before it.
     */
    public static Transcript signInWithCode(ProcessBuilder command, Duration timeout, PrintStream log,
                                            String secret, long lastUsedStep) {
        return run(command, timeout, log, List.of(), (line, seen, answers) -> {
            if (line.startsWith("User demo is already enrolled")) {
                answers.type(totp(secret, freshStep(lastUsedStep)));
                answers.close();
            }
        });
    }

    /** A step after {@code lastUsedStep} within one step of now, waiting for the clock when it is behind. */
    static long freshStep(long lastUsedStep) {
        long now = Instant.now().getEpochSecond() / 30;
        if (now < lastUsedStep) {
            try {
                Thread.sleep((lastUsedStep * 30 - Instant.now().getEpochSecond()) * 1000 + 200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next TOTP step", e);
            }
            now = Instant.now().getEpochSecond() / 30;
        }
        return Math.max(now, lastUsedStep + 1);
    }

    /** The step whose code is {@code code} (the latest within ten minutes before now); -1 if none. */
    public static long stepOf(String secret, String code) {
        long now = Instant.now().getEpochSecond() / 30;
        for (long step = now + 2; step > now - 20; step--) {
            if (totp(secret, step).equals(code)) {
                return step;
            }
        }
        return -1;
    }

    /** Six digits that are not the code of any step near now (so the app says "wrong code"). */
    static String wrongCode(String secret) {
        long now = Instant.now().getEpochSecond() / 30;
        List<String> near = new ArrayList<>();
        for (long step = now - 20; step <= now + 4; step++) {
            near.add(totp(secret, step));
        }
        for (int n = 0; ; n++) {
            String candidate = String.format("%06d", (n * 7919 + 123457) % 1_000_000);
            if (!near.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** A run that reads {@code answers}, then the end of its input. */
    public static Transcript run(ProcessBuilder command, Duration timeout, PrintStream log, List<String> answers) {
        return run(command, timeout, log, answers, null);
    }

    /** A run that reads {@code upfront}, then what {@code responder} types, then the end of its input. */
    static Transcript run(ProcessBuilder command, Duration timeout, PrintStream log, List<String> upfront,
                          Responder responder) {
        command.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        Process p;
        try {
            p = command.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.command(), e);
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (p.isAlive()) {
                timedOut.set(true);
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        });
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        List<String> lines = new ArrayList<>();
        Seen seen = new Seen();
        Answers answers = new Answers(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String a : upfront) {
                answers.type(a);
            }
            if (responder == null) {
                answers.close();
            }
            int qrLines = 0;
            for (String line; (line = out.readLine()) != null; ) {
                line = ANSI.matcher(line).replaceAll(""); // Maven's console codes (exec:java shares its output)
                lines.add(line);
                read(line, seen);
                if (isQrDrawing(line)) {
                    qrLines++;
                } else if (log != null) {
                    if (qrLines > 0) {
                        log.println("    [" + qrLines + " lines of QR code not logged]");
                    }
                    qrLines = 0;
                    log.println("    " + redact(line, seen.secret));
                }
                if (responder != null) {
                    responder.onLine(line, seen, answers);
                }
            }
            answers.close();
        } catch (IOException e) {
            // The program stopped reading its input; what it printed says why.
        }
        int exit;
        try {
            exit = p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for the quick start", e);
        }
        String err = stderr.join();
        if (log != null && !err.isBlank()) {
            log.println("    stderr: " + redact(err.strip(), seen.secret));
        }
        return new Transcript(exit, timedOut.get(), List.copyOf(lines), err, Optional.ofNullable(seen.secret),
                List.copyOf(seen.recoveryCodes), Optional.ofNullable(seen.qrFile), seen.qrFileWasPng,
                List.copyOf(answers.typed));
    }

    private static void read(String line, Seen seen) {
        Matcher s = SECRET.matcher(line);
        if (s.find()) {
            seen.secret = s.group(1);
        }
        Matcher q = QR_FILE.matcher(line);
        if (q.find()) {
            seen.qrFile = Path.of(q.group(1));
            seen.qrFileWasPng = isPng(seen.qrFile); // the program waits for the code now: the file is there
        }
        Matcher c = CODE_LINE.matcher(line);
        if (c.matches()) {
            seen.recoveryCodes.add(c.group(1));
        }
    }

    private static boolean isPng(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(PNG_SIGNATURE.length);
            return java.util.Arrays.equals(head, PNG_SIGNATURE);
        } catch (IOException e) {
            return false;
        }
    }

    /** QR code lines: block characters or {@code #} pairs. */
    static boolean isQrDrawing(String line) {
        return line.chars().anyMatch(c -> c == '\u2580' || c == '\u2584' || c == '\u2588') || line.contains("##");
    }

    /** {@code line} without the secret (also inside the otpauth URI) and recovery codes. */
    static String redact(String line, String secret) {
        String s = secret == null ? line : line.replace(secret, "[secret]");
        s = BASE32_RUN.matcher(s).replaceAll("[secret]");
        return RECOVERY_CODE.matcher(s).replaceAll("[recovery code]");
    }

    private static String readAll(InputStream in) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    // ------------------------------------------------------------------ RFC 6238, independently of mfa4j

    /** The 6-digit HMAC-SHA1 TOTP code of a Base32 secret for time step {@code step} (30-second steps). */
    public static String totp(String base32Secret, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = (h[offset] & 0x7f) << 24 | (h[offset + 1] & 0xff) << 16 | (h[offset + 2] & 0xff) << 8
                    | h[offset + 3] & 0xff;
            return String.format("%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /** RFC 4648 Base32 (upper case, padding optional). */
    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char ch : text.replace("=", "").toCharArray()) {
            int v = alphabet.indexOf(ch);
            if (v < 0) {
                throw new IllegalArgumentException("not Base32");
            }
            buffer = buffer << 5 | v;
            bits += 5;
            if (bits >= 8) {
                out.write(buffer >>> bits - 8 & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ the README's commands, for CI

    /** The quick start's command: the README's first fenced block that runs {@code examples/quickstart}. */
    public static String runCommand(String readme) {
        Matcher m = Pattern.compile("(?m)^```[a-z]*\\n(mvn [^\\n]*-pl examples/quickstart [^\\n]*exec:java[^\\n]*)\\n```")
                .matcher(readme);
        if (!m.find()) {
            throw new IllegalStateException("README.md has no fenced block with an 'mvn -pl examples/quickstart ..."
                    + " exec:java' command");
        }
        return m.group(1).strip();
    }

    /**
     * The admin CLI as the README runs it, up to its jar: the first fenced line {@code java -jar ...mfa4j-admin.jar}
     * of its Admin CLI section, without the command after it.
     */
    public static String adminCommand(String readme) {
        Matcher m = Pattern.compile("(?m)^(java -jar \\S*mfa4j-admin\\.jar) ").matcher(readme);
        if (!m.find()) {
            throw new IllegalStateException("README.md has no line 'java -jar .../mfa4j-admin.jar <command>'");
        }
        return m.group(1);
    }

    /** Checks of the first run, shared by the test and CI; empty when all hold. */
    public static List<String> firstRunProblems(Transcript t) {
        List<String> problems = new ArrayList<>();
        String out = t.output();
        check(problems, !t.timedOut(), "the run timed out");
        check(problems, t.exitCode() == 0, "exit code " + t.exitCode() + ", expected 0");
        check(problems, t.secret().isPresent(), "no 'Secret for manual entry' line");
        check(problems, t.secret().isPresent() && out.contains("otpauth://totp/") && out.contains("secret="
                + t.secret().get()), "no otpauth URI with the secret");
        check(problems, t.qrFileWasPng(), "the QR code PNG was not there while the program waited for the code");
        check(problems, t.qrFile().isPresent() && !Files.exists(t.qrFile().get()), "the QR code PNG was left behind");
        check(problems, t.recoveryCodes().size() == 10 && t.recoveryCodes().stream().distinct().count() == 10,
                "expected 10 distinct recovery codes, got " + t.recoveryCodes().size());
        check(problems, out.contains("Authenticator app activated.") && out.contains("Recovery codes activated."),
                "the app and the recovery codes were not both activated");
        check(problems, out.contains("Signed in as demo with Authenticator app (totp)."),
                "no sign-in with the authenticator app");
        check(problems, out.contains("Step-up check before changing the e-mail address: allowed"), "no step-up check");
        return problems;
    }

    /** Checks of a later run that signed in with a recovery code; empty when all hold. */
    public static List<String> recoveryRunProblems(Transcript t, int codesLeft) {
        List<String> problems = new ArrayList<>();
        String out = t.output();
        check(problems, !t.timedOut(), "the run timed out");
        check(problems, t.exitCode() == 0, "exit code " + t.exitCode() + ", expected 0");
        check(problems, out.contains("User demo is already enrolled"), "the user was not found enrolled");
        check(problems, t.secret().isEmpty() && !out.contains("otpauth://"), "the enrolment ran again");
        check(problems, out.contains("Signed in as demo with Recovery codes (recovery). " + codesLeft
                + " recovery codes left."), "no sign-in with a recovery code (" + codesLeft + " left)");
        return problems;
    }

    /**
     * Checks of a run that typed three wrong codes, then a recovery code, then said yes to the unlock; empty
     * when all hold.
     */
    public static List<String> lockoutRunProblems(Transcript t, int codesLeft) {
        List<String> problems = new ArrayList<>();
        String out = t.output();
        check(problems, !t.timedOut(), "the run timed out");
        check(problems, t.exitCode() == 0, "exit code " + t.exitCode() + ", expected 0");
        check(problems, out.contains("User demo is already enrolled"), "the user was not found enrolled");
        check(problems, out.contains("Not accepted: wrong code. Authenticator app: 2 attempts left.")
                && out.contains("Not accepted: wrong code. Authenticator app: 1 attempt left."),
                "no 'wrong code' with the app's attempts left (2, then 1)");
        check(problems, out.contains("Locked: Authenticator app (totp) after 3 wrong answers in a row."),
                "no message that the app is locked");
        check(problems, out.contains("A recovery code still works: sign in with it, then you can unlock the"
                + " authenticator app yourself."), "no message that a recovery code still works");
        check(problems, out.contains("Signed in as demo with Recovery codes (recovery). " + codesLeft
                + " recovery codes left."), "no sign-in with a recovery code (" + codesLeft + " left)");
        check(problems, out.contains("Authenticator app (totp) is still locked. This sign-in lets you unlock it"
                + " yourself.") && out.contains("Authenticator app unlocked: its codes sign you in again."),
                "the app was not unlocked with the recovery code's sign-in");
        check(problems, !out.contains("1 attempts"), "'1 attempts'");
        return problems;
    }

    /** Checks of a run that signed in with the app's code; empty when all hold. */
    public static List<String> codeRunProblems(Transcript t) {
        List<String> problems = new ArrayList<>();
        String out = t.output();
        check(problems, !t.timedOut(), "the run timed out");
        check(problems, t.exitCode() == 0, "exit code " + t.exitCode() + ", expected 0");
        check(problems, out.contains("Signed in as demo with Authenticator app (totp)."),
                "no sign-in with the authenticator app");
        check(problems, !out.contains("is locked") && !out.contains("Locked:"), "something is still locked");
        return problems;
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    /**
     * Runs the README's run command three times in the README's folder, against a throw-away data folder
     * ({@code MFA4J_QUICKSTART_DATA}): enrol and sign in with a code; three wrong codes, a recovery code and
     * the unlock; a code again. Then the README's admin CLI command on that folder: {@code status} shows the
     * app unlocked, {@code unlock} says it is not locked (exit 3). Exit status 0 when all did what they should.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java QuickStartDriver.java README.md");
            System.exit(2);
        }
        Path readme = Path.of(args[0]).toAbsolutePath();
        String text = Files.readString(readme);
        String command = runCommand(text);
        String admin = adminCommand(text);
        Path data = Files.createTempDirectory("mfa4j-quickstart-");
        PrintStream log = System.out;
        try {
            log.println("quick start: running the README's run command three times: " + command);
            Duration timeout = Duration.ofMinutes(15);
            Path dir = readme.getParent();
            Transcript first = enrolAndSignIn(shell(command, dir, data), timeout, log);
            List<String> problems = new ArrayList<>(firstRunProblems(first));
            if (problems.isEmpty()) {
                String secret = first.secret().orElseThrow();
                long signInStep = stepOf(secret, first.typed().get(2));
                Transcript second = lockOutAndRecover(shell(command, dir, data), timeout, log, secret,
                        first.recoveryCodes().get(1));
                problems.addAll(lockoutRunProblems(second, 9));
                if (problems.isEmpty()) {
                    Transcript third = signInWithCode(shell(command, dir, data), timeout, log, secret, signInStep);
                    problems.addAll(codeRunProblems(third));
                }
            }
            if (problems.isEmpty()) {
                problems.addAll(adminProblems(admin, dir, data, log));
            }
            if (!problems.isEmpty()) {
                System.err.println("quick start: FAILED: " + String.join("; ", problems));
                System.exit(1);
            }
            log.println("quick start: OK (enrolled and signed in with a code; locked the app, signed in with a"
                    + " recovery code and unlocked the app; signed in with a code; the admin CLI saw it unlocked)");
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The README's admin CLI on the data folder: status (exit 0, the app unlocked), unlock (exit 3). */
    private static List<String> adminProblems(String admin, Path dir, Path data, PrintStream log) {
        List<String> problems = new ArrayList<>();
        String folder = " --quickstart-data '" + data.toString().replace("'", "'\\''") + "'";
        Transcript status = run(new ProcessBuilder("bash", "-c", admin + " status demo" + folder)
                .directory(dir.toFile()), Duration.ofMinutes(2), log, List.of());
        check(problems, status.exitCode() == 0 && status.lines().contains("user demo") && status.lines().stream()
                .anyMatch(l -> l.startsWith("provider totp active=yes locked=no failures=0 default=yes")),
                "the admin CLI's status did not show the app active and unlocked (exit " + status.exitCode() + ")");
        Transcript unlock = run(new ProcessBuilder("bash", "-c", admin + " unlock demo totp" + folder)
                .directory(dir.toFile()), Duration.ofMinutes(2), log, List.of());
        check(problems, unlock.exitCode() == 3 && unlock.stderr().startsWith("not locked: "),
                "the admin CLI's unlock of an unlocked app did not say 'not locked' with exit 3 (exit "
                        + unlock.exitCode() + ")");
        return problems;
    }

    private static ProcessBuilder shell(String command, Path dir, Path data) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(dir.toFile());
        pb.environment().put(DATA_ENV, data.toString());
        return pb;
    }
}
