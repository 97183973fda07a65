package org.mfa4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration alone: keys are required, no DataSource means memory, provider settings bind. */
class MfaAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MfaAutoConfiguration.class));

    @Test
    void withoutKeysTheContextFailsAndSaysWhatToSet() {
        runner.run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                .hasMessageContaining("mfa4j.keys.file").hasMessageContaining("mfa4j.keys.ephemeral"));
    }

    @Test
    void withoutADataSourceTheStateIsInMemoryAndProviderSettingsAreBound() {
        runner.withPropertyValues("mfa4j.keys.ephemeral=true", "mfa4j.totp.issuer=ACME Corp").run(context -> {
            assertThat(context.getBean(MfaStore.class)).isInstanceOf(InMemoryMfaStore.class);
            Mfa mfa = context.getBean(Mfa.class);
            String uri = mfa.setup(MfaUser.of("dave"), "totp", MfaSession.of("s-1")).view().orElseThrow()
                    .require("uri");
            assertThat(uri).contains("issuer=ACME%20Corp");
        });
    }

    @Test
    void aSettingTheProviderRejectsFailsTheContext() {
        runner.withPropertyValues("mfa4j.keys.ephemeral=true", "mfa4j.totp.digits=12")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("digits"));
    }
}
