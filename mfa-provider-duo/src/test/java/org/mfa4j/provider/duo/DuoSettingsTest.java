package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.provider.duo.DuoSettings.FailMode;

/** Every setting checked when the settings are built, with a message that names it and never its value. */
class DuoSettingsTest {

    static final String SECRET = "S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tAbCd";
    static final String PIN = "sha256/" + "A".repeat(43) + "=";

    static DuoSettings.Builder valid() {
        return DuoSettings.builder()
                .clientId("DIABCDEFGHIJ01234567")
                .clientSecret(SECRET)
                .apiHost("api-1a2b3c4d.duosecurity.com")
                .redirectUri("https://app.example.com/mfa/duo/callback");
    }

    private static void refused(UnaryOperator<DuoSettings.Builder> change, String setting) {
        assertThatThrownBy(() -> change.apply(valid()).build())
                .isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("'" + setting + "'");
    }

    @Test
    void defaults() {
        DuoSettings settings = valid().build();

        assertThat(settings.failMode()).isEqualTo(FailMode.CLOSED);
        assertThat(settings.proxyHost()).isEmpty();
        assertThat(settings.proxyPort()).isEmpty();
        assertThat(settings.caPins()).isEmpty();
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.clientId()).isEqualTo("DIABCDEFGHIJ01234567");
        assertThat(settings.apiHost()).isEqualTo("api-1a2b3c4d.duosecurity.com");
        assertThat(settings.redirectUri()).hasToString("https://app.example.com/mfa/duo/callback");
        assertThat(settings.clientSecret().equalsBytes(SECRET.getBytes())).isTrue();
    }

    @Test
    void everythingSet() {
        DuoSettings settings = valid().failMode(FailMode.OPEN).proxy("proxy.internal", 3128).caPins(List.of(PIN))
                .connectTimeout(Duration.ofMillis(10)).readTimeout(Duration.ofMinutes(2))
                .callTimeout(Duration.ofSeconds(30)).redirectUri("https://app.example.com:8443/duo").build();

        assertThat(settings.failMode()).isEqualTo(FailMode.OPEN);
        assertThat(settings.proxyHost()).contains("proxy.internal");
        assertThat(settings.proxyPort()).contains(3128);
        assertThat(settings.caPins()).containsExactly(PIN);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(settings.redirectUri().getPort()).isEqualTo(8443);
    }

    @Test
    void requiredSettings() {
        assertThatThrownBy(() -> DuoSettings.builder().build()).hasMessageContaining("'client-id' is required");
        refused(b -> b.clientId(null), "client-id");
        refused(b -> b.clientId(" "), "client-id");
        refused(b -> b.apiHost(null), "api-host");
        refused(b -> b.redirectUri(null), "redirect-uri");
        assertThatThrownBy(() -> DuoSettings.builder().clientId("DIABCDEFGHIJ01234567").apiHost("a.b")
                .redirectUri("https://a.b/c").build()).hasMessageContaining("'client-secret' is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DIABCDEFGHIJ0123456", "DIABCDEFGHIJ012345678", "SIABCDEFGHIJ01234567",
        "XXABCDEFGHIJ01234567", "DIABCDEFGHIJ0123456_", "DIABCDEFGHIJ0123456^", "DIABCDEFGHIJ0123456\u00e9",
        "diabcdefghij01234567"})
    void clientIdIs20AlphanumericsStartingWithDi(String id) {
        // The SDK's own check accepts SI and, through its [a-zA-z0-9] class, _ and ^ as well.
        refused(b -> b.clientId(id), "client-id");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 39, 41})
    void clientSecretIs40Alphanumerics(int length) {
        String secret = "Q".repeat(length);
        assertThatThrownBy(() -> valid().clientSecret(secret)).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("'client-secret'").hasMessageNotContaining(length == 0 ? "\u0000" : secret);
    }

    @Test
    void aClientSecretWithOtherCharactersIsRefusedWithoutQuotingIt() {
        String secret = SECRET.substring(0, 39) + "_";
        assertThatThrownBy(() -> valid().clientSecret(secret)).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("'client-secret'").hasMessageNotContaining(secret)
                .hasMessageNotContaining(SECRET.substring(0, 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-1a2b3c4d.duosecurity.com:443", "https://api-1a2b3c4d.duosecurity.com",
        "api-1a2b3c4d.duosecurity.com/path", "api..duosecurity.com", "api-1a2b3c4d.duosecurity.com.",
        "-api.duosecurity.com", "api_1.duosecurity.com", "[::1]", "api duo.com"})
    void apiHostIsAHostNameWithoutPort(String host) {
        refused(b -> b.apiHost(host), "api-host");
    }

    @Test
    void apiHostIsLowerCased() {
        assertThat(valid().apiHost("API-1A2B3C4D.DuoSecurity.com").build().apiHost())
                .isEqualTo("api-1a2b3c4d.duosecurity.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example.com/cb", "https://app.example.com/cb?x=1", "https://app.example.com/cb&x=1",
        "https://app.example.com/cb#frag", "https://app.example.com/a%20b", "https://user@app.example.com/cb",
        "https:///cb", "/mfa/duo/callback", "https://app.example.com/a b", "https://app.example.com/a+b",
        "https://app.example.com:notaport/cb", "ftp://app.example.com/cb"})
    void redirectUriIsHttpsWithNothingTheSdkWouldNotEncode(String uri) {
        refused(b -> b.redirectUri(uri), "redirect-uri");
    }

    @Test
    void proxyHostAndPort() {
        assertThat(valid().proxy("127.0.0.1", 1).build().proxyPort()).contains(1);
        assertThat(valid().proxy("::1", 65535).build().proxyHost()).contains("::1");
        refused(b -> b.proxy("proxy.internal", 0), "proxy-port");
        refused(b -> b.proxy("proxy.internal", 65536), "proxy-port");
        refused(b -> b.proxy("http://proxy.internal", 3128), "proxy-host");
        refused(b -> b.proxy("proxy.internal:3128", 3128), "proxy-host");
        refused(b -> b.proxy("", 3128), "proxy-host");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha1/AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "sha256/short=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "-----BEGIN CERTIFICATE-----"})
    void pinsAreOkHttpSha256Pins(String pin) {
        refused(b -> b.caPins(List.of(pin)), "ca-pins");
        refused(b -> b.caPins(List.of(PIN, pin)), "ca-pins");
    }

    @Test
    void timeoutsAreBetweenTenMillisecondsAndTwoMinutes() {
        for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), Duration.ofMillis(9),
            Duration.ofMinutes(2).plusNanos(1)}) {
            refused(b -> b.connectTimeout(bad), "connect-timeout");
            refused(b -> b.readTimeout(bad), "read-timeout");
            refused(b -> b.callTimeout(bad), "call-timeout");
        }
        assertThat(valid().callTimeout(Duration.ofMinutes(2)).build().callTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void toStringNamesEverythingButTheSecret() {
        DuoSettings settings = valid().proxy("proxy.internal", 3128).build();

        assertThat(settings.toString()).contains("DIABCDEFGHIJ01234567", "api-1a2b3c4d.duosecurity.com",
                "https://app.example.com/mfa/duo/callback", "CLOSED", "proxy.internal:3128")
                .doesNotContain(SECRET).doesNotContainIgnoringCase("secret");
        assertThat(valid().toString()).doesNotContain(SECRET);
    }

    @Test
    void theHeldSecretIsTheOneGiven() {
        DuoSettings settings = valid().build();

        assertThat(settings.clientSecret().equalsBytes(SECRET.getBytes())).isTrue();
        assertThat(settings.clientSecret().toString()).doesNotContain(SECRET);
    }
}
