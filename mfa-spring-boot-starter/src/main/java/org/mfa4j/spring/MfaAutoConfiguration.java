package org.mfa4j.spring;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.mfa4j.Mfa;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaEventListener;
import org.mfa4j.MfaNotifier;
import org.mfa4j.SecretKeys;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.JdbcMfaStore;
import org.mfa4j.store.MfaStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Builds one {@link Mfa} from the {@code mfa4j.*} properties: the policy, lockout, grace and step-up ages,
 * every discovered provider with its {@code mfa4j.<id>.*} settings, keys from {@code mfa4j.keys.file}, and
 * a {@link JdbcMfaStore} on the application's {@link DataSource} (an in-memory store, with a warning, when
 * there is none). A {@link Clock} in the context is used; every {@link MfaEventListener} and {@link MfaNotifier}
 * bean is registered with it, in {@code @Order} (with {@code mfa-micrometer} and a {@code MeterRegistry}, the
 * {@code MfaMetrics} listener of {@link MfaMetricsAutoConfiguration} is one of them); then every
 * {@link MfaBuilderCustomizer} runs. Declare your own {@link Mfa} or {@link MfaStore} bean to replace either.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "mfa4j.enabled", matchIfMissing = true)
@EnableConfigurationProperties(Mfa4jProperties.class)
public class MfaAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MfaAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    MfaStore mfaStore(ObjectProvider<DataSource> dataSource, Mfa4jProperties properties) {
        DataSource ds = dataSource.getIfUnique();
        if (ds == null) {
            LOG.warn("mfa4j keeps its state in memory: no single DataSource in the context. Lockouts, enrolled "
                    + "factors and recovery codes are lost on restart and not shared between nodes.");
            return new InMemoryMfaStore();
        }
        JdbcMfaStore store = JdbcMfaStore.builder(ds).table(properties.getStore().getTable()).build();
        if (properties.getStore().isCreateSchema()) {
            store.createSchema();
        }
        return store;
    }

    @Bean
    @ConditionalOnMissingBean
    Mfa mfa(Mfa4jProperties properties, MfaStore store, Environment environment, ObjectProvider<Clock> clock,
            ObjectProvider<MfaEventListener> listeners, ObjectProvider<MfaNotifier> notifiers,
            ObjectProvider<MfaBuilderCustomizer> customizers) {
        SecureRandom random = new SecureRandom();
        Mfa.Builder builder = Mfa.builder()
                .store(store)
                .keys(keys(properties.getKeys(), random))
                .random(random)
                .policy(policy(properties.getPolicy()))
                .lockout(lockout(properties.getLockout()))
                .gracePeriod(properties.getGracePeriod())
                .stepUp(properties.getStepUp())
                .discoverProviders();
        properties.getProtectedActions().forEach(builder::protectedAction);
        clock.ifAvailable(builder::clock);
        listeners.orderedStream().forEach(builder::listener);
        notifiers.orderedStream().forEach(builder::notifier);
        Binder binder = Binder.get(environment);
        for (String id : discoveredIds()) {
            if (Mfa4jProperties.RESERVED.contains(id)) {
                throw new MfaConfigurationException("provider id '" + id + "' is a reserved mfa4j property name");
            }
            binder.bind("mfa4j." + id, Bindable.mapOf(String.class, String.class))
                    .ifBound(settings -> builder.configure(id, Map.copyOf(settings)));
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    private static SecretKeys keys(Mfa4jProperties.Keys keys, SecureRandom random) {
        if (keys.getFile() != null) {
            return keys.isGenerateIfMissing() ? SecretKeys.loadOrGenerate(keys.getFile(), random)
                    : SecretKeys.fromFile(keys.getFile());
        }
        if (keys.isEphemeral()) {
            LOG.warn("mfa4j uses throw-away keys (mfa4j.keys.ephemeral): every proof and sealed secret is "
                    + "lost when this JVM stops.");
            return SecretKeys.ephemeral(random);
        }
        throw new MfaConfigurationException("mfa4j needs keys: set mfa4j.keys.file to a key file (and "
                + "mfa4j.keys.generate-if-missing=true to create it on first start), or mfa4j.keys.ephemeral=true "
                + "for tests");
    }

    private static EnforcementPolicy policy(Mfa4jProperties.Policy p) {
        EnforcementPolicy.Builder b = EnforcementPolicy.builder().require(p.getRequire());
        if (p.getRecommended() != null && !p.getRecommended().isBlank()) {
            b.recommended(p.getRecommended());
        }
        if (!p.getForced().isEmpty()) {
            b.forced(p.getForced().toArray(String[]::new));
        }
        if (!p.getDisabled().isEmpty()) {
            b.disabled(p.getDisabled().toArray(String[]::new));
        }
        return b.build();
    }

    private static LockoutPolicy lockout(Mfa4jProperties.Lockout l) {
        LockoutPolicy.Builder b = LockoutPolicy.builder().maxFailures(l.getMaxFailures())
                .accountCeiling(l.getAccountCeiling()).flowBudget(l.getFlowBudget());
        if (l.getTemporaryLockout() != null) {
            b.temporaryLockout(l.getTemporaryLockout(), l.getMaxTemporaryLockout());
        }
        return b.build();
    }

    /**
     * The ids of the factories on the class path, to bind their settings. A factory that fails to load is
     * skipped here: {@link Mfa.Builder#build()} reports it with both class names.
     */
    private static List<String> discoveredIds() {
        List<String> ids = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ServiceLoader<MfaProviderFactory> found = ServiceLoader.load(MfaProviderFactory.class,
                loader != null ? loader : Mfa.class.getClassLoader());
        for (var it = found.iterator(); ; ) {
            try {
                if (!it.hasNext()) {
                    return ids;
                }
                ids.add(it.next().descriptor().id());
            } catch (ServiceConfigurationError e) {
                LOG.debug("a provider factory failed to load; Mfa.Builder.build() reports it", e);
            }
        }
    }
}
