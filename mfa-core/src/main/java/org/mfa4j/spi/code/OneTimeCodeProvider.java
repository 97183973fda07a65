package org.mfa4j.spi.code;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mfa4j.MfaInput;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.Setup;

/**
 * A sent-code factor whose every step is {@link OneTimeCodes}: a subclass says only where the code goes
 * ({@link #destination}, validated). The setup input {@value #INPUT_LOCALE} (a BCP 47 tag) picks the language of
 * this and later messages (the default one otherwise), {@value #INPUT_LABEL} names the new credential. Sign-in codes
 * go to the first credential's destination.
 */
public abstract class OneTimeCodeProvider implements MfaProvider {

    /** Setup input: the language of the messages. */
    public static final String INPUT_LOCALE = "locale";
    /** Setup input: the credential's label. */
    public static final String INPUT_LABEL = "label";
    private static final String LOCALE = "locale";

    private final OneTimeCodes codes;
    private final Locale defaultLocale;
    private final String defaultLabel;

    protected OneTimeCodeProvider(OneTimeCodes codes, Locale defaultLocale, String defaultLabel) {
        this.codes = Objects.requireNonNull(codes, "codes");
        this.defaultLocale = Objects.requireNonNull(defaultLocale, "defaultLocale");
        this.defaultLabel = Objects.requireNonNull(defaultLabel, "defaultLabel");
    }

    /**
     * The destination to enrol, from the setup input or the user, in the form the channel sends to.
     *
     * @throws IllegalArgumentException when there is none or it is not valid; the message must not quote it
     */
    protected abstract String destination(MfaInput input, PropertyManager properties);

    @Override
    public final Setup setup(PropertyManager properties) {
        return setup(MfaInput.empty(), properties);
    }

    @Override
    public final Setup setup(MfaInput input, PropertyManager properties) {
        String destination = destination(input, properties);
        Locale locale = input.param(INPUT_LOCALE).map(Locale::forLanguageTag).filter(l -> !l.getLanguage().isEmpty())
                .orElse(defaultLocale);
        properties.putString(LOCALE, locale.toLanguageTag());
        return codes.enrol(properties, destination, input.param(INPUT_LABEL).orElse(defaultLabel), locale);
    }

    @Override
    public final Outcome activate(MfaInput input, PropertyManager properties) {
        return codes.confirm(input, properties);
    }

    @Override
    public final Optional<Challenge> challenge(PropertyManager properties) {
        Locale locale = properties.getString(LOCALE).map(Locale::forLanguageTag).orElse(defaultLocale);
        return codes.challenge(properties, locale);
    }

    @Override
    public final Optional<String> instructions(PropertyManager properties) {
        return codes.instructions(properties);
    }

    @Override
    public final Outcome verify(MfaInput input, PropertyManager properties) {
        return codes.verify(input, properties);
    }

    /** How many destinations the user has ({@code destinations}); never one of them. */
    @Override
    public Map<String, String> overview(PropertyManager properties) {
        return Map.of("destinations", Integer.toString(properties.credentials().size()));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[lifetime=" + codes.lifetime() + "]";
    }
}
