package org.mfa4j.provider.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.ChangeStatus;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.SecretKeys;
import org.mfa4j.SecurityNotification;
import org.mfa4j.SecurityNotification.Actor;
import org.mfa4j.SecurityNotification.Kind;
import org.mfa4j.Status;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;

/** Security notifications by e-mail (issue 15), received by GreenMail. */
class EmailNotifierTest {

    private static final String ACCOUNT = "jane.account@example.com";
    private static final String FACTOR = "jane.factor@example.com";

    /** The SMTP peer, shared by the tests (each starts with an empty inbox). */
    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(
            ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));

    private final Inbox inbox = new Inbox(GREEN_MAIL);
    private final MutableClock clock = MutableClock.startingAt2026();
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    private static SmtpSettings smtp(int port) {
        return SmtpSettings.builder().host("127.0.0.1").port(port).security(SmtpSettings.Security.NONE)
                .allowPlainText().from("no-reply@acme.example").connectTimeout(Duration.ofSeconds(1)).build();
    }

    private EmailNotifier notifier(int port, Locale locale) {
        return EmailNotifier.builder(smtp(port), id -> id.equals("jane") ? Optional.of(ACCOUNT) : Optional.empty())
                .locale(id -> locale).application("ACME").clock(clock).build();
    }

    private static String time(Instant at) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneId.of("UTC")).format(at)
                + " (UTC)";
    }

    private static String html(MimeMessage m) throws Exception {
        return (String) ((MimeMultipart) m.getContent()).getBodyPart(1).getContent();
    }

    private SecurityNotification sample(Kind kind, String label) {
        return new SecurityNotification(kind, "jane", Optional.of("u2f"), Optional.of("Security key"),
                Optional.of("cred-1"), Optional.of(label), clock.instant(), Actor.USER,
                Map.of(SecurityNotification.DETAIL_REMAINING, "2", SecurityNotification.DETAIL_FAILURES, "3",
                        SecurityNotification.DETAIL_UNTIL, clock.instant().plus(Duration.ofDays(30)).toString()));
    }

    @Test
    void enrollingAFactorThroughMfaMailsTheAccountAddressInTheUsersLanguageWithoutTheCode() throws Exception {
        int port = GREEN_MAIL.getSmtp().getPort();
        Mfa mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .clock(clock).provider(new EmailProviderFactory())
                .configure(EmailProviderFactory.ID, aloneOn(EmailProviderContractTest.greenMail(GREEN_MAIL)))
                .notifier(notifier(port, Locale.forLanguageTag("de-CH"))).build();
        MfaUser jane = MfaUser.builder("jane").email(FACTOR).build();
        MfaSession s = MfaSession.of("enrol");
        assertThat(mfa.setup(jane, EmailProviderFactory.ID, MfaInput.empty(), s).status()).isEqualTo(ChangeStatus.DONE);
        String code = inbox.lastCode();
        assertThat(mfa.activate(jane, EmailProviderFactory.ID, MfaInput.code(code), s).status())
                .isEqualTo(Status.ACCEPTED);

        assertThat(inbox.size()).as("the code, then the notification").isEqualTo(2);
        MimeMessage n = inbox.last();
        assertThat(n.getRecipients(Message.RecipientType.TO)).containsExactly(new InternetAddress(ACCOUNT));
        assertThat(n.getSubject()).isEqualTo("ACME: Eine Anmeldemethode wurde zu Ihrem Konto hinzugefügt");
        assertThat(n.getContentLanguage()).containsExactly("de");
        assertThat(inbox.lastText()).contains("„E-mail code“", time(clock.instant()), "alle anderen Sitzungen ab")
                .doesNotContain(code).doesNotContain(FACTOR);
        assertThat(html(n)).contains("lang=\"de\"").doesNotContain(code);
        logs.assertNoneContains(null, ACCOUNT, code);
    }

    @Test
    void everyKindHasItsOwnMessageInEnglishAndGermanWithEveryPlaceholderFilledAndTheLabelEscaped()
            throws Exception {
        int port = GREEN_MAIL.getSmtp().getPort();
        Set<String> subjects = new HashSet<>();
        for (Locale locale : new Locale[] {Locale.forLanguageTag("en-GB"), Locale.GERMAN}) {
            EmailNotifier notifier = notifier(port, locale);
            for (Kind kind : Kind.values()) {
                notifier.notify(sample(kind, "<b>Key</b> {code}"));
                MimeMessage m = inbox.last();
                String text = inbox.lastText();
                assertThat(m.getContentLanguage()).containsExactly(locale.getLanguage());
                assertThat(m.getSubject() + text).as("%s in %s", kind, locale).contains("ACME")
                        .doesNotContainPattern("\\{(?!code\\})[a-z]*\\}");
                assertThat(subjects.add(m.getSubject())).as("subject of %s in %s is its own", kind, locale).isTrue();
                assertThat(html(m)).doesNotContain("<b>Key</b>");
                if (kind == Kind.CREDENTIAL_ADDED) {
                    assertThat(text).contains("<b>Key</b> {code}", "Security key");
                    assertThat(html(m)).contains("&lt;b&gt;Key&lt;/b&gt; {code}");
                }
                if (kind == Kind.RECOVERY_CODES_LOW) {
                    assertThat(text).contains(" 2 ");
                }
            }
        }
        assertThat(inbox.size()).isEqualTo(2 * Kind.values().length);
    }

    @Test
    void aLockSaysSoAndAChangeOfFactorsAsksToEndTheOtherSessions() {
        EmailNotifier notifier = notifier(GREEN_MAIL.getSmtp().getPort(), Locale.ENGLISH);
        notifier.notify(new SecurityNotification(Kind.REPEATED_FAILURES, "jane", Optional.of("totp"),
                Optional.of("Authenticator app"), Optional.empty(), Optional.empty(), clock.instant(), Actor.SYSTEM,
                Map.of(SecurityNotification.DETAIL_FAILURES, "3", SecurityNotification.DETAIL_LOCKED, "PROVIDER")));
        assertThat(inbox.lastText()).contains("3 wrong answers in a row", "\"Authenticator app\"", "is locked for now",
                "nothing needs doing").doesNotContain("sign out of all other sessions");
        notifier.notify(sample(Kind.FACTOR_REMOVED, "k"));
        assertThat(inbox.lastText()).contains("\"Security key\" was removed", "sign out of all other sessions");
    }

    @Test
    void smtpDownIsLoggedWithTheAddressMaskedAndNeverThrown() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        EmailNotifier notifier = notifier(dead, Locale.ENGLISH);
        assertThatCode(() -> notifier.notify(sample(Kind.FACTOR_ADDED, "k"))).doesNotThrowAnyException();
        assertThat(logs.mfa4jLines()).anySatisfy(l -> assertThat(l)
                .contains("org.mfa4j.provider.email.EmailNotifier", "FACTOR_ADDED", "j***@example.com", "CONNECT"));
        logs.assertNoneContains(null, ACCOUNT);
        assertThat(inbox.size()).isZero();
    }

    @Test
    void noAddressAnInvalidOneOrAFailingLookupSendsNothingAndThrowsNothing() {
        int port = GREEN_MAIL.getSmtp().getPort();
        SecurityNotification bob = new SecurityNotification(Kind.FACTOR_ADDED, "bob", Optional.of("totp"),
                Optional.empty(), Optional.empty(), Optional.empty(), clock.instant(), Actor.USER, Map.of());
        notifier(port, Locale.ENGLISH).notify(bob);
        EmailNotifier.builder(smtp(port), id -> Optional.of("bob <bob@example.com>")).build().notify(bob);
        assertThatCode(() -> EmailNotifier.builder(smtp(port), id -> {
            throw new IllegalStateException("directory down for bob@example.com");
        }).build().notify(bob)).doesNotThrowAnyException();
        assertThat(inbox.size()).isZero();
        assertThat(logs.mfa4jLines()).anySatisfy(l -> assertThat(l).contains("is not valid"))
                .anySatisfy(l -> assertThat(l).contains("java.lang.IllegalStateException"));
        logs.assertNoneContains(null, "bob@example.com");
    }
    @Test
    void anExecutorOfTheApplicationSendsOffTheCallersThreadAndOneThatRefusesIsLogged() throws Exception {
        List<Thread> started = new ArrayList<>();
        EmailNotifier pooled = EmailNotifier.builder(smtp(GREEN_MAIL.getSmtp().getPort()), id -> Optional.of(ACCOUNT))
                .executor(task -> {
                    Thread t = new Thread(task, "notifier-pool");
                    started.add(t);
                    t.start();
                }).build();
        pooled.notify(sample(Kind.DEVICE_REMEMBERED, "k"));
        assertThat(started).hasSize(1);
        started.get(0).join(10_000);
        assertThat(inbox.size()).isEqualTo(1);
        assertThat(inbox.last().getSubject()).isEqualTo("mfa4j: a device was remembered");

        EmailNotifier refusing = EmailNotifier.builder(smtp(GREEN_MAIL.getSmtp().getPort()), id -> Optional.of(ACCOUNT))
                .executor(task -> {
                    throw new RejectedExecutionException("pool full");
                }).build();
        assertThatCode(() -> refusing.notify(sample(Kind.FACTOR_ADDED, "k"))).doesNotThrowAnyException();
        assertThat(logs.mfa4jLines()).anySatisfy(l -> assertThat(l).contains("RejectedExecutionException"));
        assertThat(inbox.size()).isEqualTo(1);
    }

    private static Map<String, String> aloneOn(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(EmailProviderFactory.SETTING_ALLOW_USE_ALONE, "true");
        return all;
    }
}
