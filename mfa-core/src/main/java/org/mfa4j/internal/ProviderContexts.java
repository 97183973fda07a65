package org.mfa4j.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mfa4j.MfaEvent;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderEvents;
import org.mfa4j.spi.Settings;

/**
 * Each provider's context: its settings, the clock, the random source, its notices and the application's
 * services. Named classes rather than lambdas: the first use of each lambda spins a class, which is
 * measurable in an application's start-up.
 */
public record ProviderContexts(Map<String, Map<String, String>> settings, Function<String, String> environment,
                               Clock clock, SecureRandom random, EventDispatcher dispatcher,
                               Map<Class<?>, Object> services)
        implements Function<String, ProviderContext> {

    public ProviderContexts {
        settings = Map.copyOf(settings);
        services = Map.copyOf(services);
    }

    @Override
    public ProviderContext apply(String id) {
        return new Context(Settings.of(id, settings.getOrDefault(id, Map.of()), environment), clock, random,
                new Notices(id, clock, dispatcher), services);
    }

    private record Context(Settings settings, Clock clock, SecureRandom random, ProviderEvents events,
                           Map<Class<?>, Object> services) implements ProviderContext {

        @Override
        public <T> Optional<T> service(Class<T> type) {
            return Optional.ofNullable(type.cast(services.get(type)));
        }
    }

    /** A provider's notices, raised as events of the current operation. */
    private record Notices(String providerId, Clock clock, EventDispatcher dispatcher) implements ProviderEvents {
        @Override
        public void notice(String userId, String kind, Map<String, String> attributes) {
            dispatcher.raise(new MfaEvent.Notice(clock.instant(), userId, providerId, kind, attributes));
        }
    }
}
