package org.mfa4j.provider.totp;

import java.time.Duration;
import java.util.Optional;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.spi.PropertyMap;
import org.mfa4j.spi.Settings;
import org.mfa4j.spi.otp.HmacAlgorithm;
import org.mfa4j.spi.otp.Totp;

/**
 * Where a credential's {@link Totp} parameters come from: the settings at setup, then the credential itself.
 * They are stored with the credential, so a later change of the settings does not break users who enrolled
 * before it. This provider's ranges are narrower than RFC 6238 allows: period 15 to 120 seconds.
 */
final class TotpParameters {

    static final int DEFAULT_WINDOW = 1;
    static final int MIN_PERIOD = 15;
    static final int MAX_PERIOD = 120;

    private static final String ALGORITHM = "algorithm";
    private static final String DIGITS = "digits";
    private static final String PERIOD = "period";
    private static final String WINDOW = "window";

    private TotpParameters() {
    }

    /** The parameters new credentials get, from the provider's settings. */
    static Totp fromSettings(Settings settings, String providerId) {
        Optional<HmacAlgorithm> parsed = HmacAlgorithm.parse(settings.get(ALGORITHM, "SHA1"));
        if (parsed.isEmpty()) {
            throw new MfaConfigurationException("provider '" + providerId + "' setting 'algorithm' must be SHA1, "
                    + "SHA256 or SHA512");
        }
        HmacAlgorithm algorithm = parsed.get();
        int digits = settings.getInt(DIGITS, Totp.DEFAULT_DIGITS, 6, 8);
        Duration period = settings.getDuration(PERIOD, Duration.ofSeconds(Totp.DEFAULT_PERIOD_SECONDS),
                Duration.ofSeconds(MIN_PERIOD), Duration.ofSeconds(MAX_PERIOD));
        if (period.getNano() != 0) {
            throw new MfaConfigurationException("provider '" + providerId + "' setting 'period' must be whole "
                    + "seconds");
        }
        int window = settings.getInt(WINDOW, DEFAULT_WINDOW, 0, Totp.MAX_WINDOW);
        return new Totp(algorithm, digits, (int) period.getSeconds(), window);
    }

    /** The parameters stored with a credential; a damaged entry fails closed. */
    static Totp readFrom(PropertyMap properties) {
        HmacAlgorithm algorithm = properties.getString(ALGORITHM).flatMap(HmacAlgorithm::parse)
                .orElseThrow(() -> damaged(ALGORITHM));
        return new Totp(algorithm, intOf(properties, DIGITS, 6, 8),
                intOf(properties, PERIOD, MIN_PERIOD, MAX_PERIOD), intOf(properties, WINDOW, 0, Totp.MAX_WINDOW));
    }

    static void writeTo(Totp totp, PropertyMap properties) {
        properties.putString(ALGORITHM, totp.algorithm().name());
        properties.putLong(DIGITS, totp.digits());
        properties.putLong(PERIOD, totp.periodSeconds());
        properties.putLong(WINDOW, totp.window());
    }

    private static int intOf(PropertyMap properties, String key, int min, int max) {
        long v = properties.getLong(key).orElseThrow(() -> damaged(key));
        if (v < min || v > max) {
            throw damaged(key);
        }
        return (int) v;
    }

    private static IllegalStateException damaged(String key) {
        return new IllegalStateException("stored TOTP credential has no valid '" + key + "'");
    }
}
