package org.mfa4j.spi.code;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.spi.Identifiers;
import org.mfa4j.spi.Settings;

/**
 * At most {@code limit} sends within any {@code window} (a sliding window) for one key: the user, the
 * destination, the destination's prefix (a number range: SMS pumping), everything, or a key of the
 * provider's choosing (the country of a number). The core charges every budget of a send before it sends,
 * across threads and nodes (the counts live in the store, under keyed hashes of the keys); a send over one is
 * refused with {@code Status.THROTTLED} and a {@code SendRefused} event naming the budget.
 *
 * @param name   names the budget in results, events and logs ({@code per-number}, {@code per-country})
 * @param limit  sends allowed within the window, at least 1
 * @param window the sliding window, from 1 second to 7 days
 * @param key    the key of a send, from the user id and the destination; never null
 */
public record SendBudget(String name, int limit, Duration window, Key key) {

    /** The key one send is counted under. */
    @FunctionalInterface
    public interface Key {
        String of(String userId, String destination);
    }

    public SendBudget {
        Identifiers.require("budget name", name, 32);
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("a budget allows 1 to 10000 sends");
        }
        Objects.requireNonNull(window, "window");
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("a budget's window is 1 second to 7 days");
        }
        Objects.requireNonNull(key, "key");
    }

    /** The charge of one send from {@code userId} to {@code destination} against this budget. */
    public SendCharge charge(String userId, String destination) {
        return new SendCharge(this, key.of(userId, destination));
    }

    /** Sends to one user, whatever the destination. */
    public static SendBudget perUser(int limit, Duration window) {
        return new SendBudget("per-user", limit, window, new ByUser());
    }

    /** Sends to one destination, whichever user asks (many accounts pointed at one number). */
    public static SendBudget perDestination(int limit, Duration window) {
        return new SendBudget("per-destination", limit, window, new ByDestination(Integer.MAX_VALUE));
    }

    /** Sends to destinations that share their first {@code length} characters (a number range). */
    public static SendBudget perPrefix(int limit, Duration window, int length) {
        if (length < 1 || length > 32) {
            throw new IllegalArgumentException("a prefix is 1 to 32 characters");
        }
        return new SendBudget("per-prefix", limit, window, new ByDestination(length));
    }

    /** All sends of the provider. */
    public static SendBudget overall(int limit, Duration window) {
        return new SendBudget("overall", limit, window, new Everything());
    }

    /** Sends whose destination maps to the same key under {@code keyOf} (for example a number's country). */
    public static SendBudget per(String name, int limit, Duration window, Function<String, String> keyOf) {
        Objects.requireNonNull(keyOf, "keyOf");
        return new SendBudget(name, limit, window, new ByFunction(keyOf));
    }

    /**
     * This budget as the provider setting {@code key} changes it: {@code limit/window} ({@code 5/PT1H}, or
     * {@code 5/3600} in seconds) sets both, {@code off} drops the budget, and an unset key keeps this one.
     *
     * @throws MfaConfigurationException naming the setting (never its value) when it is malformed
     */
    public Optional<SendBudget> configured(Settings settings, String key) {
        Optional<String> raw = settings.get(key);
        if (raw.isEmpty()) {
            return Optional.of(this);
        }
        if (raw.get().toLowerCase(Locale.ROOT).equals("off")) {
            return Optional.empty();
        }
        int slash = raw.get().indexOf('/');
        try {
            if (slash < 1) {
                throw new IllegalArgumentException("no slash");
            }
            String w = raw.get().substring(slash + 1).strip();
            Duration parsed = !w.isEmpty() && w.chars().allMatch(c -> c >= '0' && c <= '9') && w.length() <= 9
                    ? Duration.ofSeconds(Long.parseLong(w)) : Duration.parse(w);
            return Optional.of(new SendBudget(name, Integer.parseInt(raw.get().substring(0, slash).strip()), parsed,
                    key()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new MfaConfigurationException("setting '" + key + "' (or environment variable "
                    + settings.environmentName(key) + ") must be off or limit/window, such as 5/PT1H: 1 to 10000"
                    + " sends within 1 second to 7 days");
        }
    }

    @Override
    public String toString() {
        return "SendBudget[" + name + ": " + limit + " per " + window + "]";
    }

    private static final class ByUser implements Key {
        @Override
        public String of(String userId, String destination) {
            return userId;
        }
    }

    private record ByDestination(int length) implements Key {
        @Override
        public String of(String userId, String destination) {
            return destination.length() <= length ? destination : destination.substring(0, length);
        }
    }

    private static final class Everything implements Key {
        @Override
        public String of(String userId, String destination) {
            return "*";
        }
    }

    private record ByFunction(Function<String, String> keyOf) implements Key {
        @Override
        public String of(String userId, String destination) {
            return Objects.requireNonNull(keyOf.apply(destination), "budget key");
        }
    }
}
