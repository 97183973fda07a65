package org.mfa4j.provider.totp;

import java.time.Duration;
import java.util.Optional;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.spi.PropertyMap;
import org.mfa4j.spi.Settings;

/**
 * The parameters of one credential. Read from the settings at setup and stored with the credential, so a
 * later change of the settings does not break users who enrolled before it.
 *
 * @param algorithm the HMAC function
 * @param digits    code length, 6 to 8
 * @param period    seconds per time step, 15 to 120
 * @param window    steps accepted either side of the current one, 0 to 10
 */
record TotpParameters(HmacAlgorithm algorithm, int digits, int period, int window) {

    static final int DEFAULT_DIGITS = 6;
    static final int DEFAULT_PERIOD = 30;
    static final int DEFAULT_WINDOW = 1;
    static final int MAX_WINDOW = 10;

    private static final String ALGORITHM = "algorithm";
    private static final String DIGITS = "digits";
    private static final String PERIOD = "period";
    private static final String WINDOW = "window";

    TotpParameters {
        if (algorithm == null || digits < 6 || digits > 8 || period < 15 || period > 120 || window < 0
                || window > MAX_WINDOW) {
            throw new IllegalArgumentException("TOTP parameters out of range");
        }
    }

    /** The parameters new credentials get, from the provider's settings. */
    static TotpParameters fromSettings(Settings settings, String providerId) {
        Optional<HmacAlgorithm> parsed = HmacAlgorithm.parse(settings.get(ALGORITHM, "SHA1"));
        if (parsed.isEmpty()) {
            throw new MfaConfigurationException("provider '" + providerId + "' setting 'algorithm' must be SHA1, "
                    + "SHA256 or SHA512");
        }
        HmacAlgorithm algorithm = parsed.get();
        int digits = settings.getInt(DIGITS, DEFAULT_DIGITS, 6, 8);
        Duration period = settings.getDuration(PERIOD, Duration.ofSeconds(DEFAULT_PERIOD), Duration.ofSeconds(15),
                Duration.ofSeconds(120));
        if (period.getNano() != 0) {
            throw new MfaConfigurationException("provider '" + providerId + "' setting 'period' must be whole "
                    + "seconds");
        }
        int window = settings.getInt(WINDOW, DEFAULT_WINDOW, 0, MAX_WINDOW);
        return new TotpParameters(algorithm, digits, (int) period.getSeconds(), window);
    }

    /** The parameters stored with a credential; a damaged entry fails closed. */
    static TotpParameters readFrom(PropertyMap properties) {
        HmacAlgorithm algorithm = properties.getString(ALGORITHM).flatMap(HmacAlgorithm::parse)
                .orElseThrow(() -> damaged(ALGORITHM));
        return new TotpParameters(algorithm, intOf(properties, DIGITS), intOf(properties, PERIOD),
                intOf(properties, WINDOW));
    }

    void writeTo(PropertyMap properties) {
        properties.putString(ALGORITHM, algorithm.name());
        properties.putLong(DIGITS, digits);
        properties.putLong(PERIOD, period);
        properties.putLong(WINDOW, window);
    }

    private static int intOf(PropertyMap properties, String key) {
        long v = properties.getLong(key).orElseThrow(() -> damaged(key));
        if (v < 0 || v > 1_000) {
            throw damaged(key);
        }
        return (int) v;
    }

    private static IllegalStateException damaged(String key) {
        return new IllegalStateException("stored TOTP credential has no valid '" + key + "'");
    }
}
