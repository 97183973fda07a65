package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mfa4j.provider.duo.DuoSettings.FailMode;
import org.mfa4j.provider.duo.FakeDuo.HealthAnswer;
import org.mfa4j.provider.duo.Preflight.Decision;
import org.mfa4j.testing.logging.LogCapture;

/**
 * Duo's health check, answered badly in every way the fake can, through the real SDK: always DOWN (the
 * SDK's own NullPointerException for a non-2xx answer included), refused in fail mode CLOSED, let through
 * and reported in fail mode OPEN.
 */
@DuoPeerTest
class DuoFailModeTest {

    @RegisterExtension
    final LogCapture logs = new LogCapture("org.mfa4j.provider.duo");

    private final DuoPeer peer = DuoPeer.get();

    @BeforeEach
    void slowAnswersTakeTenSeconds() {
        peer.duo.delay = Duration.ofSeconds(10);
    }

    private DuoGateway gateway(FailMode mode) {
        return DuoPeer.gateway(peer.settings().failMode(mode)
                .readTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofSeconds(1)));
    }

    @Test
    void aHealthyDuoIsPromptedInBothModes() {
        assertThat(gateway(FailMode.CLOSED).preflight().decision()).isEqualTo(Decision.PROMPT);
        assertThat(gateway(FailMode.OPEN).preflight().decision()).isEqualTo(Decision.PROMPT);
        assertThat(peer.duo.healthCalls).hasValue(2);
        assertThat(peer.duo.problems()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = HealthAnswer.class, names = "OK", mode = EnumSource.Mode.EXCLUDE)
    void aFailingHealthCheckIsDownRefusedWhenClosedAndLetThroughWhenOpen(HealthAnswer answer) {
        peer.duo.health = answer;

        Health health = gateway(FailMode.CLOSED).health();
        Preflight closed = gateway(FailMode.CLOSED).preflight();
        Preflight open = gateway(FailMode.OPEN).preflight();

        assertThat(health.status()).isEqualTo(Health.Status.DOWN);
        assertThat(closed.decision()).as("fail mode CLOSED").isEqualTo(Decision.REFUSED_DUO_DOWN);
        assertThat(closed.health().isUp()).isFalse();
        assertThat(open.decision()).as("fail mode OPEN").isEqualTo(Decision.ALLOWED_FAIL_OPEN);
        assertThat(peer.duo.healthCalls).hasValue(3);
    }

    @Test
    void theSdksNullPointerExceptionOnAnErrorStatusIsCaughtAsDown() {
        peer.duo.health = HealthAnswer.HTTP_503;

        assertThat(gateway(FailMode.CLOSED).health().reason()).contains("NullPointerException");
    }

    @Test
    void statFailIsDown() {
        peer.duo.health = HealthAnswer.STAT_FAIL;

        assertThat(gateway(FailMode.CLOSED).health().reason()).isEqualTo("Duo answered stat FAIL");
    }

    @Test
    void aHealthCheckThatDoesNotAnswerIsDownWithinTheTimeouts() {
        peer.duo.health = HealthAnswer.DELAYED;
        DuoGateway gateway = gateway(FailMode.CLOSED);

        long started = System.nanoTime();
        Health health = gateway.health();

        assertThat(health.reason()).startsWith("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anUnreachableDuoIsDownAndClosedRefuses() {
        DuoGateway gateway = DuoPeer.gateway(peer.settings().proxy("127.0.0.1", DuoPeer.closedPort()));

        Preflight preflight = gateway.preflight();

        assertThat(preflight.decision()).isEqualTo(Decision.REFUSED_DUO_DOWN);
        assertThat(preflight.health().reason()).startsWith("no connection");
    }

    @Test
    void everyFailOpenPassIsItsOwnOutcomeAndLogLine() {
        peer.duo.health = HealthAnswer.STAT_FAIL;
        DuoGateway gateway = gateway(FailMode.OPEN);

        for (int i = 0; i < 3; i++) {
            assertThat(gateway.preflight().decision()).isEqualTo(Decision.ALLOWED_FAIL_OPEN);
        }

        assertThat(logs.messages()).filteredOn(m -> m.contains("fail mode is OPEN")).hasSize(3);
        assertThat(peer.duo.healthCalls).as("one health check per preflight, none cached").hasValue(3);
    }
}
