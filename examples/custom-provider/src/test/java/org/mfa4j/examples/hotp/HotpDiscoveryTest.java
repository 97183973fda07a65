package org.mfa4j.examples.hotp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.SecretKeys;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.InMemoryMfaStore;

/** The jar's {@code META-INF/services} entry is all an application needs to find the provider. */
class HotpDiscoveryTest {

    @Test
    void serviceLoaderFindsTheFactory() {
        assertThat(ServiceLoader.load(MfaProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(HotpProviderFactory.class);
    }

    @Test
    void mfaDiscoversHotp() {
        Mfa mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .discoverProviders().build();
        assertThat(mfa.providers()).extracting(ProviderDescriptor::id).contains(HotpProviderFactory.ID);
        assertThat(mfa.providers()).filteredOn(d -> d.id().equals(HotpProviderFactory.ID)).singleElement()
                .satisfies(d -> assertThat(d.title()).isEqualTo("Hardware token"));
    }
}
