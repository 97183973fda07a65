package org.mfa4j.provider.sms;

import java.util.Locale;
import org.mfa4j.MfaInput;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.code.OneTimeCodeProvider;
import org.mfa4j.spi.code.OneTimeCodes;

/** The SMS factor in Programmable Messaging mode: the number from the setup input or the user; the rest is the core's. */
final class SmsProvider extends OneTimeCodeProvider {

    private final PhoneNumbers numbers;

    SmsProvider(OneTimeCodes codes, PhoneNumbers numbers, Locale defaultLocale) {
        super(codes, defaultLocale, "phone");
        this.numbers = numbers;
    }

    @Override
    protected String destination(MfaInput input, PropertyManager properties) {
        return destination(numbers, input, properties);
    }

    /** The number to enrol, from the setup input or the user, in E.164; a refusal never quotes it. */
    static String destination(PhoneNumbers numbers, MfaInput input, PropertyManager properties) {
        String typed = input.param(SmsProviderFactory.INPUT_PHONE).or(() -> properties.user().phoneNumber())
                .orElseThrow(() -> new IllegalArgumentException("a phone number is needed: give the setup input '"
                        + SmsProviderFactory.INPUT_PHONE + "' or the user's number"));
        PhoneNumbers.Check check = numbers.check(typed);
        return check.number().map(PhoneNumber::e164).orElseThrow(() -> new IllegalArgumentException(
                switch (check.status()) {
                    case COUNTRY_NOT_ALLOWED -> "numbers from that country are not allowed";
                    case NOT_MOBILE -> "that number cannot receive text messages";
                    default -> "that is not a valid phone number in international form (+ and country code)";
                }));
    }
}
