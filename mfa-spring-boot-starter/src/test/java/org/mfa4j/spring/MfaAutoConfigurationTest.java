package org.mfa4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaNotifier;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.SecurityNotification;
import org.mfa4j.Status;
import org.mfa4j.micrometer.MfaMetrics;
import org.mfa4j.provider.totp.TotpProviderFactory;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;
import org.mfa4j.testing.RecordingListener;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The auto-configurations alone: keys are required, no DataSource means memory, provider settings bind; listener
 * and notifier beans are registered; MfaMetrics is bound to a MeterRegistry bean when Micrometer is there.
 */
class MfaAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MfaAutoConfiguration.class, MfaMetricsAutoConfiguration.class));

    /** A listener and a notifier of the application, as beans. */
    @Configuration(proxyBeanMethods = false)
    static class Audit {
        final List<SecurityNotification> notified = new CopyOnWriteArrayList<>();

        @Bean
        RecordingListener recordingListener() {
            return new RecordingListener();
        }

        @Bean
        MfaNotifier notifier() {
            return notified::add;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    /** Enrols TOTP for {@code user}: one Activated event, one FACTOR_ADDED notification. */
    private static void enrolTotp(Mfa mfa, MfaUser user) {
        MfaSession s = MfaSession.of("enrol-" + user.id());
        String secret = mfa.setup(user, TotpProviderFactory.ID, s).view().orElseThrow()
                .require(TotpProviderFactory.VIEW_SECRET);
        String code = String.format("%06d", new GoogleAuthenticator().getTotpPassword(secret));
        assertThat(mfa.activate(user, TotpProviderFactory.ID, MfaInput.code(code), s).status())
                .isEqualTo(Status.ACCEPTED);
    }

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

    @Test
    void listenerAndNotifierBeansAreRegisteredWithTheMfa() {
        runner.withPropertyValues("mfa4j.keys.ephemeral=true").withUserConfiguration(Audit.class).run(context -> {
            enrolTotp(context.getBean(Mfa.class), MfaUser.of("dave"));
            assertThat(context.getBean(RecordingListener.class).events(MfaEvent.Activated.class)).singleElement()
                    .satisfies(e -> assertThat(e.userId()).isEqualTo("dave"));
            assertThat(context.getBean(Audit.class).notified).singleElement().satisfies(n -> {
                assertThat(n.kind()).isEqualTo(SecurityNotification.Kind.FACTOR_ADDED);
                assertThat(n.userId()).isEqualTo("dave");
            });
        });
    }

    @Test
    void withAMeterRegistryBeanMfaMetricsCountsIntoIt() {
        runner.withPropertyValues("mfa4j.keys.ephemeral=true").withUserConfiguration(Meters.class, Audit.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(MfaMetrics.class);
                    enrolTotp(context.getBean(Mfa.class), MfaUser.of("dave"));
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get(MfaMetrics.ACTIVATIONS).tags("provider", TotpProviderFactory.ID)
                            .counter().count()).isEqualTo(1);
                    assertThat(context.getBean(RecordingListener.class).events())
                            .as("the application's listener still hears every event").hasSize(1);
                });
    }

    @Test
    void withoutAMeterRegistryBeanThereIsNoMfaMetrics() {
        runner.withPropertyValues("mfa4j.keys.ephemeral=true").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(MfaMetrics.class);
            enrolTotp(context.getBean(Mfa.class), MfaUser.of("dave"));
        });
    }

    @Test
    void withoutMicrometerOnTheClassPathNothingFails() {
        runner.withPropertyValues("mfa4j.keys.ephemeral=true").withUserConfiguration(Audit.class)
                .withClassLoader(new FilteredClassLoader("io.micrometer.", "org.mfa4j.micrometer."))
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("mfaMetrics");
                    enrolTotp(context.getBean(Mfa.class), MfaUser.of("dave"));
                    assertThat(context.getBean(RecordingListener.class).events()).hasSize(1);
                });
    }

    @Test
    void withoutMfaMicrometerButWithARegistryNothingFails() {
        runner.withPropertyValues("mfa4j.keys.ephemeral=true").withUserConfiguration(Meters.class)
                .withClassLoader(new FilteredClassLoader("org.mfa4j.micrometer."))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("mfaMetrics"));
    }
}
