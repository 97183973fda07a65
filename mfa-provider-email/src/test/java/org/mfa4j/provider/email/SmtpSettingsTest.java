package org.mfa4j.provider.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {

    private static SmtpSettings.Builder minimal() {
        return SmtpSettings.builder().host("smtp.example.org").from("no-reply@example.org");
    }

    @Test
    void theDefaultsAreStartTlsRequiredOnTheSubmissionPortWithTheJvmsTrustAndShortTimeouts() {
        SmtpSettings s = minimal().build();

        assertThat(s.security()).isEqualTo(SmtpSettings.Security.STARTTLS);
        assertThat(s.port()).isEqualTo(587);
        assertThat(s.trustStore()).isEmpty();
        assertThat(s.authenticates()).isFalse();
        assertThat(s.username()).isEmpty();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.ehloName()).isEmpty();
    }

    @Test
    void implicitTlsDefaultsToPort465AndAnExplicitPortWins() {
        assertThat(minimal().security(SmtpSettings.Security.IMPLICIT_TLS).build().port()).isEqualTo(465);
        assertThat(minimal().security(SmtpSettings.Security.IMPLICIT_TLS).port(2465).build().port()).isEqualTo(2465);
    }

    @Test
    void plainTextIsRefusedUnlessExplicitlyAllowed() {
        assertThatThrownBy(() -> minimal().security(SmtpSettings.Security.NONE).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allowPlainText()");
        assertThat(minimal().security(SmtpSettings.Security.NONE).allowPlainText().build().security())
                .isEqualTo(SmtpSettings.Security.NONE);
    }

    @Test
    void hostAndSenderAreRequired() {
        assertThatThrownBy(() -> SmtpSettings.builder().from("a@example.org").build())
                .hasMessageContaining("host(...)");
        assertThatThrownBy(() -> SmtpSettings.builder().host("smtp.example.org").build())
                .hasMessageContaining("from(...)");
    }

    @Test
    void theSenderMayHaveADisplayNameButMustBeOneValidAddress() {
        assertThat(minimal().from("ACME <no-reply@acme.example>").build().from().getPersonal()).isEqualTo("ACME");
        assertThatThrownBy(() -> minimal().from("a@example.org, b@example.org"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> minimal().from("not an address")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not an address");
    }

    @Test
    void toStringNamesTheServerAndUserButNeverThePassword() {
        SmtpSettings s = minimal().credentials("mailer", "hunter2-but-longer".toCharArray()).build();

        assertThat(s.toString()).contains("smtp.example.org", "587", "STARTTLS", "mailer")
                .doesNotContain("hunter2");
        assertThat(s.authenticates()).isTrue();
    }

    @Test
    void thePasswordIsCopiedSoTheCallerMayWipeItsArray() {
        char[] password = "hunter2-but-longer".toCharArray();
        SmtpSettings s = minimal().credentials("mailer", password).build();
        java.util.Arrays.fill(password, '\0');

        assertThat(s.password()).isEqualTo("hunter2-but-longer");
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheSettingsName() {
        assertThatThrownBy(() -> minimal().port(0)).hasMessageContaining("port");
        assertThatThrownBy(() -> minimal().connectTimeout(Duration.ZERO)).hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> minimal().readTimeout(Duration.ofMillis(-1))).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> minimal().host("smtp.example.org\r\nRCPT TO:<x@y>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> minimal().credentials("", "x".toCharArray())).hasMessageContaining("username");
        assertThatThrownBy(() -> minimal().credentials("u", new char[0])).hasMessageContaining("password");
        assertThatThrownBy(() -> minimal().ehloName("two words")).hasMessageContaining("EHLO");
    }
}
