package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testproviders.CodeProvider;

class DiscoveryTest {

    @TempDir
    Path dir;

    /** Needs a public no-arg constructor for ServiceLoader. */
    public static final class DiscoverableCode extends DelegatingFactory {
        public DiscoverableCode() {
            super(new CodeProvider("found"));
        }
    }

    /** Another factory claiming the id "found". */
    public static final class DuplicateFound implements MfaProviderFactory {
        @Override
        public ProviderDescriptor descriptor() {
            return ProviderDescriptor.builder("found").build();
        }

        @Override
        public MfaProvider create(ProviderContext context) {
            throw new AssertionError("never created");
        }
    }

    /** A factory whose constructor fails. */
    public static final class Broken implements MfaProviderFactory {
        public Broken() {
            throw new IllegalStateException("missing native library");
        }

        @Override
        public ProviderDescriptor descriptor() {
            return ProviderDescriptor.builder("broken").build();
        }

        @Override
        public MfaProvider create(ProviderContext context) {
            return null;
        }
    }

    /** A factory that needs a setting. */
    public static final class NeedsSetting implements MfaProviderFactory {
        @Override
        public ProviderDescriptor descriptor() {
            return ProviderDescriptor.builder("needs").build();
        }

        @Override
        public MfaProvider create(ProviderContext context) {
            context.settings().require("api-key");
            return new CodeProvider("needs").create(context);
        }
    }

    private ClassLoader servicesLoader(String... factoryClasses) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(MfaProviderFactory.class.getName()), String.join("\n", factoryClasses) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
    }

    private static Mfa.Builder builder() {
        return Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()));
    }

    @Test
    void discoversFactoriesListedInServiceFiles() throws IOException {
        Mfa mfa = builder().discoverProviders(servicesLoader(DiscoverableCode.class.getName()))
                .provider(new CodeProvider("explicit")).build();
        assertThat(mfa.providers()).extracting(ProviderDescriptor::id).containsExactly("explicit", "found");
    }

    @Test
    void duplicateIdsNameBothClassesAndTheirOrigins() throws IOException {
        ClassLoader loader = servicesLoader(DiscoverableCode.class.getName(), DuplicateFound.class.getName());
        assertThatThrownBy(() -> builder().discoverProviders(loader).build())
                .isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("two provider factories have the id 'found'")
                .hasMessageContaining(DiscoverableCode.class.getName())
                .hasMessageContaining(DuplicateFound.class.getName())
                .hasMessageContaining("test-classes");
        assertThatThrownBy(() -> builder().provider(new CodeProvider("x")).provider(new CodeProvider("x")).build())
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("'x'");
    }

    @Test
    void aFactoryThatFailsToLoadFailsTheBuild() throws IOException {
        ClassLoader loader = servicesLoader(DiscoverableCode.class.getName(), Broken.class.getName());
        assertThatThrownBy(() -> builder().discoverProviders(loader).build())
                .isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining(Broken.class.getName())
                .hasMessageContaining("failed to load")
                .hasMessageContaining("missing native library");
        ClassLoader missing = servicesLoader("org.example.DoesNotExist");
        assertThatThrownBy(() -> builder().discoverProviders(missing).build())
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("org.example.DoesNotExist");
    }

    @Test
    void disabledIdsAreLeftOutAndMustExist() throws IOException {
        ClassLoader loader = servicesLoader(DiscoverableCode.class.getName());
        Mfa mfa = builder().discoverProviders(loader).provider(new CodeProvider("keep")).disableProvider("found")
                .build();
        assertThat(mfa.providers()).extracting(ProviderDescriptor::id).containsExactly("keep");
        assertThatThrownBy(() -> builder().provider(new CodeProvider("keep")).disableProvider("nope").build())
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("cannot disable provider 'nope'");
        assertThatThrownBy(() -> builder().provider(new CodeProvider("keep")).disableProvider("keep")
                .configure("keep", Map.of("a", "b")).build())
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("also disabled");
    }

    @Test
    void unknownIdsInConfigurationOrPolicyFailTheBuild() {
        assertThatThrownBy(() -> builder().provider(new CodeProvider("keep")).configure("totp", Map.of("a", "b"))
                .build()).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("settings were given for provider 'totp'");
        assertThatThrownBy(() -> builder().provider(new CodeProvider("keep"))
                .policy(org.mfa4j.policy.EnforcementPolicy.builder().forced("totp").build()).build())
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("[totp]");
    }

    @Test
    void missingPiecesSayWhatToDo() {
        assertThatThrownBy(() -> Mfa.builder().keys(SecretKeys.ephemeral(new SecureRandom())).build())
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("InMemoryMfaStore");
        assertThatThrownBy(() -> Mfa.builder().store(new InMemoryMfaStore()).build())
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("SecretKeys.fromFile");
        assertThatThrownBy(() -> builder().build()).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("no providers registered");
        assertThatThrownBy(() -> builder().provider(new NeedsSetting()).environment(k -> null).build())
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("'api-key'")
                .hasMessageContaining("MFA4J_NEEDS_API_KEY");
        assertThat(builder().provider(new NeedsSetting())
                .environment(k -> k.equals("MFA4J_NEEDS_API_KEY") ? "from-env" : null).build().providers())
                .hasSize(1);
        assertThat(builder().provider(new NeedsSetting()).configure("needs", Map.of("api-key", "k"))
                .environment(k -> null).build().providers()).hasSize(1);
    }

    @Test
    void providersAreOrderedByTheirHints() {
        Mfa mfa = builder()
                .provider(new CodeProvider(ProviderDescriptor.builder("last").after("middle").build()))
                .provider(new CodeProvider(ProviderDescriptor.builder("middle").build()))
                .provider(new CodeProvider(ProviderDescriptor.builder("first").before("middle").build()))
                .build();
        assertThat(mfa.providers()).extracting(ProviderDescriptor::id).containsExactly("first", "middle", "last");
        assertThatThrownBy(() -> builder()
                .provider(new CodeProvider(ProviderDescriptor.builder("a").before("b").build()))
                .provider(new CodeProvider(ProviderDescriptor.builder("b").before("a").build())).build())
                .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("cycle");
    }

    @Test
    void aFactoryThatThrowsOnCreateIsNamed() {
        MfaProviderFactory bad = new MfaProviderFactory() {
            @Override
            public ProviderDescriptor descriptor() {
                return ProviderDescriptor.builder("bad").build();
            }

            @Override
            public MfaProvider create(ProviderContext context) {
                throw new IllegalArgumentException("boom");
            }
        };
        assertThatThrownBy(() -> builder().provider(bad).build()).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("provider 'bad'").hasMessageContaining("failed to start");
    }
}
