package org.mfa4j.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.mfa4j.micrometer.MfaMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Counts mfa4j's events into the application's Micrometer registry: when {@code mfa-micrometer} is on the class
 * path and the context has one {@link MeterRegistry} (or a primary one, as Spring Boot's metrics auto-configuration
 * makes), an {@link MfaMetrics} bound to it is a bean, and {@link MfaAutoConfiguration} registers it with the
 * {@code Mfa} like every other event listener. Without either nothing happens. Declare your own {@link MfaMetrics}
 * bean to replace it; do not also add it with an {@link MfaBuilderCustomizer}, or every event counts twice.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure."
        + "CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({MfaMetrics.class, MeterRegistry.class})
@ConditionalOnBooleanProperty(name = "mfa4j.enabled", matchIfMissing = true)
public class MfaMetricsAutoConfiguration {

    @Bean
    @ConditionalOnSingleCandidate(MeterRegistry.class)
    @ConditionalOnMissingBean
    MfaMetrics mfaMetrics(MeterRegistry registry) {
        return MfaMetrics.bindTo(registry);
    }
}
