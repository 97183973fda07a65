package org.mfa4j.provider.sms;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaProviderException;
import org.mfa4j.View;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.Credential;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.PropertyMap;
import org.mfa4j.spi.RemoteCheck;
import org.mfa4j.spi.RemoteResult;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.Setup;
import org.mfa4j.spi.code.OneTimeCodeProvider;
import org.mfa4j.spi.code.OneTimeCodes;
import org.mfa4j.spi.code.SendBudget;

/**
 * The SMS factor in Twilio Verify mode: Twilio makes, sends and checks the code (and applies its Fraud Guard);
 * mfa4j keeps the numbers (sealed, as {@link OneTimeCodes#DESTINATION}, so credentials are those of Programmable
 * Messaging mode), the cooldown, the validity it shows and the send budgets, which the core charges before a
 * verification is started ({@link Challenge.Dispatch#charged}). A check is a {@link RemoteCheck}: the core makes it
 * once, outside its retry loop, and this provider applies Twilio's verdict inside the transaction.
 *
 * <p>The language: the setup input {@link OneTimeCodeProvider#INPUT_LOCALE}, else the {@code locale} setting, goes to
 * Verify as its {@code Locale} parameter where Verify has that language ({@link VerifyLocales}); without either,
 * none is sent and Verify picks the language from the number's country code.
 *
 * <p>Stored: the pending number and label during enrolment, the language given at setup (under the key Messaging
 * mode uses); in the login flow the credential, when the code was
 * sent and until when it is valid. Never a code: Twilio has it. Thread-safe; it keeps nothing per user.
 */
final class VerifySmsProvider implements MfaProvider {

    private static final String PENDING_TO = "verify.pending.to";
    private static final String PENDING_LABEL = "verify.pending.label";
    private static final String PENDING_UNTIL = "verify.pending.until";
    private static final String SENT = "verify.sent";
    private static final String UNTIL = "verify.until";
    private static final String CREDENTIAL = "verify.credential";
    private static final String RESULT = "check";
    private static final String MALFORMED = "MALFORMED";
    /** The key {@link OneTimeCodeProvider} keeps the language under, so switching modes keeps it. */
    private static final String LOCALE = "locale";

    private final TwilioSender sender;
    private final PhoneNumbers numbers;
    private final List<SendBudget> budgets;
    private final Duration lifetime;
    private final Duration cooldown;
    private final Optional<Locale> defaultLocale;

