package org.mfa4j.examples.demo;

import java.time.Clock;
import java.util.Map;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.mfa4j.MfaNotifier;
import org.mfa4j.provider.email.EmailNotifier;
import org.mfa4j.provider.email.SmtpSettings;
import org.mfa4j.spring.MfaBuilderCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The factors beyond the application.properties: the e-mail and SMS modules pointed at the developer
 * {@link Outbox}, and Duo left out unless its settings are given ({@code mfa4j.duo.client-id}, or the
 * environment variable {@code MFA4J_DUO_CLIENT_ID}, with the rest of Duo's settings). Security notifications
 * ("a sign-in method was added to your account") go by e-mail to the account's contact address, into the
 * outbox too: the starter registers every {@link MfaNotifier} bean.
 */
@Configuration
public class DemoFactors {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFactors.class);

    @Bean
    Outbox outbox(ObjectProvider<Clock> clock) {
        return new Outbox(clock.getIfAvailable(Clock::systemUTC));
    }

    /**
     * The e-mail module's notifier, to the address {@link DemoUsers} has for the user (not an enrolled e-mail
     * factor: NIST wants a channel the change did not touch), over the outbox's plain-text loopback SMTP server
     * and with the sender and name of {@code mfa4j.email.*}.
     */
    @Bean
    MfaNotifier securityMail(Outbox outbox, DemoUsers users, Environment environment, ObjectProvider<Clock> clock) {
        SmtpSettings smtp = SmtpSettings.builder().host(environment.getRequiredProperty("mfa4j.email.smtp-host"))
                .port(outbox.smtpPort()).security(SmtpSettings.Security.NONE).allowPlainText()
                .from(environment.getRequiredProperty("mfa4j.email.from")).build();
        return EmailNotifier.builder(smtp, users::email)
                .application(environment.getProperty("mfa4j.email.application", "mfa4j demo"))
                .clock(clock.getIfAvailable(Clock::systemUTC)).build();
    }

    @Bean
    MfaBuilderCustomizer outboxAndDuo(Outbox outbox, Environment environment) {
        return builder -> {
            builder.configure("email", Map.of("smtp-port", Integer.toString(outbox.smtpPort())));
            builder.service(HttpRoutePlanner.class, outbox.sms().routes());
            if (!environment.containsProperty("mfa4j.duo.client-id")) {
                LOG.info("Duo is not offered: set mfa4j.duo.client-id, client-secret, api-host and redirect-uri to add it");
                builder.disableProvider("duo");
            }
        };
    }
}
