package org.mfa4j.examples.demo;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * The e-mail the token API sends, as Magento does, when a user who must set up MFA asks for a token: a link
 * to the account-security page, where the setup happens in the browser. It goes to the developer
 * {@link Outbox} over SMTP, as the e-mail factor's codes do. The link is built from {@code demo.public-url}
 * (by default {@code http://localhost:<port>}), never from the request's {@code Host} header, which the
 * caller chooses. At most one e-mail per user per {@link #COOLDOWN}, so the endpoint cannot be used to flood
 * a mailbox; the table of recent sends is bounded.
 */
final class ApiConfirmations {

    /** The least time between two confirmation e-mails to one user. */
    static final Duration COOLDOWN = Duration.ofMinutes(1);

    private static final int MAX_USERS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ApiConfirmations.class);

    private final Outbox outbox;
    private final DemoUsers users;
    private final Environment environment;
    private final Clock clock;
    private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();

    ApiConfirmations(Outbox outbox, DemoUsers users, Environment environment, Clock clock) {
        this.outbox = outbox;
        this.users = users;
        this.environment = environment;
        this.clock = clock;
    }

    /**
     * Sends the confirmation to {@code user}'s contact address, unless one was sent within the cooldown.
     *
     * @return whether an e-mail went out now or within the cooldown; false when the user has no address or
     *         the mail server refused it
     */
    boolean send(String user) {
        Optional<String> to = users.email(user);
        if (to.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        Instant last = lastSent.get(user);
        if (last != null && last.plus(COOLDOWN).isAfter(now)) {
            return true;
        }
        if (lastSent.size() >= MAX_USERS) {
            lastSent.values().removeIf(t -> !t.plus(COOLDOWN).isAfter(now));
        }
        try {
            Transport.send(message(to.get(), now));
        } catch (MessagingException e) {
            LOG.warn("The API's setup confirmation could not be sent ({})", e.getClass().getSimpleName());
            return false;
        }
        lastSent.put(user, now);
        return true;
    }

    private MimeMessage message(String to, Instant now) throws MessagingException {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(outbox.smtpPort()));
        p.put("mail.smtp.connectiontimeout", "5000");
        p.put("mail.smtp.timeout", "10000");
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(environment.getProperty("mfa4j.email.from", "mfa4j-demo@example.org")));
        m.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(to));
        m.setSubject("Set up two-factor authentication", StandardCharsets.UTF_8.name());
        m.setSentDate(Date.from(now));
        m.setText("Somebody signed in to the mfa4j demo's token API with your user name and password.\n\n"
                + "Your account needs a second factor before the API issues a token. Set one up on the account "
                + "security page:\n\n  " + accountPage() + "\n\n"
                + "If this was not you, change your password.\n", StandardCharsets.UTF_8.name());
        return m;
    }

    /** The account-security page's address: {@code demo.public-url}, else this server on localhost. */
    private String accountPage() {
        String base = environment.getProperty("demo.public-url");
        if (base == null || base.isBlank()) {
            base = "http://localhost:" + environment.getProperty("local.server.port",
                    environment.getProperty("server.port", "8080"));
        }
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/account";
    }
}
