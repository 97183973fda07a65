package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.SecretKeys;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.InMemoryMfaStore;

/** The jar's {@code META-INF/services} entry makes the provider discoverable; its settings come with it. */
class DuoDiscoveryTest {

    private static Mfa.Builder discovering() {
        return Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .environment(name -> null).discoverProviders();
    }

    @Test
    void serviceLoaderFindsTheFactory() {
        assertThat(ServiceLoader.load(MfaProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(DuoProviderFactory.class);
    }

    @Test
    void mfaDiscoversDuoWithItsSettings() {
        Mfa mfa = discovering().configure("duo", DuoProviderFactoryTest.required()).build();

        assertThat(mfa.providers()).filteredOn(d -> d.id().equals("duo")).singleElement().satisfies(d -> {
            assertThat(d.remoteCheck()).isTrue();
            assertThat(d.soleFactor()).isFalse();
        });
    }

    @Test
    void theSoleFactorSettingReachesTheRegisteredDescriptor() {
        Map<String, String> settings = DuoProviderFactoryTest.required();
        settings.put("sole-factor", "true");

        Mfa mfa = discovering().configure("duo", settings).build();

        assertThat(mfa.providers()).filteredOn(d -> d.id().equals("duo")).extracting(ProviderDescriptor::soleFactor)
                .containsExactly(true);
    }

    @Test
    void aDiscoveredDuoWithoutSettingsFailsTheBuildNamingWhatIsMissing() {
        assertThatThrownBy(() -> discovering().build()).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("'client-id'").hasMessageContaining("MFA4J_DUO_CLIENT_ID");
    }

    @Test
    void duoCanBeLeftOutOfDiscovery() {
        assertThat(discovering().disableProvider("duo").provider(new org.mfa4j.testing.ContractBaseProvider())
                .build().providers()).extracting(ProviderDescriptor::id).doesNotContain("duo");
    }
}
