package org.mfa4j.provider.email;

import java.time.Duration;
import java.util.Locale;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.spi.FactorKind;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.Settings;
import org.mfa4j.spi.code.CodeTemplates;
import org.mfa4j.spi.code.OneTimeCodeProvider;
import org.mfa4j.spi.code.OneTimeCodes;
import org.mfa4j.spi.code.SendBudget;

/**
 * One-time codes by e-mail over SMTP. Provider id {@value #ID}; found by {@code ServiceLoader}. A thin module on
 * the core's one-time-code block ({@link OneTimeCodes}): codes, their lifetime, single use, resend cooldown and
 * send budgets are the core's; this module sends the message ({@link SmtpSettings}) and renders it from its
 * templates (English and German, subject, text and HTML).
 *
 * <h2>What this factor is worth (NIST SP 800-63B-4)</h2>
 * "Email SHALL NOT be used for out-of-band authentication": whoever reads the mailbox (a webmail session, a
 * forwarding rule, a provider breach, often the same password as the account) has the code. The descriptor says
 * so: {@linkplain ProviderDescriptor#weak() weak}, not {@linkplain ProviderDescriptor#outOfBand() out of band}, never phishing-resistant, and by default
 * {@linkplain ProviderDescriptor#requiresOtherActive() usable only beside another active factor} (a second way
 * in, as recovery codes are). The setting {@value #SETTING_ALLOW_USE_ALONE} lifts that last rule: then a user's
 * mailbox alone passes the second factor, and an attacker who has the password and the mailbox (the usual account
 * takeover, often one password for both) passes both. Choose it only where nothing better can be enrolled, and
 * never for administrators.
 *
 * <h2>Enrolment</h2>
 * The address comes from the setup input {@value #INPUT_EMAIL} or, without one, from {@code MfaUser.email()}; it
 * must be one bare ASCII addr-spec (a refusal does not quote it). A code is sent to it; only the code typed back
 * makes it a credential (sealed). Several addresses per user; each further one is a protected operation, as is
 * replacing one. The optional setup input {@value #INPUT_LOCALE} (a language tag) picks the language of this and
 * later messages; {@value #INPUT_LABEL} names the credential. Sign-in codes go to the first address.
 *
 * <h2>Settings</h2>
 * Either register an {@link SmtpSettings} with {@code Mfa.builder().service(SmtpSettings.class, ...)} (for an
 * explicit trust store), or give the {@code smtp-*} settings; not both.
 * <ul>
 *   <li>{@value #SETTING_ALLOW_USE_ALONE}: {@code true} lets e-mail be a user's only factor, and a default
 *       provider (read the risk above). The default is {@code false}: e-mail can only be set up, and stays
 *       usable, while another non-companion factor is active.</li>
 *   <li>{@code smtp-host}: required. {@code smtp-port}: 587 with STARTTLS, 465 with implicit TLS by default.</li>
 *   <li>{@code smtp-security}: {@code starttls} (the default: no STARTTLS offered, nothing sent),
 *       {@code implicit-tls}, or {@code none}, which also needs {@code smtp-allow-plain-text=true} (the default
 *       is false) and is for a local test server only.</li>
 *   <li>{@code smtp-username}, {@code smtp-password} (environment {@code MFA4J_EMAIL_SMTP_PASSWORD}): none by
 *       default. When set, every message is sent after a successful SMTP AUTH, never without because the
 *       server offered no AUTH.</li>
 *   <li>{@code from}: the sender, required.</li>
 *   <li>{@code smtp-connect-timeout}, {@code smtp-read-timeout}: 5 s and 10 s by default.</li>
 *   <li>{@code smtp-ehlo-name}: the local host name by default.</li>
 *   <li>{@code application}: the name in the message. The default is {@code mfa4j}.</li>
 *   <li>{@code locale}: the language when the setup gave none. The default is {@code en}.</li>
 *   <li>{@code code-digits} 6 (6 to 8), {@code code-lifetime} 5 minutes (1 to 10), {@code resend-cooldown}
 *       60 s (0 to 10 minutes).</li>
 *   <li>Send budgets, each {@code limit/window} or {@code off}: {@code budget.per-user} 10 per hour,
 *       {@code budget.per-destination} (one address, whichever user asks) 10 per hour, {@code budget.overall}
 *       off.</li>
 * </ul>
 *
 * <h2>Failures</h2>
 * An SMTP failure (connection, TLS, authentication, refusal, timeout) makes the core answer
 * {@code NOT_DELIVERED} with a {@code DeliveryFailed} event; the code is void. Log lines and messages show the
 * address masked ({@code j***@example.com}).
 */
public final class EmailProviderFactory implements MfaProviderFactory {

