package org.mfa4j.spi;

import java.security.SecureRandom;
import java.time.Clock;

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
}
