package org.mfa4j.provider.email;

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

/** The jar's {@code META-INF/services} entry makes the provider discoverable, weak and only beside another. */
class EmailDiscoveryTest {

    @Test
    void serviceLoaderFindsTheFactory() {
        assertThat(ServiceLoader.load(MfaProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(EmailProviderFactory.class);
    }

    @Test
    void mfaDiscoversEmailAsAWeakFactorThatNeedsAnother() {
        Mfa mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .discoverProviders().configure("email", Map.of("smtp-host", "mail.example", "from", "a@example.org"))
                .build();
        assertThat(mfa.providers()).filteredOn(d -> d.id().equals(EmailProviderFactory.ID)).singleElement()
                .satisfies(d -> {
                    assertThat(d.weak()).isTrue();
                    assertThat(d.outOfBand()).as("e-mail SHALL NOT be out of band (NIST SP 800-63B-4)").isFalse();
                    assertThat(d.requiresOtherActive()).isTrue();
                    assertThat(d.phishingResistant()).isFalse();
                    assertThat(d.remoteCheck()).isFalse();
                    assertThat(d.multipleCredentials()).isTrue();
                });
    }

    @Test
    void allowedAloneOnlyWhenTheSettingSaysSoOnTheDiscoveredFactory() {
        Mfa mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .discoverProviders().configure("email", Map.of("smtp-host", "mail.example", "from", "a@example.org",
                        EmailProviderFactory.SETTING_ALLOW_USE_ALONE, "true"))
                .build();
        ProviderDescriptor alone = mfa.providers().stream().filter(d -> d.id().equals(EmailProviderFactory.ID))
                .findFirst().orElseThrow();
        assertThat(alone.requiresOtherActive()).isFalse();
        assertThat(alone.mayBeDefault()).isTrue();
        assertThat(alone.weak()).isTrue();
        assertThat(alone.outOfBand()).isFalse();
        assertThat(new EmailProviderFactory().descriptor().requiresOtherActive()).as("without settings").isTrue();
    }
}
