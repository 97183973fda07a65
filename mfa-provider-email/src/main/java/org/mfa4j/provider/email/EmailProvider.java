package org.mfa4j.provider.email;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.MfaInput;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.Setup;
import org.mfa4j.spi.code.OneTimeCodes;

/** The e-mail factor: the address from the setup input or the user, everything else {@link OneTimeCodes}. */
final class EmailProvider implements org.mfa4j.spi.MfaProvider {

    private static final String LOCALE = "locale";

    private final OneTimeCodes codes;
    private final Locale defaultLocale;

    EmailProvider(OneTimeCodes codes, Locale defaultLocale) {
        this.codes = codes;
        this.defaultLocale = defaultLocale;
    }

    @Override
    public Setup setup(PropertyManager properties) {
        return setup(MfaInput.empty(), properties);
    }

    @Override
    public Setup setup(MfaInput input, PropertyManager properties) {
        String typed = input.param(EmailProviderFactory.INPUT_EMAIL).or(() -> properties.user().email())
                .orElseThrow(() -> new IllegalArgumentException("an e-mail address is needed: give the setup input '"
                        + EmailProviderFactory.INPUT_EMAIL + "' or the user's e-mail"));
        EmailAddress address = EmailAddress.parse(typed.strip())
                .orElseThrow(() -> new IllegalArgumentException("that is not one valid e-mail address"));
        Locale locale = input.param(EmailProviderFactory.INPUT_LOCALE).map(Locale::forLanguageTag)
                .filter(l -> !l.getLanguage().isEmpty()).orElse(defaultLocale);
        properties.putString(LOCALE, locale.toLanguageTag());
        return codes.enrol(properties, address.value(), input.param(EmailProviderFactory.INPUT_LABEL)
                .orElse("e-mail address"), locale);
    }

    @Override
    public Outcome activate(MfaInput input, PropertyManager properties) {
        return codes.confirm(input, properties);
    }

    @Override
    public Optional<Challenge> challenge(PropertyManager properties) {
        return codes.challenge(properties, locale(properties));
    }

    @Override
    public Optional<String> instructions(PropertyManager properties) {
        return codes.instructions(properties);
    }

    @Override
    public Outcome verify(MfaInput input, PropertyManager properties) {
        return codes.verify(input, properties);
    }

    @Override
    public Map<String, String> overview(PropertyManager properties) {
        return Map.of("addresses", Integer.toString(properties.credentials().size()));
    }

    private Locale locale(PropertyManager properties) {
        return properties.getString(LOCALE).map(Locale::forLanguageTag).orElse(defaultLocale);
    }

    @Override
    public String toString() {
        return "EmailProvider[lifetime=" + codes.lifetime() + "]";
    }
}
