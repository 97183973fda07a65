package org.mfa4j.provider.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.provider.email.DeliveryException.Reason;

/**
 * The transport against GreenMail, a real SMTP server (plain SMTP and SMTPS, the test certificate of
 * {@link TestTls}, one user with a password): what arrives, and the typed failures GreenMail can produce.
 */
class SmtpTransportGreenMailTest {

    // Before the extension: points GreenMail's SMTPS at the test certificate.
    private static final TestTls TLS = TestTls.get();

    private static final String PASSWORD = "gm-Pa55word-7f3a";
    private static final String RECIPIENT = "jane.doe@example.com";
    private static final String MASKED = "j***@example.com";
    private static final String CODE = "482913";

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(
            ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS}))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("mfa@example.org", "mfa", PASSWORD));

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:15:30Z"), ZoneOffset.UTC);
    private final MessageTemplates templates = MessageTemplates.builtIn();
    private final EmailAddress recipient = EmailAddress.parse(RECIPIENT).orElseThrow();
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private SmtpSettings.Builder smtps() {
        return SmtpSettings.builder()
                .host("localhost")
                .port(GREEN_MAIL.getSmtps().getPort())
                .security(SmtpSettings.Security.IMPLICIT_TLS)
                .trustStore(TLS.trustStore())
                .credentials("mfa", PASSWORD.toCharArray())
                .from("ACME Sign-in <no-reply@acme.example>")
                .ehloName("client.test")
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2));
    }

    private void send(SmtpSettings settings, Locale locale, String application) throws DeliveryException {
        new SmtpTransport(settings, clock).send(recipient,
                templates.render(locale, CODE, Duration.ofMinutes(5), application));
    }

    private DeliveryException failure(SmtpSettings settings) {
        return catchThrowableOfType(DeliveryException.class, () -> send(settings, Locale.ENGLISH, "ACME"));
    }

    @Test
    void theCodeArrivesOverImplicitTlsForTheRecipientWithTheEnglishSubject() throws Exception {
        send(smtps().build(), Locale.ENGLISH, "ACME");

        assertThat(GREEN_MAIL.waitForIncomingEmail(2_000, 1)).isTrue();
        MimeMessage[] received = GREEN_MAIL.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getAllRecipients()).extracting(Address::toString).containsExactly(RECIPIENT);
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo("no-reply@acme.example");
        assertThat(m.getSubject()).isEqualTo("Your ACME sign-in code").doesNotContain(CODE);
        assertThat(m.getContentLanguage()).containsExactly("en");
        assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(m.getSentDate().toInstant()).isEqualTo(clock.instant());
        assertThat(m.getMessageID()).endsWith("@acme.example>");

        MimeMultipart alternative = (MimeMultipart) m.getContent();
        assertThat(alternative.getContentType()).startsWith("multipart/alternative");
        BodyPart text = alternative.getBodyPart(0);
        BodyPart html = alternative.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat((String) text.getContent()).contains(CODE, "It expires in 5 min", "ACME");
        assertThat(html.getContentType()).startsWith("text/html");
        assertThat((String) html.getContent()).contains(">" + CODE + "<", "<html lang=\"en\">");
        assertThat(logs.mfa4jLines()).anyMatch(l -> l.contains("accepted") && l.contains(MASKED));
        logs.assertNoneContains(null, RECIPIENT, PASSWORD, CODE);
    }

    @Test
    void aGermanRecipientGetsTheGermanMessage() throws Exception {
        send(smtps().build(), Locale.GERMANY, "ACME");

        assertThat(GREEN_MAIL.waitForIncomingEmail(2_000, 1)).isTrue();
        MimeMessage m = GREEN_MAIL.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("Ihr Anmeldecode für ACME");
        assertThat(m.getContentLanguage()).containsExactly("de");
        MimeMultipart alternative = (MimeMultipart) m.getContent();
        assertThat((String) alternative.getBodyPart(0).getContent()).contains(CODE, "5 Min. gültig");
        assertThat((String) alternative.getBodyPart(1).getContent()).contains("<html lang=\"de\">", CODE);
    }

    @Test
    void theApplicationNameIsEscapedInTheHtmlBodyAndNowhereElse() throws Exception {
        send(smtps().build(), Locale.ENGLISH, "<b>Smith & \"Sons\"</b>");

        assertThat(GREEN_MAIL.waitForIncomingEmail(2_000, 1)).isTrue();
        MimeMessage m = GREEN_MAIL.getReceivedMessages()[0];
        assertThat(m.getSubject()).isEqualTo("Your <b>Smith & \"Sons\"</b> sign-in code");
        MimeMultipart alternative = (MimeMultipart) m.getContent();
        assertThat((String) alternative.getBodyPart(0).getContent()).contains("Your <b>Smith & \"Sons\"</b> sign-in");
        assertThat((String) alternative.getBodyPart(1).getContent())
                .contains("&lt;b&gt;Smith &amp; &quot;Sons&quot;&lt;/b&gt;")
                .doesNotContain("<b>Smith");
    }

    @Test
    void plainTextToALocalServerWorksWhenExplicitlyAllowed() throws Exception {
        send(smtps().security(SmtpSettings.Security.NONE).allowPlainText().port(GREEN_MAIL.getSmtp().getPort())
                .build(), Locale.ENGLISH, "ACME");

        assertThat(GREEN_MAIL.waitForIncomingEmail(2_000, 1)).isTrue();
        assertThat(GREEN_MAIL.getReceivedMessages()[0].getAllRecipients()).extracting(Address::toString)
                .containsExactly(RECIPIENT);
    }

    @Test
    void aWrongPasswordIsAnAuthFailureAndNothingArrives() {
        DeliveryException e = failure(smtps().credentials("mfa", "not-the-password".toCharArray()).build());

        assertThat(e.reason()).isEqualTo(Reason.AUTH);
        assertThat(e.getMessage()).contains(MASKED, "refused the credentials");
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
        logs.assertNoneContains(e, RECIPIENT, "not-the-password", PASSWORD, CODE);
    }

    @Test
    void aServerThatIsDownIsAConnectFailure() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }

        DeliveryException e = failure(smtps().port(closedPort).build());

        assertThat(e.reason()).isEqualTo(Reason.CONNECT);
        assertThat(e.getMessage()).contains(MASKED, "no connection");
        logs.assertNoneContains(e, RECIPIENT, PASSWORD, CODE);
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefusedBeforeThePassword() {
        SmtpSettings jvmTrust = SmtpSettings.builder().host("localhost").port(GREEN_MAIL.getSmtps().getPort())
                .security(SmtpSettings.Security.IMPLICIT_TLS).credentials("mfa", PASSWORD.toCharArray())
                .from("no-reply@acme.example").ehloName("client.test").build();

        DeliveryException e = failure(jvmTrust);

        assertThat(e.reason()).isEqualTo(Reason.TLS);
        assertThat(e.getMessage()).contains(MASKED, "certificate is not trusted");
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
        logs.assertNoneContains(e, RECIPIENT, PASSWORD, CODE);
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefused() {
        // The certificate names localhost only; 127.0.0.1 is the same server under a name it does not carry.
        DeliveryException e = failure(smtps().host("127.0.0.1").build());

        assertThat(e.reason()).isEqualTo(Reason.TLS);
        assertThat(e.getMessage()).contains("certificate does not name this host");
        assertThat(GREEN_MAIL.getReceivedMessages()).isEmpty();
        logs.assertNoneContains(e, RECIPIENT, PASSWORD, CODE);
    }
}
