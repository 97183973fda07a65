package org.mfa4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaConfigurationException;

class SettingsTest {

    private static final Duration MIN = Duration.ofSeconds(15);
    private static final Duration MAX = Duration.ofSeconds(120);

    private static Settings of(Map<String, String> values, Map<String, String> env) {
        return Settings.of("totp", values, env::get);
    }

    @Test
    void explicitValuesWinOverTheEnvironment() {
        Settings s = of(Map.of("issuer", " ACME "), Map.of("MFA4J_TOTP_ISSUER", "env", "MFA4J_TOTP_PERIOD", "60",
                "MFA4J_TOTP_TOKEN_URL", "u"));
        assertThat(s.get("issuer")).contains("ACME");
        assertThat(s.getDuration("period", Duration.ofSeconds(30), MIN, MAX)).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.environmentName("token-url")).isEqualTo("MFA4J_TOTP_TOKEN_URL");
        assertThat(s.environmentName("token.url")).isEqualTo("MFA4J_TOTP_TOKEN_URL");
        assertThat(s.get("token-url")).contains("u");
        assertThat(s.keys()).containsExactly("issuer");
        assertThat(s.toString()).contains("issuer").doesNotContain("ACME");
        assertThat(Settings.of("x", Map.of()).get("surely-not-set-anywhere")).isEmpty();
    }

    @Test
    void typedGettersValidateAndNameTheSettingNotTheValue() {
        Settings s = of(Map.of("digits", "9", "bad", "x1", "window", "1", "blank", "  ", "on", "YES", "off", "0",
                "period", "PT45S", "huge", "PT1H", "word", "maybe"), Map.of());
        assertThat(s.getInt("window", 1, 0, 3)).isEqualTo(1);
        assertThat(s.getInt("missing", 7, 0, 10)).isEqualTo(7);
        assertThat(s.getInt("blank", 7, 0, 10)).as("blank is unset").isEqualTo(7);
        assertThatThrownBy(() -> s.getInt("digits", 6, 6, 8)).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("'digits'").hasMessageContaining("between 6 and 8");
        assertThatThrownBy(() -> s.getInt("bad", 6, 6, 8)).hasMessageContaining("an integer").hasMessageNotContaining("x1");
        assertThat(s.getInt("digits", 6, 9, 9)).isEqualTo(9);
        assertThat(s.getDuration("period", Duration.ofSeconds(30), MIN, MAX)).isEqualTo(Duration.ofSeconds(45));
        assertThat(s.getDuration("missing", Duration.ofSeconds(30), MIN, MAX)).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> s.getDuration("huge", Duration.ofSeconds(30), MIN, MAX)).hasMessageContaining("between");
        assertThatThrownBy(() -> s.getDuration("word", Duration.ofSeconds(30), MIN, MAX)).hasMessageContaining("PT30S");
        assertThat(s.getDuration("digits", Duration.ofSeconds(30), Duration.ZERO, MAX)).isEqualTo(Duration.ofSeconds(9));
        assertThat(s.getBoolean("on", false)).isTrue();
        assertThat(s.getBoolean("off", true)).isFalse();
        assertThat(s.getBoolean("missing", true)).isTrue();
        assertThatThrownBy(() -> s.getBoolean("word", true)).hasMessageContaining("true or false");
        assertThat(s.get("missing", "d")).isEqualTo("d");
        assertThat(s.require("window")).isEqualTo("1");
        assertThatThrownBy(() -> s.require("missing")).hasMessageContaining("MFA4J_TOTP_MISSING");
    }
}
