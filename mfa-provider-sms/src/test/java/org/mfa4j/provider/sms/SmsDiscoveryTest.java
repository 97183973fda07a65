package org.mfa4j.provider.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.SecretKeys;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.store.InMemoryMfaStore;

/** The jar's {@code META-INF/services} entry makes the provider discoverable, restricted (NIST). */
class SmsDiscoveryTest {

    @Test
    void serviceLoaderFindsTheFactory() {
        assertThat(ServiceLoader.load(MfaProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(SmsProviderFactory.class);
    }

    @Test
    void mfaDiscoversSmsAsARestrictedWeakFactor() {
        Mfa mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .discoverProviders().configure("sms", SmsProviderContractTest.twilioSettings()).build();
        assertThat(mfa.providers()).filteredOn(d -> d.id().equals(SmsProviderFactory.ID)).singleElement()
                .satisfies(d -> {
                    assertThat(d.restricted()).isTrue();
                    assertThat(d.outOfBand()).as("SMS is out of band (NIST SP 800-63B-4 §3.1.3)").isTrue();
                    assertThat(d.weak()).isTrue();
                    assertThat(d.multipleCredentials()).isTrue();
                });
    }

    @Test
    void noCountryListIsAConfigurationErrorAndSecretsAreNotQuoted() {
        var settings = new java.util.HashMap<>(SmsProviderContractTest.twilioSettings());
        settings.remove("countries");
        assertThatThrownBy(() -> Mfa.builder().store(new InMemoryMfaStore())
                .keys(SecretKeys.ephemeral(new SecureRandom())).provider(new SmsProviderFactory())
                .configure("sms", settings).build().providers())
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("countries")
                .hasMessageNotContaining(Fixtures.AUTH_TOKEN);
    }
}
