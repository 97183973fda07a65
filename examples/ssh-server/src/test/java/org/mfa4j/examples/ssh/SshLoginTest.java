package org.mfa4j.examples.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.keyboard.UserInteraction;
import org.apache.sshd.client.keyverifier.RequiredServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.examples.quickstart.QuickStart;
import org.mfa4j.examples.quickstart.QuickStartDriver;

/**
 * The server through SSHD's own client, a real SSH protocol peer, on a throw-away data folder that the
 * quick start's {@link Mfa} enrols first (an authenticator app and recovery codes for {@code demo}, nothing
 * for {@code bob}), with a host key generated in the test's folder.
 */
class SshLoginTest {

    private static final Duration T = Duration.ofSeconds(30);
    private static final String APP_PROMPT = "Code from your authenticator app:";

    @TempDir
    Path dir;

    private Path data;
    private SshLogin server;
    private SshClient client;
    private String secret;
    private List<String> recoveryCodes;
    private char[] demoPassword;
    private char[] bobPassword;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void enrolAndStart() {
        data = dir.resolve("data");
        PasswordTable table = PasswordTable.open(data, new java.security.SecureRandom());
        demoPassword = table.newPassword("demo");
        bobPassword = table.newPassword("bob");
        withMfa(mfa -> enrol(mfa, MfaUser.of("demo")));

        SshLogin.Options options = SshLogin.Options.parse(new String[] {"--port", "0", "--data", data.toString(),
                "--host-key", dir.resolve("host-key").toString()}, Map.of());
        server = SshLogin.start(options, new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC());
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new RequiredServerKeyVerifier(hostKey()));
        CoreModuleProperties.PREFERRED_AUTHS.set(client, "password,keyboard-interactive");
        client.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void passwordThenTheAuthenticatorAppLogsInAndRunsACommand() throws IOException {
        Dialogue dialogue = new Dialogue(code(1));
        try (ClientSession session = connect("demo", demoPassword, dialogue)) {
            session.auth().verify(T);
            assertThat(session.executeRemoteCommand("whoami"))
                    .isEqualTo("demo (signed in with a password and Authenticator app)\n");
            Instant now = Instant.parse(session.executeRemoteCommand("date").strip());
            assertThat(Duration.between(now, Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            assertThatThrownBy(() -> session.executeRemoteCommand("rm -rf /<script>", stderr, StandardCharsets.UTF_8))
                    .isInstanceOf(java.rmi.RemoteException.class);
            assertThat(stderr.toString(StandardCharsets.UTF_8)).startsWith("unknown command (")
                    .doesNotContain("rm").doesNotContain("<script>");
        }
        assertThat(dialogue.requests).hasSize(1);
        Request asked = dialogue.requests.get(0);
        assertThat(asked.prompts()).containsExactly(APP_PROMPT);
        assertThat(asked.instruction()).isEqualTo("Or type one of your recovery codes (XXXXX-XXXXX-XXXXX) instead.");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Listening on 127.0.0.1:" + server.port())
                .doesNotContain(new String(demoPassword)).doesNotContain(secret);
        assertThat(Files.getPosixFilePermissions(dir.resolve("host-key")))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void threeWrongCodesLockTheAppForEveryChannelAndARecoveryCodeStillGetsIn() throws IOException {
        String wrong = wrongCode();
        Dialogue dialogue = new Dialogue(wrong, "", wrong, wrong, code(1), recoveryCodes.get(1));
        try (ClientSession session = connect("demo", demoPassword, dialogue)) {
            session.auth().verify(T);
            assertThat(session.executeRemoteCommand("whoami")).contains("Recovery codes");
        }
        List<Request> r = dialogue.requests;
        assertThat(r).hasSize(6);
        assertThat(r.get(1).instruction()).startsWith("Not accepted: wrong code. Authenticator app: 2 attempts left.");
        assertThat(r.get(2).instruction()).startsWith("Nothing typed (no attempt used).");
        assertThat(r.get(3).instruction()).startsWith("Not accepted: wrong code. Authenticator app: 1 attempt left.");
        // The third wrong code locks the app; the right code is not even looked at now.
        for (Request locked : r.subList(4, 6)) {
            assertThat(locked.prompts()).containsExactly("Recovery code:");
            assertThat(locked.instruction()).contains("Locked: Authenticator app after 3 wrong answers in a row.")
                    .contains(QuickStart.ADMIN_COMMAND + " unlock demo totp --quickstart-data ");
        }
        assertThat(r).allSatisfy(q -> assertThat(q.instruction()).doesNotContain(wrong));

        // The lock is in mfa4j's store, the quick start's: one counter for every channel.
        server.close();
        server = null;
        withMfa(mfa -> assertThat(mfa.overview(MfaUser.of("demo")).provider("totp").orElseThrow().locked()).isTrue());
    }

    @Test
    void aLockedAppStaysLockedInTheNextConnectionWhereARecoveryCodeGetsIn() throws IOException {
        String wrong = wrongCode();
        Dialogue first = new Dialogue(wrong, wrong, wrong);
        try (ClientSession session = connect("demo", demoPassword, first)) {
            assertThatThrownBy(() -> session.auth().verify(T)).isInstanceOf(IOException.class);
        }
        Dialogue next = new Dialogue(recoveryCodes.get(2).toLowerCase(java.util.Locale.ROOT));
        try (ClientSession session = connect("demo", demoPassword, next)) {
            session.auth().verify(T);
            assertThat(session.executeRemoteCommand("whoami"))
                    .isEqualTo("demo (signed in with a password and Recovery codes)\n");
        }
        assertThat(next.requests.get(0).prompts()).containsExactly("Recovery code:");
        assertThat(next.requests.get(0).instruction()).startsWith("Locked: Authenticator app after 3 wrong answers");
    }

    @Test
    void aRecoveryCodeAtTheAppsPromptGetsIn() throws IOException {
        Dialogue dialogue = new Dialogue(recoveryCodes.get(3));
        try (ClientSession session = connect("demo", demoPassword, dialogue)) {
            session.auth().verify(T);
            assertThat(session.executeRemoteCommand("whoami")).contains("Recovery codes");
        }
        assertThat(dialogue.requests.get(0).prompts()).containsExactly(APP_PROMPT);
    }

    @Test
    void aUserWithoutAFactorIsRefusedWithHowToEnrol() throws IOException {
        Dialogue dialogue = new Dialogue();
        try (ClientSession session = connect("bob", bobPassword, dialogue)) {
            assertThatThrownBy(() -> session.auth().verify(T)).isInstanceOf(IOException.class)
                    .hasMessageContaining("Not signed in");
        }
        assertThat(dialogue.requests).hasSize(1);
        assertThat(dialogue.requests.get(0).prompts()).containsExactly(SecondFactorAuth.CLOSING_PROMPT);
        assertThat(dialogue.requests.get(0).instruction())
                .startsWith("No second factor is set up for bob, and SSH logins need one.")
                .contains(Texts.QUICKSTART_COMMAND + " -Dexec.args=\"--user bob --data " + data.toAbsolutePath());
    }

    @Test
    void aWrongPasswordNeverReachesTheSecondFactor() throws IOException {
        Dialogue dialogue = new Dialogue(code(1));
        try (ClientSession session = connect("demo", "not-the-password".toCharArray(), dialogue)) {
            assertThatThrownBy(() -> session.auth().verify(T)).isInstanceOf(IOException.class);
        }
        assertThat(dialogue.requests).isEmpty();
        try (ClientSession session = connect("nobody", demoPassword, dialogue)) {
            assertThatThrownBy(() -> session.auth().verify(T)).isInstanceOf(IOException.class);
        }
        assertThat(dialogue.requests).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private ClientSession connect(String user, char[] password, Dialogue dialogue) throws IOException {
        ClientSession session = client.connect(user, "127.0.0.1", server.port()).verify(T).getSession();
        session.addPasswordIdentity(new String(password));
        session.setUserInteraction(dialogue);
        return session;
    }

    /** The app's code {@code offset} steps from now (the enrolment used step 0; the window is one step). */
    private String code(int offset) {
        return QuickStartDriver.totp(secret, Instant.now().getEpochSecond() / 30 + offset);
    }

    private String wrongCode() {
        long now = Instant.now().getEpochSecond() / 30;
        for (int n = 0; ; n++) {
            String c = String.format("%06d", n);
            if (!Arrays.asList(QuickStartDriver.totp(secret, now - 1), QuickStartDriver.totp(secret, now),
                    QuickStartDriver.totp(secret, now + 1), QuickStartDriver.totp(secret, now + 2)).contains(c)) {
                return c;
            }
        }
    }

    /** What the quick start does for a user: an authenticator app, then recovery codes with its proof. */
    private void enrol(Mfa mfa, MfaUser user) {
        MfaSession session = MfaSession.of("test-enrolment");
        secret = mfa.setup(user, "totp", session).view().orElseThrow().require("secret");
        Result app = mfa.activate(user, "totp", MfaInput.code(code(0)), session);
        assertThat(app.isAccepted()).as(app.toString()).isTrue();
        session = session.withProof(app.proof().orElseThrow());
        recoveryCodes = List.of(mfa.setup(user, "recovery", session).view().orElseThrow().require("codes").split("\n"));
        Result codes = mfa.activate(user, "recovery", MfaInput.code(recoveryCodes.get(0)), session);
        assertThat(codes.isAccepted()).as(codes.toString()).isTrue();
    }

    private void withMfa(java.util.function.Consumer<Mfa> use) {
        try (HikariDataSource ds = QuickStart.dataSource(data)) {
            use.accept(QuickStart.build(ds, data));
        }
    }

    private PublicKey hostKey() {
        return new SimpleGeneratorHostKeyProvider(dir.resolve("host-key")).loadKeys(null).iterator().next()
                .getPublic();
    }

    private record Request(String instruction, List<String> prompts) {
    }

    /** The user at the keyboard: answers in order, and what each request said. */
    private static final class Dialogue implements UserInteraction {
        final List<Request> requests = new ArrayList<>();
        private final Deque<String> answers;

        Dialogue(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public synchronized String[] interactive(ClientSession session, String name, String instruction, String lang,
                                                 String[] prompt, boolean[] echo) {
            requests.add(new Request(instruction, List.of(prompt)));
            if (prompt.length == 1 && prompt[0].equals(SecondFactorAuth.CLOSING_PROMPT)) {
                return new String[] {""};
            }
            return Optional.ofNullable(answers.poll()).map(a -> new String[] {a}).orElse(null);
        }

        @Override
        public String getUpdatedPassword(ClientSession session, String prompt, String lang) {
            return null;
        }
    }
}
