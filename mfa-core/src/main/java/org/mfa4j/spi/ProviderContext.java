package org.mfa4j.spi;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.mfa4j.MfaConfigurationException;

/** What the core hands a factory: its settings and the shared services. */
public interface ProviderContext {

    /** This provider's settings from the application, with environment-variable fallbacks. */
    Settings settings();

    /** The one clock of this {@code Mfa}; never read the system clock directly. */
    Clock clock();

    /** The one random source of this {@code Mfa}, for codes and secrets. */
    SecureRandom random();

    /** Sends provider-specific audit facts (for example "few recovery codes left") to the listeners. */
    ProviderEvents events();

    /**
     * The application's service of {@code type}, registered with {@code Mfa.builder().service(type, instance)}
     * (a mailer, an HTTP client); empty when none was registered. The default has none.
     */
    default <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
    }

    /**
     * The application's service of {@code type}, for a provider that cannot work without it.
     *
     * @throws MfaConfigurationException naming the type and how to register it, when none was registered
     */
    default <T> T requireService(Class<T> type) {
        return service(type).orElseThrow(() -> new MfaConfigurationException("this provider needs a service of"
                + " type " + type.getName() + ": register one with Mfa.builder().service(" + type.getSimpleName()
                + ".class, instance)"));
    }
}
