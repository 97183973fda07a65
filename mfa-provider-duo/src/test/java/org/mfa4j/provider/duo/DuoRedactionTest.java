package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.provider.duo.DuoPeer.Callback;
import org.mfa4j.provider.duo.DuoSettings.FailMode;
import org.mfa4j.provider.duo.FakeDuo.HealthAnswer;
import org.mfa4j.testing.logging.LogCapture;

/**
 * No client secret, code, state or authorization URL in any log line (with its exception chain), reason,
 * exception message or {@code toString}, over successes and every kind of failure.
 */
@DuoPeerTest
class DuoRedactionTest {

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    private final DuoPeer peer = DuoPeer.get();
    private final List<String> secrets = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    @BeforeEach
    void theSecret() {
        secrets.add(peer.clientSecret);
    }

    private Callback prompt(DuoGateway gateway, String user) {
        DuoState state = gateway.newState();
        URI url = gateway.authorizationUrl(user, state);
        Callback callback = peer.browse(url);
        secrets.add(state.value());
        secrets.add(url.toString());
        secrets.add(url.getRawQuery());
        secrets.add(callback.code());
        texts.add(state.toString());
        return callback;
    }

    private void exchange(DuoGateway gateway, Callback callback, String user) {
        texts.add(gateway.exchange(callback.code(), user).toString());
    }

    @Test
    void secretsCodesAndStatesStayOutOfEveryText() {
        DuoGateway gateway = DuoPeer.gateway(peer.settings().failMode(FailMode.OPEN)
                .readTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofSeconds(1)));
        texts.add(gateway.toString());
        texts.add(gateway.settings().toString());
        texts.add(gateway.preflight().toString());

        Callback ok = prompt(gateway, "alice");
        exchange(gateway, ok, "alice");
        exchange(gateway, ok, "alice"); // used code: Duo's error answer quotes the request
        exchange(gateway, prompt(gateway, "alice"), "bob");
        peer.duo.idToken = c -> {
            c.put("auth_result", Map.of("result", "deny", "status", "deny", "status_msg", "Login denied"));
            return c;
        };
        exchange(gateway, prompt(gateway, "alice"), "alice");
        peer.duo.idToken = c -> {
            c.put("exp", 1);
            return c;
        };
        exchange(gateway, prompt(gateway, "alice"), "alice");
        peer.duo.tokenKey = "wrong".getBytes();
        exchange(gateway, prompt(gateway, "alice"), "alice");
        peer.duo.dropToken = true;
        exchange(gateway, prompt(gateway, "alice"), "alice");
        peer.duo.dropToken = false;
        peer.duo.delay = Duration.ofSeconds(5);
        peer.duo.delayToken = true;
        exchange(gateway, prompt(gateway, "alice"), "alice");
        for (HealthAnswer answer : HealthAnswer.values()) {
            peer.duo.health = answer;
            texts.add(gateway.preflight().toString());
        }
        texts.add(catchThrowable(() -> DuoSettings.builder().clientSecret(peer.clientSecret + "x")).getMessage());
        texts.add(catchThrowable(() -> DuoSettings.builder().clientSecret(peer.clientSecret.substring(1) + "_"))
                .getMessage());
        texts.addAll(logs.texts());

        assertThat(logs.messages()).as("the failures were logged").hasSizeGreaterThanOrEqualTo(6);
        assertThat(texts).hasSizeGreaterThan(20);
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
            assertThat(text).doesNotContain(peer.clientSecret.substring(0, 20)).doesNotContain("request=");
        }
    }
}
