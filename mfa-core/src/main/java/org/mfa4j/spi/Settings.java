package org.mfa4j.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.mfa4j.MfaConfigurationException;

/**
 * One provider's settings: what the application configured for it, falling back to environment variables
 * named {@code MFA4J_<PROVIDER>_<KEY>} (upper case, dashes and dots as underscores). Typed getters fail
 * with a {@link MfaConfigurationException} that names the setting, never its value (it may be a token).
 */
public final class Settings {

    private final String providerId;
    private final Map<String, String> values;
    private final Function<String, String> environment;

    private Settings(String providerId, Map<String, String> values, Function<String, String> environment) {
        this.providerId = providerId;
        this.values = Map.copyOf(values);
        this.environment = environment;
    }

    /** Settings with the process environment as fallback. */
    public static Settings of(String providerId, Map<String, String> values) {
        return new Settings(providerId, values, PROCESS_ENVIRONMENT);
    }

    /** Settings with the given environment lookup as fallback (tests). */
    public static Settings of(String providerId, Map<String, String> values, Function<String, String> environment) {
        return new Settings(providerId, values, environment);
    }

    /** The process environment ({@link System#getenv(String)}), the default fallback. */
    public static final Function<String, String> PROCESS_ENVIRONMENT = new Function<>() {
        @Override
        public String apply(String name) {
            return System.getenv(name);
        }

        @Override
        public String toString() {
            return "the process environment";
        }
    };

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The environment variable consulted for {@code key}. */
    public String environmentName(String key) {
        return ("MFA4J_" + providerId + "_" + key).toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** The keys the application set explicitly. */
    public Set<String> keys() {
        return new TreeMap<>(values).keySet();
    }

    public Optional<String> get(String key) {
        String v = values.get(key);
        if (v == null) {
            v = environment.apply(environmentName(key));
        }
        if (v == null) {
            return Optional.empty();
        }
        String s = v.strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    public String require(String key) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            throw new MfaConfigurationException("provider '" + providerId + "' needs setting '" + key
                    + "' (or environment variable " + environmentName(key) + ")");
        }
        return v.get();
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** An int in {@code [min, max]}, or the default when unset. */
    public int getInt(String key, int defaultValue, int min, int max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        int v;
        try {
            v = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            throw invalid(key, "an integer");
        }
        if (v < min || v > max) {
            throw invalid(key, "between " + min + " and " + max);
        }
        return v;
    }

    /** A duration in ISO-8601 ({@code PT30S}) or plain seconds ({@code 30}), within bounds. */
    public Duration getDuration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Duration d;
        try {
            String s = raw.get();
            d = isDigits(s) && s.length() <= 9 ? Duration.ofSeconds(Long.parseLong(s)) : Duration.parse(s);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid(key, "a duration such as PT30S or 30 (seconds)");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(key, "between " + min + " and " + max);
        }
        return d;
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> raw = get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(key, "true or false");
        };
    }

    private MfaConfigurationException invalid(String key, String expected) {
        return new MfaConfigurationException("provider '" + providerId + "' setting '" + key + "' must be "
                + expected);
    }

    @Override
    public String toString() {
        return "Settings[provider=" + providerId + ", keys=" + keys() + "]";
    }
}
