package org.mfa4j.provider.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.Change;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.ChangeStatus;
import org.mfa4j.Mfa;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.ContractBaseProvider;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/** The e-mail factor through {@link Mfa}, its messages received by GreenMail or refused by a scripted server. */
class EmailProviderTest {

    private static final String ADDRESS = "jane.doe@example.com";
    private static final String MASKED = "j***@example.com";
    private static final String P = EmailProviderFactory.ID;

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(
            ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private final MutableClock clock = MutableClock.startingAt2026();
    private final RecordingListener events = new RecordingListener();
    private final InMemoryMfaStore store = new InMemoryMfaStore();
    private final SecretKeys keys = SecretKeys.ephemeral(new SecureRandom());
    private final Inbox inbox = new Inbox(GREEN_MAIL);
    private final MfaUser user = MfaUser.builder("jane").email(ADDRESS).build();

    private Mfa mfa(MfaProviderFactory factory, Map<String, String> extra, Consumer<Mfa.Builder> more) {
        Map<String, String> settings = new HashMap<>(EmailProviderContractTest.greenMail(GREEN_MAIL));
        settings.putAll(extra);
        Mfa.Builder b = Mfa.builder().store(store).keys(keys).clock(clock).listener(events)
                .lockout(LockoutPolicy.builder().maxFailures(5).build()).provider(factory).configure(P, settings);
        more.accept(b);
        return b.build();
    }

    /** E-mail allowed alone (the setting), so these tests need no other factor. */
    private Mfa mfa(Map<String, String> extra) {
        Map<String, String> alone = new HashMap<>(extra);
        alone.put(EmailProviderFactory.SETTING_ALLOW_USE_ALONE, "true");
        return mfa(new EmailProviderFactory(), alone, b -> { });
    }

    private void enrol(Mfa mfa, MfaInput input) {
        MfaSession s = MfaSession.of("enrol");
        assertThat(mfa.setup(user, P, input, s).status()).isEqualTo(ChangeStatus.DONE);
        assertThat(mfa.activate(user, P, MfaInput.code(inbox.lastCode()), s).status()).isEqualTo(Status.ACCEPTED);
    }

    private Result verify(Mfa mfa, String session, String code) {
        return mfa.verify(user, P, MfaInput.code(code), MfaSession.of(session));
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    void theMessageArrivesWithTheCodeForTheRecipientInTheUsersLanguageAndShowsOnlyTheMaskedAddress()
            throws Exception {
        Mfa mfa = mfa(Map.of());
        Change setup = mfa.setup(user, P, MfaInput.of(Map.of("email", "erika@example.de", "locale", "de-CH")),
                MfaSession.of("enrol"));
        assertThat(setup.view().orElseThrow().get("sentTo")).contains("e***@example.de");
        assertThat(inbox.last().getRecipients(Message.RecipientType.TO))
                .containsExactly(new InternetAddress("erika@example.de"));
        assertThat(inbox.last().getSubject()).isEqualTo("Ihr Anmeldecode für ACME").doesNotContain(inbox.lastCode());
        assertThat(inbox.last().getContentLanguage()).containsExactly("de");
        assertThat(mfa.activate(user, P, MfaInput.code(inbox.lastCode()), MfaSession.of("enrol")).status())
                .isEqualTo(Status.ACCEPTED);

        Prompt p = mfa.prompt(user, P, MfaSession.of("login"));
        String code = inbox.lastCode();
        assertThat(inbox.last().getContentLanguage()).containsExactly("de");
        assertThat(p.view().get("sentTo")).contains("e***@example.de");
        assertThat(p.instructions().orElseThrow()).contains("e***@example.de").doesNotContain("erika@");
        assertThat(verify(mfa, "login", code).status()).isEqualTo(Status.ACCEPTED);

        String shown = setup + " " + p + " " + mfa.overview(user) + " " + events.events();
        assertThat(shown).doesNotContain("erika@example.de").doesNotContain(code);
        logs.assertNoneContains(null, "erika@example.de", code);
    }

    @Test
    void withoutSetupInputTheUsersOwnAddressIsEnrolledAndAMalformedOneIsRefusedUnquoted() throws Exception {
        Mfa mfa = mfa(Map.of());
        enrol(mfa, MfaInput.empty());
        assertThat(inbox.lastText()).contains("ACME");
        assertThat(GREEN_MAIL.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo(ADDRESS);

        MfaUser other = MfaUser.of("other");
        assertThatThrownBy(() -> mfa.setup(other, P, MfaInput.of(Map.of("email", "not an <address>")),
                MfaSession.of("x"))).isInstanceOf(RuntimeException.class).hasMessageNotContaining("not an <address>");
        assertThat(inbox.size()).isEqualTo(1);
    }

    @Test
    void byDefaultEmailIsOnlyASecondWayInBesideAnotherFactor() {
        Mfa mfa = mfa(new EmailProviderFactory(), Map.of(), b -> b.provider(new ContractBaseProvider()));
        assertThatThrownBy(() -> mfa.setup(user, P, MfaInput.empty(), MfaSession.of("enrol")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("while another provider is active");
        assertThat(inbox.size()).as("nothing sent").isZero();
        assertThat(mfa.providers()).filteredOn(d -> d.id().equals(P)).singleElement()
                .satisfies(d -> assertThat(d.requiresOtherActive()).isTrue())
                .satisfies(d -> assertThat(d.mayBeDefault()).isFalse());
    }

    @Test
    void withAllowUseAloneTheEmailFactorAloneSatisfiesSignIn() {
        Mfa mfa = mfa(Map.of());
        assertThat(mfa.providers()).filteredOn(d -> d.id().equals(P)).singleElement()
                .satisfies(d -> assertThat(d.requiresOtherActive()).isFalse());
        enrol(mfa, MfaInput.empty());
        assertThat(mfa.state(user, MfaSession.of("login")).status()).isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);

        mfa.prompt(user, P, MfaSession.of("login"));
        Result r = verify(mfa, "login", inbox.lastCode());
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(mfa.state(user, MfaSession.of("login").withProof(r.proof().orElseThrow())).status())
                .isEqualTo(MfaState.Step.SATISFIED);
    }

    @Test
    void allowUseAloneThatIsNotABooleanFailsAtBuildNamingTheSetting() {
        assertThatThrownBy(() -> mfa(new EmailProviderFactory(), Map.of("allow-use-alone", "maybe"), b -> { }))
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("'allow-use-alone'")
                .hasMessageNotContaining("maybe");
    }

    @Test
    void smtpDownIsNotDeliveredWithAnEventAndTheCodeIsVoid() throws Exception {
        enrol(mfa(Map.of()), MfaInput.empty());
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        Mfa down = mfa(Map.of("smtp-port", Integer.toString(dead), "smtp-connect-timeout", "PT1S"));
        Prompt p = down.prompt(user, P, MfaSession.of("login"));
        assertThat(p.status()).isEqualTo(Status.NOT_DELIVERED);
        assertThat(events.events(MfaEvent.DeliveryFailed.class)).singleElement()
                .satisfies(e -> assertThat(e.toString()).doesNotContain(ADDRESS));
        // The only code ever sent is the enrolment's; nothing is pending in this flow.
        Result r = verify(down, "login", inbox.lastCode());
        assertThat(r.status()).isNotEqualTo(Status.ACCEPTED);
        logs.assertNoneContains(null, ADDRESS);
        assertThat(logs.mfa4jLines()).anySatisfy(l -> assertThat(l).contains(MASKED));
    }

    @Test
    void aCodeExpiresAfterItsLifetimeAndIsAcceptedOnce() {
        Mfa mfa = mfa(Map.of("code-lifetime", "PT3M"));
        enrol(mfa, MfaInput.empty());
        mfa.prompt(user, P, MfaSession.of("a"));
        assertThat(inbox.lastText()).contains("expires in 3 min");
        clock.advance(Duration.ofMinutes(3).minusSeconds(1));
        String code = inbox.lastCode();
        assertThat(verify(mfa, "a", code).status()).isEqualTo(Status.ACCEPTED);
        assertThat(verify(mfa, "a", code).status()).as("used once").isNotEqualTo(Status.ACCEPTED);

        clock.advance(Duration.ofMinutes(5));
        mfa.prompt(user, P, MfaSession.of("b"));
        clock.advance(Duration.ofMinutes(3).plusSeconds(1));
        assertThat(verify(mfa, "b", inbox.lastCode()).status()).isEqualTo(Status.EXPIRED);
    }

    @Test
    void aResendVoidsTheCodeBeforeAndKeepsTheFailureCountAndTheCooldownSendsNothing() {
        Mfa mfa = mfa(Map.of("resend-cooldown", "PT30S"));
        enrol(mfa, MfaInput.empty());
        mfa.prompt(user, P, MfaSession.of("a"));
        String old = inbox.lastCode();
        int sent = inbox.size();
        assertThat(verify(mfa, "a", wrong(old)).remainingAttempts()).isEqualTo(4);
        clock.advance(Duration.ofSeconds(29));
        assertThat(mfa.prompt(user, P, MfaSession.of("a")).status()).isEqualTo(Status.ACCEPTED);
        assertThat(inbox.size()).as("within the cooldown").isEqualTo(sent);
        clock.advance(Duration.ofSeconds(1));
        mfa.prompt(user, P, MfaSession.of("a"));
        assertThat(inbox.size()).isEqualTo(sent + 1);
        String fresh = inbox.lastCode();
        assertThat(verify(mfa, "a", wrong(fresh)).remainingAttempts()).as("not reset by the resend").isEqualTo(3);
        if (!old.equals(fresh)) {
            assertThat(verify(mfa, "a", old).status()).as("the code before the resend").isEqualTo(Status.REJECTED);
        }
        assertThat(verify(mfa, "a", fresh).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void theBudgetsPerUserAndPerAddressRefuseWithTheirNames() {
        Mfa mfa = mfa(Map.of("budget.per-user", "3/PT1H", "budget.per-destination", "4/PT1H"));
        enrol(mfa, MfaInput.empty());
        mfa.prompt(user, P, MfaSession.of("a"));
        mfa.prompt(user, P, MfaSession.of("a"));
        Prompt refused = mfa.prompt(user, P, MfaSession.of("a"));
        assertThat(refused.status()).isEqualTo(Status.THROTTLED);
        assertThat(refused.view().get("refusedBy")).contains("per-user");

        Change other = mfa.setup(MfaUser.of("mallory"), P, MfaInput.of(Map.of("email", ADDRESS)),
                MfaSession.of("m"));
        assertThat(other.status()).as("the 4th send to one address").isEqualTo(ChangeStatus.DONE);
        Change fifth = mfa.setup(MfaUser.of("trudy"), P, MfaInput.of(Map.of("email", ADDRESS)), MfaSession.of("t"));
        assertThat(fifth.status()).isEqualTo(ChangeStatus.THROTTLED);
        assertThat(fifth.view().orElseThrow().get("refusedBy")).contains("per-destination");
        assertThat(events.events(MfaEvent.SendRefused.class)).extracting(MfaEvent.SendRefused::budget)
                .containsExactly("per-user", "per-destination");
        assertThat(events.events().toString()).doesNotContain(ADDRESS);
    }

    @Test
    void authConfiguredAndNotOfferedIsRefusedThroughMfaAndNothingIsSent() throws Exception {
        TestTls tls = TestTls.get();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().startTls(tls.serverContext()).start()) {
            Change c = scripted(server, tls).setup(user, P, MfaInput.empty(), MfaSession.of("enrol"));
            assertThat(c.status()).isEqualTo(ChangeStatus.NOT_DELIVERED);
            assertThat(server.heard("STARTTLS")).isTrue();
            assertThat(server.heard("MAIL")).isFalse();
            assertThat(server.messages()).isEmpty();
            logs.assertNoneContains(null, ADDRESS, "s3cret-smtp-pw");
        }
    }

    @Test
    void startTlsRequiredAndNotOfferedIsRefusedThroughMfaBeforeThePassword() throws Exception {
        TestTls tls = TestTls.get();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().auth("mfa", "s3cret-smtp-pw").start()) {
            Change c = scripted(server, tls).setup(user, P, MfaInput.empty(), MfaSession.of("enrol"));
            assertThat(c.status()).isEqualTo(ChangeStatus.NOT_DELIVERED);
            assertThat(server.heard("AUTH")).isFalse();
            assertThat(server.heard("MAIL")).isFalse();
            assertThat(events.events(MfaEvent.DeliveryFailed.class)).hasSize(1);
        }
    }

    private Mfa scripted(ScriptedSmtpServer server, TestTls tls) {
        SmtpSettings smtp = SmtpSettings.builder().host("localhost").port(server.port()).trustStore(tls.trustStore())
                .credentials("mfa", "s3cret-smtp-pw".toCharArray()).from("no-reply@acme.example")
                .ehloName("client.test").connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2))
                .build();
        return Mfa.builder().store(store).keys(keys).clock(clock).listener(events)
                .provider(new EmailProviderFactory()).service(SmtpSettings.class, smtp)
                .configure(P, Map.of(EmailProviderFactory.SETTING_ALLOW_USE_ALONE, "true")).build();
    }
}
