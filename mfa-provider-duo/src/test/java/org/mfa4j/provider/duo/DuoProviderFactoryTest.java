package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.ProviderEvents;
import org.mfa4j.spi.Settings;

/**
 * The factory reads its settings from the core's {@link Settings}: each key, its default, and a message
 * that names the key (and its environment variable when it is missing), never the value.
 */
class DuoProviderFactoryTest {

    private record Context(Settings settings) implements ProviderContext {
        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public SecureRandom random() {
            return new SecureRandom();
        }

        @Override
        public ProviderEvents events() {
            return (userId, kind, attributes) -> { };
        }
    }

    static Map<String, String> required() {
        Map<String, String> m = new HashMap<>();
        m.put("client-id", "DIABCDEFGHIJ01234567");
        m.put("client-secret", DuoSettingsTest.SECRET);
        m.put("api-host", "api-1a2b3c4d.duosecurity.com");
        m.put("redirect-uri", "https://app.example.com/mfa/duo/callback");
        return m;
    }

    private static MfaProvider create(Consumer<Map<String, String>> change) {
        Map<String, String> m = required();
        change.accept(m);
        return new DuoProviderFactory().create(new Context(Settings.of("duo", m, name -> null)));
    }

    private static void refused(Consumer<Map<String, String>> change, String... inMessage) {
        assertThatThrownBy(() -> create(change)).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContainingAll(inMessage)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(DuoSettingsTest.SECRET, "bogus-value"));
    }

    @Test
    void theDescriptor() {
        ProviderDescriptor d = new DuoProviderFactory().descriptor();

        assertThat(d.id()).isEqualTo("duo").isEqualTo(DuoProviderFactory.ID);
        assertThat(d.title()).isEqualTo("Duo");
        assertThat(d.remoteCheck()).as("the code exchange runs outside the retry loop").isTrue();
        assertThat(d.soleFactor()).isFalse();
        assertThat(d.requiresOtherActive()).isFalse();
        assertThat(new DuoProviderFactory().descriptor(Settings.of("duo", Map.of("sole-factor", "true"), n -> null))
                .soleFactor()).isTrue();
        assertThat(new DuoProviderFactory().descriptor(Settings.of("duo", Map.of(), n -> null))).isEqualTo(d);
    }

    @Test
    void theDefaults() {
        String shown = create(m -> { }).toString();

        assertThat(shown).contains("failMode=CLOSED", "proxy=none", "caPins=SDK default", "connectTimeout=PT5S",
                "readTimeout=PT10S", "callTimeout=PT15S", "stateLifetime=PT5M");
        assertThat(shown).doesNotContain(DuoSettingsTest.SECRET);
    }

    @Test
    void everySetting() {
        String shown = create(m -> {
            m.put("fail-mode", "OPEN");
            m.put("proxy-host", "proxy.internal");
            m.put("proxy-port", "3128");
            m.put("ca-pins", DuoSettingsTest.PIN + ", " + "sha256/" + "B".repeat(43) + "=");
            m.put("connect-timeout", "2");
            m.put("read-timeout", "PT3S");
            m.put("call-timeout", "PT4S");
            m.put("state-lifetime", "PT10M");
            m.put("username", "account-label");
        }).toString();

        assertThat(shown).contains("failMode=OPEN", "proxy=proxy.internal:3128", "caPins=2 configured",
                "connectTimeout=PT2S", "readTimeout=PT3S", "callTimeout=PT4S", "stateLifetime=PT10M");
    }

    @ParameterizedTest
    @ValueSource(strings = {"client-id", "client-secret", "api-host", "redirect-uri"})
    void aMissingRequiredSettingIsNamedWithItsEnvironmentVariable(String key) {
        refused(m -> m.remove(key), "'" + key + "'", "MFA4J_DUO_" + key.toUpperCase().replace('-', '_'));
    }

    @Test
    void badValuesAreNamedButNotQuoted() {
        refused(m -> m.put("fail-mode", "bogus-value"), "'fail-mode'", "[closed, open]");
        refused(m -> m.put("username", "bogus-value"), "'username'", "[id, account-label]");
        refused(m -> m.put("state-lifetime", "PT31M"), "'state-lifetime'");
        refused(m -> m.put("state-lifetime", "bogus-value"), "'state-lifetime'");
        refused(m -> m.put("call-timeout", "PT3M"), "'call-timeout'");
        assertThatThrownBy(() -> new DuoProviderFactory().descriptor(Settings.of("duo",
                Map.of("sole-factor", "bogus-value"), name -> null))).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("'sole-factor'").satisfies(e -> assertThat(e.getMessage()).doesNotContain("bogus"));
        refused(m -> m.put("client-id", "bogus-value"), "'client-id'");
        refused(m -> m.put("ca-pins", "bogus-value"), "'ca-pins'");
        refused(m -> m.put("redirect-uri", "https://app.example.com/cb?next=bogus-value"), "'redirect-uri'");
    }

    @Test
    void aProxyNeedsBothHostAndPort() {
        refused(m -> m.put("proxy-host", "proxy.internal"), "'proxy-port'", "MFA4J_DUO_PROXY_PORT");
        refused(m -> m.put("proxy-port", "3128"), "'proxy-host'", "MFA4J_DUO_PROXY_HOST");
        refused(m -> {
            m.put("proxy-host", "proxy.internal");
            m.put("proxy-port", "70000");
        }, "'proxy-port'");
    }
}
