package org.mfa4j.provider.email;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.mfa4j.MfaNotifier;
import org.mfa4j.SecurityNotification;
import org.mfa4j.spi.code.CodeTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Security notifications by e-mail, over this module's SMTP transport ({@link SmtpSettings}: TLS and AUTH
 * enforced as for codes): register it with {@code Mfa.builder().notifier(EmailNotifier.builder(smtp,
 * addresses).build())}.
 *
 * <p>The address comes from the application, not from the user's enrolled e-mail factor: a notification must
 * reach the user by a channel the change did not touch (NIST SP 800-63B-4), and most users have no e-mail factor.
 * The {@code addresses} function maps a user id to the account's address, or empty for none (nothing is sent);
 * it is called on the thread that made the change, after commit. An address that is not one bare ASCII addr-spec
 * is not used.
 *
 * <p>The message is rendered from this module's templates (English and German; {@code notice_<locale>}) in the
 * language {@link Builder#locale} gives for the user (English by default), with the kind of change, the time (in
 * {@link Builder#zone}, UTC by default), the factor's title and the credential's label: never a code or secret.
 * Its last paragraph tells the user to end the other sessions when {@link SecurityNotification#endOtherSessions()}
 * says so.
 *
 * <p>Failures never reach the operation that made the change: an SMTP failure, an address function that throws
 * or returns an invalid address is logged at WARN (the user id, the kind and the reason, the address masked
 * {@code j***@example.com} or not at all) and the notification is dropped. Nothing is retried or queued; the
 * SMTP timeouts bound the time the caller waits, or {@link Builder#executor} moves the sending off its thread.
 */
public final class EmailNotifier implements MfaNotifier {

    private static final Logger log = LoggerFactory.getLogger(EmailNotifier.class);

    private final SmtpTransport transport;
    private final String server;
    private final Function<String, Optional<String>> addresses;
    private final Function<String, Locale> locales;
    private final String application;
    private final DateTimeFormatter time;
    private final Executor executor;
    private final NoticeTemplates templates = new NoticeTemplates();

    private EmailNotifier(Builder b) {
        this.transport = new SmtpTransport(b.smtp, b.clock);
        this.server = b.smtp.toString();
        this.addresses = b.addresses;
        this.locales = b.locales;
        this.executor = b.executor;
        this.application = b.application;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (VV)", Locale.ROOT).withZone(b.zone);
    }

    /**
     * A notifier that sends over {@code smtp} to the address {@code addresses} gives for a user id (empty: none).
     */
    public static Builder builder(SmtpSettings smtp, Function<String, Optional<String>> addresses) {
        return new Builder(smtp, addresses);
    }

    @Override
    public void notify(SecurityNotification n) {
        try {
            Optional<String> address = addresses.apply(n.userId());
            if (address == null || address.isEmpty()) {
                log.debug("no e-mail address for user {}: notification {} not sent", n.userId(), n.kind());
                return;
            }
            Optional<EmailAddress> to = EmailAddress.parse(address.get());
            if (to.isEmpty()) {
                log.warn("the e-mail address of user {} is not valid: notification {} not sent", n.userId(),
                        n.kind());
                return;
            }
            Locale locale = locales.apply(n.userId());
            EmailMessage mail = templates.render(locale == null ? Locale.ENGLISH : locale, n.kind(),
                    n.endOtherSessions(), n.details().containsKey(SecurityNotification.DETAIL_LOCKED), values(n));
            executor.execute(() -> send(n, to.get(), mail));
        } catch (RuntimeException e) {
            log.warn("notification {} for user {} not sent: {}", n.kind(), n.userId(), e.getClass().getName());
        }
    }

    private void send(SecurityNotification n, EmailAddress to, EmailMessage mail) {
        try {
            transport.send(to, mail);
        } catch (DeliveryException e) {
            // Its message names the masked recipient and the reason only.
            log.warn("notification {} for user {} not sent: {} [{}]", n.kind(), n.userId(), e.getMessage(),
                    e.reason());
        } catch (RuntimeException e) {
            log.warn("notification {} for user {} not sent: {}", n.kind(), n.userId(), e.getClass().getName());
        }
    }

    private Map<String, String> values(SecurityNotification n) {
        Map<String, String> v = new HashMap<>();
        v.put("application", application);
        v.put("factor", n.providerTitle().or(() -> n.providerId()).orElse(""));
        v.put("credential", n.credentialLabel().orElse(""));
        v.put("time", time.format(n.at()));
        v.put("remaining", n.details().getOrDefault(SecurityNotification.DETAIL_REMAINING, ""));
        v.put("failures", n.details().getOrDefault(SecurityNotification.DETAIL_FAILURES, ""));
        String until = n.details().get(SecurityNotification.DETAIL_UNTIL);
        if (until != null) {
            try {
                v.put("until", time.format(Instant.parse(until)));
            } catch (DateTimeParseException e) {
                v.put("until", "");
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return "EmailNotifier[" + server + "]";
    }

    /** Settings of an {@link EmailNotifier}; each has a default but the SMTP server and the address function. */
    public static final class Builder {
        private final SmtpSettings smtp;
        private final Function<String, Optional<String>> addresses;
        private Function<String, Locale> locales = id -> Locale.ENGLISH;
        private String application = "mfa4j";
        private ZoneId zone = ZoneId.of("UTC");
        private Clock clock = Clock.systemUTC();
        private Executor executor = Runnable::run;

        private Builder(SmtpSettings smtp, Function<String, Optional<String>> addresses) {
            this.smtp = Objects.requireNonNull(smtp, "smtp");
            this.addresses = Objects.requireNonNull(addresses, "addresses");
        }

        /**
         * The language of a user's messages, by user id; the nearest one with templates is used (German
         * {@code de}, else English). The default is English for everyone.
         */
        public Builder locale(Function<String, Locale> locales) {
            this.locales = Objects.requireNonNull(locales, "locales");
            return this;
        }

        /** The name in subjects and texts: 1 to 100 characters without controls. The default is {@code mfa4j}. */
        public Builder application(String application) {
            this.application = CodeTemplates.requireApplicationName(application);
            return this;
        }

        /** The time zone of the times in messages. The default is UTC. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** The clock of the {@code Date} header. The default is {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Where the SMTP session runs. The default runs it on the caller's thread, after the change was committed,
         * so the operation that made the change waits for it (at most the SMTP timeouts); an executor of the
         * application's own (a bounded pool) lets the operation return first. An executor that refuses the task
         * is logged like an SMTP failure. The address is looked up and the message rendered before, on the
         * caller's thread.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** The notifier; its English templates are read and checked now. */
        public EmailNotifier build() {
            return new EmailNotifier(this);
        }
    }
}