    /** The provider id. */
    public static final String ID = "email";
    /** Setup input: the address to enrol. */
    public static final String INPUT_EMAIL = "email";
    /** Setup input: the language of the messages, a BCP 47 tag. */
    public static final String INPUT_LOCALE = OneTimeCodeProvider.INPUT_LOCALE;
    /** Setup input: the credential's label. */
    public static final String INPUT_LABEL = OneTimeCodeProvider.INPUT_LABEL;
    /** Setting: {@code true} lets e-mail be a user's only factor (read the risk in the class comment first). */
    public static final String SETTING_ALLOW_USE_ALONE = "allow-use-alone";

    /** The factory ServiceLoader finds; its settings decide whether e-mail may be used alone. */
    public EmailProviderFactory() {
    }

    /** The descriptor without settings: e-mail only beside another active factor. */
    @Override
    public ProviderDescriptor descriptor() {
        return descriptor(false);
    }

    /** The descriptor for these settings: {@value #SETTING_ALLOW_USE_ALONE} decides {@code requiresOtherActive}. */
    @Override
    public ProviderDescriptor descriptor(Settings settings) {
        return descriptor(settings.getBoolean(SETTING_ALLOW_USE_ALONE, false));
    }

    private static ProviderDescriptor descriptor(boolean alone) {
        return ProviderDescriptor.builder(ID).title("E-mail code")
                .description("A code sent to your e-mail address.")
                .setupInstructions("Enter your e-mail address, then the code we send to it.")
                .kind(FactorKind.POSSESSION).weak(true).outOfBand(false).requiresOtherActive(!alone).mayBeDefault(alone)
                .multipleCredentials(true).build();
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        Settings s = context.settings();
        SmtpSettings smtp = smtpSettings(context);
        Locale locale = Locale.forLanguageTag(s.get("locale", "en"));
        String application = s.get("application", "mfa4j");
        try {
            CodeTemplates.requireApplicationName(application);
        } catch (IllegalArgumentException e) {
            throw new MfaConfigurationException("provider 'email' setting 'application': " + e.getMessage());
        }
        SmtpTransport transport = new SmtpTransport(smtp, context.clock());
        MessageTemplates templates = MessageTemplates.builtIn();
        OneTimeCodes.Builder codes = OneTimeCodes.builder(new EmailChannel(transport, templates, application),
                context.random()).mask(EmailChannel::mask).defaultLabel("e-mail address").settings(s);
        if (codes.build().lifetime().compareTo(Duration.ofMinutes(1)) < 0) {
            throw new MfaConfigurationException("provider 'email' setting 'code-lifetime' must be at least 1 minute");
        }
        SendBudget.perUser(10, Duration.ofHours(1)).configured(s, "budget.per-user").ifPresent(codes::budget);
        SendBudget.perDestination(10, Duration.ofHours(1)).configured(s, "budget.per-destination")
                .ifPresent(codes::budget);
        s.get("budget.overall").flatMap(set -> SendBudget.overall(1, Duration.ofHours(1)).configured(s, "budget.overall"))
                .ifPresent(codes::budget);
        return new EmailProvider(codes.build(), locale);
    }

    private static SmtpSettings smtpSettings(ProviderContext context) {
        Settings s = context.settings();
        boolean configured = s.keys().stream().anyMatch(k -> k.startsWith("smtp-"));
        if (context.service(SmtpSettings.class).isPresent()) {
            if (configured) {
                throw new MfaConfigurationException("provider 'email' has both an SmtpSettings service and smtp-*"
                        + " settings: use one");
            }
            return context.service(SmtpSettings.class).get();
        }
        try {
            SmtpSettings.Builder b = SmtpSettings.builder().host(s.require("smtp-host"));
            String security = s.get("smtp-security", "starttls").toLowerCase(Locale.ROOT);
            switch (security) {
                case "starttls" -> b.security(SmtpSettings.Security.STARTTLS);
                case "implicit-tls" -> b.security(SmtpSettings.Security.IMPLICIT_TLS);
                case "none" -> b.security(SmtpSettings.Security.NONE);
                default -> throw new MfaConfigurationException("provider 'email' setting 'smtp-security' must be"
                        + " starttls, implicit-tls or none");
            }
            if (s.getBoolean("smtp-allow-plain-text", false)) {
                b.allowPlainText();
            }
            if (s.get("smtp-port").isPresent()) {
                b.port(s.getInt("smtp-port", 587, 1, 65535));
            }
            if (s.get("smtp-username").isPresent()) {
                b.credentials(s.get("smtp-username").get(), s.require("smtp-password").toCharArray());
            }
            s.get("smtp-ehlo-name").ifPresent(b::ehloName);
            return b.from(s.require("from"))
                    .connectTimeout(s.getDuration("smtp-connect-timeout", Duration.ofSeconds(5), Duration.ofMillis(1),
                            Duration.ofMinutes(5)))
                    .readTimeout(s.getDuration("smtp-read-timeout", Duration.ofSeconds(10), Duration.ofMillis(1),
                            Duration.ofMinutes(5)))
                    .build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // SmtpSettings' messages name the setting and never its value.
            throw new MfaConfigurationException("provider 'email': " + e.getMessage());
        }
    }
}
