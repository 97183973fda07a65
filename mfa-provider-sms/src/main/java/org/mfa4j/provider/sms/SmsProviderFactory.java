package org.mfa4j.provider.sms;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
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
 * One-time codes by SMS through Twilio. Provider id {@value #ID}; found by {@code ServiceLoader}. A thin module on
 * the core's one-time-code block ({@link OneTimeCodes}): codes, lifetime, single use, cooldown and send budgets
 * are the core's; this module checks numbers (libphonenumber), renders the text and makes one POST per send
 * ({@link TwilioSettings}: the SDK's and the HTTP client's retries are off, a repeated POST can send a second SMS).
 *
 * <h2>What this factor is worth (NIST SP 800-63B-4)</h2>
 * SMS over the telephone network is a {@linkplain ProviderDescriptor#restricted() restricted} authenticator: SIM
 * swaps, number porting, SS7 interception and malware read the codes. The descriptor says so; offer users an
 * unrestricted alternative (an authenticator app, a security key). It is still an
 * {@linkplain ProviderDescriptor#outOfBand() out-of-band} authenticator (NIST SP 800-63B-4 §3.1.3): the code
 * goes over the telephone network to the phone the user holds, which e-mail is not.
 *
 * <h2>Enrolment</h2>
 * The number comes from the setup input {@value #INPUT_PHONE} or, without one, from {@code MfaUser.phoneNumber()};
 * it must be a valid mobile number in international form from an allowed country (a refusal never quotes it). A
 * code is sent to it and only the code typed back makes it a credential (sealed). Several numbers per user; sign-in
 * codes go to the first. Numbers are shown as {@code +1 *** *** 4567} everywhere.
 *
 * <h2>Settings</h2>
 * <ul>
 *   <li>{@code account-sid}, and {@code auth-token} or {@code api-key} with {@code api-secret} (recommended): the
 *       environment variables {@value TwilioSettings#ENV_ACCOUNT_SID}, {@value TwilioSettings#ENV_AUTH_TOKEN},
 *       {@value TwilioSettings#ENV_API_KEY}, {@value TwilioSettings#ENV_API_SECRET} stand in. Required.</li>
 *   <li>{@code from} (an E.164 number) or {@code messaging-service-sid} (Programmable Messaging: mfa4j makes,
 *       texts and checks the codes), or {@code verify-service-sid} (Twilio Verify: Twilio makes, sends and checks
 *       them and applies its Fraud Guard): exactly one.</li>
 *   <li>{@code countries}: the allowed calling codes, comma-separated ({@code 1,44,49}). Required: an open list
 *       invites SMS pumping to premium ranges; {@code *} allows every country explicitly.</li>
 *   <li>{@code connect-timeout} 5 s, {@code read-timeout} 10 s.</li>
 *   <li>{@code application}: the name in the text. The default is {@code mfa4j}. {@code locale}: the language
 *       when the setup gave none; the default is {@code en}. In Verify mode it is Verify's {@code Locale} parameter
 *       when Verify has that language, and without it none is sent (Verify picks the country's language).</li>
 *   <li>{@code code-digits} 6, {@code code-lifetime} 5 minutes (1 to 10), {@code resend-cooldown} 60 s. In Verify
 *       mode the Verify service sets the code's length, text and lifetime: {@code code-digits} and
 *       {@code application} are refused there, and {@code code-lifetime} (default 10 minutes, Verify's) is how long
 *       mfa4j accepts an answer before asking Twilio: set it to the service's lifetime or less.</li>
 *   <li>Send budgets, each {@code limit/window} or {@code off}: {@code budget.per-user} 5 per hour,
 *       {@code budget.per-destination} (one number, whichever user asks) 5 per hour, {@code budget.per-prefix}
 *       20 per hour for numbers sharing their first {@code budget.prefix-length} (8) characters (a number range),
 *       {@code budget.per-country} 200 per hour per calling code, {@code budget.overall} off.</li>
 * </ul>
 * An {@code org.apache.hc.client5.http.routing.HttpRoutePlanner} registered with
 * {@code Mfa.builder().service(...)} decides where requests go (a proxy; a local Twilio stand-in in tests).
 *
 * <h2>Twilio Verify mode</h2>
 * The send budgets and the cooldown still apply: the core charges the budgets before a verification is started,
 * and refuses it ({@code THROTTLED}) without asking Twilio. An answer is checked by one call to Verify's
 * VerificationCheck, which the core makes once, outside its retry loop ({@code remoteCheck}, and
 * {@code activationCheck} for enrolment), so a conflicting write re-runs the decision, never the call. Verify's
 * verdict: approved accepts; pending is a wrong code; 404 (no open verification: expired, used or canceled) is
 * {@code EXPIRED}; 429 (too many checks) is {@code DENIED}; anything else fails closed as {@code UNAVAILABLE}.
 * A malformed answer, or one after {@code code-lifetime}, is refused without asking Twilio. Numbers are stored as
 * in Messaging mode, so switching modes keeps them. The descriptor declares {@code remoteCheck} in both modes
 * (Messaging mode makes no remote check: the core reads the user's state once more per answer).
 *
 * <h2>Failures</h2>
 * A refusal (400 with Twilio's error code, 401), a 429, a 5xx or a timeout makes the core answer
 * {@code NOT_DELIVERED} with a {@code DeliveryFailed} event, and the code is void; exactly one POST was made.
 */
public final class SmsProviderFactory implements MfaProviderFactory {

    /** The provider id. */
    public static final String ID = "sms";
    /** Setup input: the number to enrol. */
    public static final String INPUT_PHONE = "phone";
    /** Setup input: the language of the texts, a BCP 47 tag. */
    public static final String INPUT_LOCALE = OneTimeCodeProvider.INPUT_LOCALE;

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder(ID).title("Text message (SMS)")
                .description("A code sent by text message to your phone.")
                .setupInstructions("Enter your mobile number with its country code, then the code we text to it.")
                .kind(FactorKind.POSSESSION).weak(true).restricted(true).outOfBand(true).multipleCredentials(true)
                .remoteCheck(true).build();
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        Settings s = context.settings();
        PhoneNumbers numbers = numbers(s);
        TwilioSettings twilio = twilio(s);
        TwilioSender sender = new TwilioSender(twilio, context.service(HttpRoutePlanner.class).orElse(null));
        List<SendBudget> budgets = budgets(s, numbers);
        if (twilio.mode() == TwilioSettings.Mode.VERIFY) {
            for (String unused : List.of("code-digits", "application")) {
                if (s.get(unused).isPresent()) {
                    throw new MfaConfigurationException("provider 'sms' setting '" + unused + "' does not apply to"
                            + " Twilio Verify mode: the Verify service makes and words the code");
                }
            }
            return new VerifySmsProvider(sender, numbers, budgets, s.getDuration("code-lifetime",
                    OneTimeCodes.MAX_LIFETIME, Duration.ofMinutes(1), OneTimeCodes.MAX_LIFETIME),
                    s.getDuration("resend-cooldown", Duration.ofSeconds(60), Duration.ZERO, OneTimeCodes.MAX_LIFETIME),
                    s.get("locale").isPresent() ? Optional.of(Locale.forLanguageTag(s.require("locale")))
                            : Optional.empty());
        }
        String application = s.get("application", "mfa4j");
        try {
            CodeTemplates.requireApplicationName(application);
        } catch (IllegalArgumentException e) {
            throw new MfaConfigurationException("provider 'sms' setting 'application': " + e.getMessage());
        }
        OneTimeCodes.Builder codes = OneTimeCodes.builder(new SmsChannel(sender, numbers, application),
                context.random()).mask(to -> numbers.check(to).number().map(PhoneNumber::masked).orElse("***"))
                .defaultLabel("phone").settings(s);
        if (codes.build().lifetime().compareTo(Duration.ofMinutes(1)) < 0) {
            throw new MfaConfigurationException("provider 'sms' setting 'code-lifetime' must be at least 1 minute");
        }
        budgets.forEach(codes::budget);
        return new SmsProvider(codes.build(), numbers, Locale.forLanguageTag(s.get("locale", "en")));
    }

    /** The send budgets the settings ask for, each charged before a text is sent or a verification started. */
    private static List<SendBudget> budgets(Settings s, PhoneNumbers numbers) {
        Duration hour = Duration.ofHours(1);
        List<SendBudget> budgets = new ArrayList<>();
        SendBudget.perUser(5, hour).configured(s, "budget.per-user").ifPresent(budgets::add);
        SendBudget.perDestination(5, hour).configured(s, "budget.per-destination").ifPresent(budgets::add);
        SendBudget.perPrefix(20, hour, s.getInt("budget.prefix-length", 8, 3, 15))
                .configured(s, "budget.per-prefix").ifPresent(budgets::add);
        SendBudget.per("per-country", 200, hour, to -> numbers.check(to).number()
                .map(n -> Integer.toString(n.callingCode())).orElse("?")).configured(s, "budget.per-country")
                .ifPresent(budgets::add);
        s.get("budget.overall").flatMap(set -> SendBudget.overall(1, hour).configured(s, "budget.overall"))
                .ifPresent(budgets::add);
        return budgets;
    }

    private static PhoneNumbers numbers(Settings s) {
        String list = s.require("countries");
        if (list.equals("*")) {
            return PhoneNumbers.anyCountry();
        }
        Set<Integer> codes = new LinkedHashSet<>();
        for (String c : list.split(",")) {
            try {
                codes.add(Integer.parseInt(c.strip().replaceFirst("^\\+", "")));
            } catch (NumberFormatException e) {
                throw new MfaConfigurationException("provider 'sms' setting 'countries' must be calling codes such"
                        + " as 1,44,49, or *");
            }
        }
        try {
            return PhoneNumbers.allowing(codes);
        } catch (IllegalArgumentException e) {
            throw new MfaConfigurationException("provider 'sms' setting 'countries': " + e.getMessage());
        }
    }

    private static TwilioSettings twilio(Settings s) {
        TwilioSettings.Builder b = TwilioSettings.builder();
        s.get("account-sid").ifPresent(b::accountSid);
        s.get("auth-token").ifPresent(t -> b.authToken(t.toCharArray()));
        s.get("api-key").ifPresent(k -> b.apiKey(k, s.require("api-secret").toCharArray()));
        s.get("from").ifPresent(b::messagingFrom);
        s.get("messaging-service-sid").ifPresent(b::messagingService);
        s.get("verify-service-sid").ifPresent(b::verifyService);
        b.connectTimeout(s.getDuration("connect-timeout", Duration.ofSeconds(5), Duration.ofMillis(1),
                Duration.ofMinutes(1)));
        b.readTimeout(s.getDuration("read-timeout", Duration.ofSeconds(10), Duration.ofMillis(1),
                Duration.ofMinutes(1)));
        try {
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // TwilioSettings' messages name the setting, never a credential.
            throw new MfaConfigurationException("provider 'sms': " + e.getMessage()
                    + " (settings account-sid, auth-token or api-key/api-secret, from or messaging-service-sid)");
        }
    }
}
