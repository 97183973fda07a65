package org.mfa4j.provider.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.provider.email.DeliveryException.Reason;

/**
 * What the transport enforces, against {@link ScriptedSmtpServer}: servers GreenMail cannot play (no AUTH, no
 * STARTTLS, AUTH only inside STARTTLS, silence, a refused recipient). "Nothing sent" means the server heard no
 * {@code MAIL FROM}, and where the password is at stake, no {@code AUTH} either.
 */
class SmtpTransportEnforcementTest {

    private static final TestTls TLS = TestTls.get();
    private static final String USER = "mfa";
    private static final String PASSWORD = "s3cret-smtp-pw";
    private static final String RECIPIENT = "jane.doe@example.com";
    private static final String MASKED = "j***@example.com";
    private static final String CODE = "731904";

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:15:30Z"), ZoneOffset.UTC);
    private final EmailMessage message = MessageTemplates.builtIn()
            .render(Locale.ENGLISH, CODE, Duration.ofMinutes(5), "ACME");
    private final EmailAddress recipient = EmailAddress.parse(RECIPIENT).orElseThrow();
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private SmtpSettings.Builder settings(ScriptedSmtpServer server) {
        return SmtpSettings.builder()
                .host("localhost")
                .port(server.port())
                .trustStore(TLS.trustStore())
                .credentials(USER, PASSWORD.toCharArray())
                .from("no-reply@acme.example")
                .ehloName("client.test")
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2));
    }

    private DeliveryException failure(SmtpSettings settings) {
        return catchThrowableOfType(DeliveryException.class,
                () -> new SmtpTransport(settings, clock).send(recipient, message));
    }

    @Test
    void theDefaultPathUpgradesWithStartTlsThenAuthenticatesThenSends() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().startTls(TLS.serverContext())
                .auth(USER, PASSWORD).requireAuth().start()) {
            new SmtpTransport(settings(server).build(), clock).send(recipient, message);

            assertThat(server.commands()).extracting(c -> c.split("[ :]")[0])
                    .containsSubsequence("EHLO", "STARTTLS", "EHLO", "AUTH", "MAIL", "RCPT", "DATA");
            assertThat(server.authOverTls()).containsExactly(true);
            assertThat(server.messages()).singleElement().asString().contains(CODE);
            logs.assertNoneContains(null, RECIPIENT, PASSWORD, CODE);
        }
    }

    @Test
    void credentialsConfiguredAndNoAuthOfferedIsRefusedAndNothingIsSent() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().startTls(TLS.serverContext()).start()) {
            DeliveryException e = failure(settings(server).build());

            assertThat(e.reason()).isEqualTo(Reason.AUTH);
            assertThat(e.getMessage()).contains(MASKED, "offered no AUTH");
            assertThat(server.heard("STARTTLS")).isTrue();
            assertThat(server.heard("AUTH")).isFalse();
            assertThat(server.heard("MAIL")).isFalse();
            assertThat(server.messages()).isEmpty();
            logs.assertNoneContains(e, RECIPIENT, PASSWORD, CODE);
        }
    }

    @Test
    void credentialsConfiguredAndNoAuthOfferedIsRefusedInPlainTextModeToo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            DeliveryException e = failure(settings(server).security(SmtpSettings.Security.NONE).allowPlainText()
                    .build());

            assertThat(e.reason()).isEqualTo(Reason.AUTH);
            assertThat(server.heard("MAIL")).isFalse();
            assertThat(server.messages()).isEmpty();
        }
    }

    /** The hazard the check above exists for: Jakarta Mail's own flag connects and sends unauthenticated. */
    @Test
    void jakartaMailsAuthFlagAloneWouldHaveSentUnauthenticated() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start()) {
            Properties p = new Properties();
            p.setProperty("mail.smtp.auth", "true");
            p.setProperty("mail.smtp.localhost", "client.test");
            Session session = Session.getInstance(p);
            MimeMessage m = new MimeMessage(session);
            m.setFrom(new InternetAddress("no-reply@acme.example"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(RECIPIENT));
            m.setText("unauthenticated");
            try (Transport t = session.getTransport("smtp")) {
                t.connect("localhost", server.port(), USER, PASSWORD);
                t.sendMessage(m, m.getAllRecipients());
            }

            assertThat(server.heard("AUTH")).isFalse();
            assertThat(server.messages()).hasSize(1);
        }
    }

    @Test
    void startTlsRequiredAndNotOfferedIsRefusedBeforeThePasswordOrTheMessage() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().auth(USER, PASSWORD).start()) {
            DeliveryException e = failure(settings(server).build());

            assertThat(e.reason()).isEqualTo(Reason.TLS);
            assertThat(e.getMessage()).contains(MASKED, "STARTTLS is required and the server does not offer it");
            assertThat(server.heard("AUTH")).isFalse();
            assertThat(server.heard("MAIL")).isFalse();
            assertThat(server.messages()).isEmpty();
            logs.assertNoneContains(e, RECIPIENT, PASSWORD, CODE);
        }
    }

    @Test
    void aServerThatNeverAnswersIsATimeoutWithinTheReadTimeout() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().silent().start()) {
            long start = System.nanoTime();
            DeliveryException e = failure(settings(server).readTimeout(Duration.ofMillis(300)).build());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(took).isLessThan(Duration.ofSeconds(2));
            assertThat(server.messages()).isEmpty();
            logs.assertNoneContains(e, RECIPIENT, PASSWORD, CODE);
        }
    }

    @Test
    void aRefusedRecipientIsRejectedWithTheReplyCodeButNotTheServersWords() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().startTls(TLS.serverContext())
                .auth(USER, PASSWORD).rejectRecipients(550).start()) {
            DeliveryException e = failure(settings(server).build());

            assertThat(e.reason()).isEqualTo(Reason.REJECTED);
            assertThat(e.replyCode()).hasValue(550);
            assertThat(e.getMessage()).contains(MASKED, "refused the recipient", "550");
            assertThat(server.messages()).isEmpty();
            // The server's reply quotes the address; neither the exception nor a log line repeats it.
            logs.assertNoneContains(e, RECIPIENT, PASSWORD, CODE);
        }
    }

    @Test
    void aServerThatWantsAuthenticationWhenNoneIsConfiguredIsAnAuthFailure() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().startTls(TLS.serverContext())
                .auth(USER, PASSWORD).requireAuth().start()) {
            SmtpSettings anonymous = SmtpSettings.builder().host("localhost").port(server.port())
                    .trustStore(TLS.trustStore()).from("no-reply@acme.example").ehloName("client.test").build();

            DeliveryException e = failure(anonymous);

            assertThat(e.reason()).isEqualTo(Reason.AUTH);
            assertThat(e.replyCode()).hasValue(530);
            assertThat(server.messages()).isEmpty();
            logs.assertNoneContains(e, RECIPIENT, CODE);
        }
    }
}
