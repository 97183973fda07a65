package org.mfa4j.spi;

/**
 * What {@link java.util.ServiceLoader} finds: list the implementing class in
 * {@code META-INF/services/org.mfa4j.spi.MfaProviderFactory}. Needs a public no-argument constructor and
 * must do no I/O until {@link #create}.
 */
public interface MfaProviderFactory {

    /** The provider's metadata, including its id. */
    ProviderDescriptor descriptor();

    /**
     * The descriptor of the provider made with these settings, for a provider whose capabilities are a
     * setting (Duo as the sole factor, when the deployment says so). The core asks it after {@link #create}
     * and registers what it returns; it must keep the id of {@link #descriptor()}, and the display order is
     * that of {@link #descriptor()}'s hints. The default is {@link #descriptor()}.
     */
    default ProviderDescriptor descriptor(Settings settings) {
        return descriptor();
    }

    /** Shorthand for {@code descriptor().id()}. */
    default String id() {
        return descriptor().id();
    }

    /**
     * Creates the provider from its settings. Invalid settings throw
     * {@link org.mfa4j.MfaConfigurationException} naming the setting; {@code Mfa.builder().build()} fails.
     */
    MfaProvider create(ProviderContext context);
}
