package org.mfa4j.provider.u2f;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.SecretKeys;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.InMemoryMfaStore;

/** The jar's {@code META-INF/services} entry makes the provider discoverable. */
class U2fDiscoveryTest {

    @Test
    void serviceLoaderFindsTheFactory() {
        assertThat(ServiceLoader.load(MfaProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(U2fProviderFactory.class);
    }

    @Test
    void mfaDiscoversU2fAsPhishingResistantWithSeveralKeys() {
        Mfa mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .discoverProviders().configure(U2fProviderFactory.ID, Map.of("rp-id", "example.com")).build();
        assertThat(mfa.providers()).filteredOn(d -> d.id().equals(U2fProviderFactory.ID)).singleElement()
                .satisfies(d -> {
                    assertThat(d.phishingResistant()).isTrue();
                    assertThat(d.multipleCredentials()).isTrue();
                }).extracting(ProviderDescriptor::title).isEqualTo("Security key");
    }
}