    VerifySmsProvider(TwilioSender sender, PhoneNumbers numbers, List<SendBudget> budgets, Duration lifetime,
                      Duration cooldown, Optional<Locale> defaultLocale) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.numbers = Objects.requireNonNull(numbers, "numbers");
        this.budgets = List.copyOf(budgets);
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.cooldown = Objects.requireNonNull(cooldown, "cooldown");
        this.defaultLocale = Objects.requireNonNull(defaultLocale, "defaultLocale");
    }

    // ------------------------------------------------------------------ enrolment

    @Override
    public Setup setup(PropertyManager properties) {
        return setup(MfaInput.empty(), properties);
    }

    @Override
    public Setup setup(MfaInput input, PropertyManager properties) {
        PhoneNumber to = number(SmsProvider.destination(numbers, input, properties));
        Instant until = properties.now().plus(lifetime);
        properties.putSecret(PENDING_TO, SecretBytes.copyOf(to.e164().getBytes(StandardCharsets.UTF_8)));
        properties.putString(PENDING_LABEL, input.param(OneTimeCodeProvider.INPUT_LABEL).orElse("phone"));
        properties.putInstant(PENDING_UNTIL, until);
        input.param(OneTimeCodeProvider.INPUT_LOCALE).map(Locale::forLanguageTag).filter(l -> !l.getLanguage().isEmpty())
                .ifPresent(l -> properties.putString(LOCALE, l.toLanguageTag()));
        View view = View.builder().put("sentTo", to.masked()).put("expiresAt", until.toString()).build();
        return Setup.delivered(view, start(properties, to));
    }

    @Override
    public Optional<RemoteCheck> activationCheck(MfaInput input, PropertyManager properties) {
        return check(input, properties, properties, PENDING_UNTIL,
                () -> properties.getSecret(PENDING_TO).map(VerifySmsProvider::opened));
    }

    /** Only reached without a check: nothing pending, or expired before Twilio was asked. */
    @Override
    public Outcome activate(MfaInput input, PropertyManager properties) {
        return unchecked(input, properties, properties, PENDING_UNTIL);
    }

    @Override
    public Outcome activate(MfaInput input, RemoteResult remote, PropertyManager properties) {
        Outcome out = verdict(remote, properties, PENDING_UNTIL);
        if (out.accepted()) {
            Credential c = properties.addCredential(properties.getString(PENDING_LABEL).orElse("phone"));
            c.putSecret(OneTimeCodes.DESTINATION, properties.getSecret(PENDING_TO).orElseThrow());
            for (String key : List.of(PENDING_TO, PENDING_LABEL, PENDING_UNTIL)) {
                properties.remove(key);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ sign-in

    /** A verification to the first number, or, within the cooldown of the last one in this flow, nothing new. */
    @Override
    public Optional<Challenge> challenge(PropertyManager properties) {
        Optional<Credential> credential = properties.credentials().stream().findFirst();
        if (credential.isEmpty()) {
            return Optional.empty();
        }
        PhoneNumber to = number(opened(credential.get().getSecret(OneTimeCodes.DESTINATION).orElseThrow()));
        PropertyMap flow = properties.challenge();
        Instant now = properties.now();
        Optional<Instant> sent = flow.getInstant(SENT);
        if (sent.isPresent() && now.isBefore(sent.get().plus(cooldown)) && flow.contains(UNTIL)) {
            Instant until = flow.getInstant(UNTIL).orElseThrow();
            return Optional.of(new Challenge(view(to, until, sent.get()), Optional.of(until), Optional.empty()));
        }
        Instant until = now.plus(lifetime);
        flow.putInstant(SENT, now);
        flow.putInstant(UNTIL, until);
        flow.putString(CREDENTIAL, credential.get().id());
        return Optional.of(Challenge.sent(view(to, until, now), until, start(properties, to)));
    }

    @Override
    public Optional<String> instructions(PropertyManager properties) {
        return properties.credentials().stream().findFirst().map(c -> "Enter the code sent to "
                + number(opened(c.getSecret(OneTimeCodes.DESTINATION).orElseThrow())).masked()
                + ". It is valid for " + (lifetime.toSeconds() + 59) / 60 + " minutes.");
    }

    @Override
    public Optional<RemoteCheck> remoteCheck(MfaInput input, PropertyManager properties) {
        PropertyMap flow = properties.challenge();
        return check(input, flow, properties, UNTIL, () -> flow.getString(CREDENTIAL).flatMap(properties::credential)
                .flatMap(c -> c.getSecret(OneTimeCodes.DESTINATION)).map(VerifySmsProvider::opened));
    }

    @Override
    public Outcome verify(MfaInput input, PropertyManager properties) {
        return unchecked(input, properties.challenge(), properties, UNTIL);
    }

    @Override
    public Outcome verify(MfaInput input, RemoteResult remote, PropertyManager properties) {
        PropertyMap flow = properties.challenge();
        Outcome out = verdict(remote, flow, UNTIL);
        if (out.accepted()) {
            flow.getString(CREDENTIAL).flatMap(properties::credential).ifPresent(Credential::markUsed);
            for (String key : List.of(UNTIL, CREDENTIAL)) {
                flow.remove(key);
            }
        }
        return out;
    }

    @Override
    public Map<String, String> overview(PropertyManager properties) {
        return Map.of("destinations", Integer.toString(properties.credentials().size()));
    }

    @Override
    public String toString() {
        return "VerifySmsProvider[" + sender + ", lifetime=" + lifetime + "]";
    }

    // ------------------------------------------------------------------ internals

    /** Starts a verification after commit, charged to the budgets first. */
    private Challenge.Dispatch start(PropertyManager properties, PhoneNumber to) {
        String userId = properties.user().id();
        Optional<String> locale = properties.getString(LOCALE).map(Locale::forLanguageTag).or(() -> defaultLocale)
                .flatMap(VerifyLocales::tag);
        return Challenge.Dispatch.charged(() -> {
            SmsResult result = sender.startVerification(to, locale);
            if (result.status() != SmsResult.Status.SENT) {
                throw new MfaProviderException(SmsChannel.notSent(to, result));
            }
        }, budgets.stream().map(b -> b.charge(userId, to.e164())).toList());
    }

    /**
     * The check of a code while one is pending in {@code map} and unexpired; a malformed code is refused without
     * asking Twilio (and without spending one of Verify's check attempts). None otherwise: the answer is decided
     * without Twilio.
     */
    private Optional<RemoteCheck> check(MfaInput input, PropertyMap map, PropertyManager properties,
                                        String untilKey, Supplier<Optional<String>> number) {
        Optional<Instant> until = map.getInstant(untilKey);
        Optional<String> to = number.get();
        if (until.isEmpty() || !properties.now().isBefore(until.get()) || to.isEmpty()) {
            return Optional.empty();
        }
        String code = input.code().orElse("").chars().filter(c -> !MfaInput.isCodeSeparator((char) c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        PhoneNumber phone = number(to.get());
        return Optional.of(() -> RemoteResult.of(Map.of(RESULT, CheckResult.wellFormed(code)
                ? sender.checkVerification(phone, code).status().name() : MALFORMED)));
    }

    /** An answer Twilio was not asked about: nothing pending, or its time is over. */
    private static Outcome unchecked(MfaInput input, PropertyMap map, PropertyManager properties, String untilKey) {
        Optional<Instant> until = map.getInstant(untilKey);
        if (until.isEmpty()) {
            return Outcome.reject(FailureReason.NO_CHALLENGE);
        }
        // Not expired: pending only since the check read the document (a prompt meanwhile); Twilio was not asked.
        return Outcome.reject(properties.now().isBefore(until.get()) ? FailureReason.NO_CHALLENGE
                : FailureReason.EXPIRED);
    }

    /** Twilio's verdict, applied while a verification is still pending in {@code map}. */
    private static Outcome verdict(RemoteResult remote, PropertyMap map, String untilKey) {
        if (!map.contains(untilKey)) {
            return Outcome.reject(FailureReason.NO_CHALLENGE); // used or voided since the check read it
        }
        String status = remote.get(RESULT).orElse(CheckResult.Status.UNAVAILABLE.name());
        if (status.equals(MALFORMED)) {
            return Outcome.reject(FailureReason.MALFORMED_INPUT);
        }
        return switch (CheckResult.Status.valueOf(status)) {
            case APPROVED -> Outcome.accept(Map.of("verify", "approved"));
            case REFUSED -> Outcome.reject(FailureReason.WRONG_CODE, Map.of("verify", "refused"));
            case NOT_FOUND -> {
                map.remove(untilKey); // Twilio holds no verification any more: later answers need a new code
                yield Outcome.reject(FailureReason.EXPIRED, Map.of("verify", "not-found"));
            }
            case RATE_LIMITED -> Outcome.reject(FailureReason.DENIED, Map.of("verify", "rate-limited"));
            case REJECTED, UNAUTHORIZED, UNAVAILABLE, TIMEOUT ->
                    Outcome.reject(FailureReason.UNAVAILABLE, Map.of("verify", status.toLowerCase(Locale.ROOT)));
        };
    }

    private View view(PhoneNumber to, Instant until, Instant sent) {
        return View.builder().put("sentTo", to.masked()).put("expiresAt", until.toString())
                .put("resendAt", sent.plus(cooldown).toString()).build();
    }

    private PhoneNumber number(String e164) {
        return numbers.check(e164).number().orElseThrow(() -> new MfaProviderException(
                "the stored number is no longer allowed by the setting 'countries'"));
    }

    private static String opened(SecretBytes s) {
        return s.read(b -> new String(b, StandardCharsets.UTF_8));
    }
}
