package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfa4j.provider.duo.DuoPeer.Callback;
import org.mfa4j.provider.duo.ExchangeResult.Status;

/**
 * Every way the token endpoint's answer can be wrong, each sent by the fake Duo to the real SDK: each is
 * refused with its own status, and only a verified token saying {@code allow} is an ALLOW.
 */
@DuoPeerTest
class DuoRefusalTest {

    private final DuoPeer peer = DuoPeer.get();
    private DuoGateway gateway;

    @BeforeEach
    void gateway() {
        gateway = peer.gateway();
    }

    private ExchangeResult exchangeWith(UnaryOperator<Map<String, Object>> claims) {
        Callback callback = peer.prompt(gateway, "alice", gateway.newState());
        peer.duo.idToken = claims;
        return gateway.exchange(callback.code(), "alice");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static UnaryOperator<Map<String, Object>> put(String claim, Object value) {
        return c -> {
            c.put(claim, value);
            return c;
        };
    }

    private static UnaryOperator<Map<String, Object>> remove(String claim) {
        return c -> {
            c.remove(claim);
            return c;
        };
    }

    private static UnaryOperator<Map<String, Object>> authResult(String result, String status) {
        return put("auth_result", Map.of("result", result, "status", status, "status_msg", "from the test"));
    }

    @Test
    void aTokenForAnotherUserIsAUsernameMismatch() {
        ExchangeResult result = exchangeWith(put("preferred_username", "mallory"));

        assertThat(result.status()).isEqualTo(Status.USERNAME_MISMATCH);
        assertThat(peer.duo.tokenCalls).hasValue(1);
    }

    @Test
    void aCodeFromAliceExchangedForBobIsAUsernameMismatch() {
        Callback alice = peer.prompt(gateway, "alice", gateway.newState());

        assertThat(gateway.exchange(alice.code(), "bob").status()).isEqualTo(Status.USERNAME_MISMATCH);
    }

    @Test
    void denyDoesNotThrowInTheSdkAndIsADenial() {
        ExchangeResult result = exchangeWith(authResult("deny", "deny"));

        assertThat(result.status()).isEqualTo(Status.DENY);
        assertThat(result.reason()).contains("status 'deny'");
    }

    @Test
    void fraudIsADenial() {
        assertThat(exchangeWith(authResult("deny", "fraud")).status()).isEqualTo(Status.DENY);
    }

    @Test
    void anAllowStatusWithADenyResultIsADenial() {
        assertThat(exchangeWith(authResult("deny", "allow")).status()).isEqualTo(Status.DENY);
    }

    @Test
    void aTokenWithoutAuthResultIsInvalid() {
        assertThat(exchangeWith(remove("auth_result")).status()).isEqualTo(Status.INVALID_TOKEN);
    }

    /** Claims issued {@code issuedAgo} seconds ago that expired {@code expiredAgo} seconds ago. */
    static UnaryOperator<Map<String, Object>> expired(long issuedAgo, long expiredAgo) {
        long now = now();
        return c -> {
            c.put("iat", now - issuedAgo);
            c.put("auth_time", now - issuedAgo);
            c.put("exp", now - expiredAgo);
            return c;
        };
    }

    @Test
    void aTokenExpiredWithinDuosMinuteOfLeewayIsStillAccepted() {
        assertThat(exchangeWith(expired(300, 20)).status()).isEqualTo(Status.ALLOW);
    }

    @Test
    void aTokenExpiredTwoMinutesAgoIsAnExpiredToken() {
        ExchangeResult result = exchangeWith(expired(420, 120));

        assertThat(result.status()).isEqualTo(Status.EXPIRED_TOKEN);
        assertThat(result.reason()).contains("expired");
    }

    static Stream<Arguments> invalidTokens() {
        long now = now();
        return Stream.of(
                Arguments.of("issued ten minutes in the future", put("iat", now + 600), "'iat'"),
                Arguments.of("another audience", put("aud", "DIOTHERAPPLICATION01"), "'aud'"),
                Arguments.of("another issuer", put("iss", "https://api-other.duosecurity.com/oauth/v1/token"), "'iss'"),
                Arguments.of("no exp", remove("exp"), "exp"),
                Arguments.of("no iat", remove("iat"), "iat"),
                Arguments.of("no preferred_username", remove("preferred_username"), "'preferred_username'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void anInvalidTokenIsRefused(String name, UnaryOperator<Map<String, Object>> claims, String reason) {
        ExchangeResult result = exchangeWith(claims);

        assertThat(result.status()).isEqualTo(Status.INVALID_TOKEN);
        assertThat(result.reason()).contains(reason);
    }

    @Test
    void aTokenSignedWithAnotherSecretIsInvalid() {
        peer.duo.tokenKey = DuoPeer.alphanumerics(40).getBytes(StandardCharsets.US_ASCII);

        ExchangeResult result = exchangeWith(UnaryOperator.identity());

        assertThat(result.status()).isEqualTo(Status.INVALID_TOKEN);
        assertThat(result.reason()).contains("signature");
    }

    @Test
    void aTokenSignedWithHs256IsInvalid() {
        peer.duo.tokenAlgorithm = "HS256";

        ExchangeResult result = exchangeWith(UnaryOperator.identity());

        assertThat(result.status()).isEqualTo(Status.INVALID_TOKEN);
        assertThat(result.reason()).contains("HS512");
    }

    @Test
    void aForgedTokenForAnotherUserIsInvalidNotAMismatch() {
        peer.duo.tokenKey = DuoPeer.alphanumerics(40).getBytes(StandardCharsets.US_ASCII);

        assertThat(exchangeWith(put("preferred_username", "mallory")).status()).isEqualTo(Status.INVALID_TOKEN);
    }

    @Test
    void anUnknownCodeIsRefusedByDuo() {
        assertThat(gateway.exchange("0123456789abcdef0123456789abcdef01234567", "alice").status())
                .isEqualTo(Status.DUO_ERROR);
        assertThat(peer.duo.tokenCalls).hasValue(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "tab\tinside", "caf\u00e9"})
    void aMalformedCodeNeverReachesDuo(String code) {
        assertThat(gateway.exchange(code, "alice").status()).isEqualTo(Status.MALFORMED_CODE);
        assertThat(gateway.exchange("x".repeat(1025), "alice").status()).isEqualTo(Status.MALFORMED_CODE);
        assertThat(gateway.exchange(null, "alice").status()).isEqualTo(Status.MALFORMED_CODE);
        assertThat(peer.duo.tokenCalls).hasValue(0);
    }

    @Test
    void aUsernameTheGatewayCannotSendIsAProgrammingError() {
        for (String bad : new String[] {null, "", "  ", "line\nbreak", "x".repeat(1025)}) {
            assertThatThrownBy(() -> gateway.exchange("code", bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> gateway.authorizationUrl(bad, gateway.newState()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(peer.duo.tokenCalls).hasValue(0);
    }
}
