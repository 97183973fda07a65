package org.mfa4j.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.Setup;

/**
 * The provider factories on the class path, registered for one command: each one that has settings (or, for the
 * commands that touch the store, each one that needs its own code to do so) is created as usual; the others are
 * registered by their descriptor only, as a stand-in that is never created from its settings.
 *
 * <p>{@code providers} lists every factory that way, so a factory whose settings are missing (e-mail needs an SMTP
 * host, SMS a Twilio account) is still listed. {@code status}, {@code reset} and {@code unlock} stand in only for
 * {@link #STORE_ONLY}: providers whose every state is in the store, with nothing to revoke or unlock elsewhere
 * (their {@code deactivate} and {@code unlock} are the SPI's, which do nothing), so the core's reset and unlock are
 * all there is; their overview details are not shown. A stand-in refuses setup, activation and verification.
 */
final class Factories {

    /** The factories whose providers the admin commands can handle by the core alone, without their settings. */
    static final Set<String> STORE_ONLY = Set.of("org.mfa4j.provider.email.EmailProviderFactory",
            "org.mfa4j.provider.sms.SmsProviderFactory");

    private Factories() {
    }

    /**
     * Registers every factory {@code ServiceLoader} finds, in id order.
     *
     * @param settings  the provider settings given, by id
     * @param listOnly  whether no provider is used (the {@code providers} command)
     */
    static Mfa.Builder register(Mfa.Builder builder, Map<String, Map<String, String>> settings, boolean listOnly) {
        List<MfaProviderFactory> found = new ArrayList<>();
        try {
            ServiceLoader.load(MfaProviderFactory.class).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new MfaCli.ConfigurationError("a provider on the class path cannot be loaded: " + e.getMessage()
                    + "; fix it or remove its jar from the class path of this tool");
        }
        found.sort(Comparator.comparing(f -> f.descriptor().id()));
        for (MfaProviderFactory f : found) {
            String id = f.descriptor().id();
            if (!settings.containsKey(id) && (listOnly || STORE_ONLY.contains(f.getClass().getName()))) {
                builder.provider(new StandIn(f));
            } else {
                builder.provider(f);
            }
        }
        return builder;
    }

    /** A factory known by its descriptor only. */
    private record StandIn(MfaProviderFactory factory) implements MfaProviderFactory {
        @Override
        public ProviderDescriptor descriptor() {
            return factory.descriptor();
        }

        @Override
        public MfaProvider create(ProviderContext context) {
            return new MfaProvider() {
                @Override
                public Setup setup(PropertyManager properties) {
                    throw new UnsupportedOperationException("not configured in this tool");
                }

                @Override
                public Outcome activate(MfaInput input, PropertyManager properties) {
                    throw new UnsupportedOperationException("not configured in this tool");
                }

                @Override
                public Outcome verify(MfaInput input, PropertyManager properties) {
                    throw new UnsupportedOperationException("not configured in this tool");
                }
            };
        }
    }
}
