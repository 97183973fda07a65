package org.mfa4j.benchmarks.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's set-up and a few calls of each measured method, outside JMH, so {@code mvn verify} catches a
 * benchmark that measures the wrong path. No timing is asserted.
 */
class StarterTotpBenchmarkSmokeTest {

    @Test
    void eachTotpStepIsAcceptedOnceAndThePasswordPageNeedsNoFactor() {
        StarterTotpBenchmark.Session s = new StarterTotpBenchmark.Session();
        s.start();
        try {
            StarterTotpBenchmark b = new StarterTotpBenchmark();
            for (int i = 0; i < 3; i++) {
                assertThat(b.totpStep(s)).isEqualTo("ACCEPTED");
                assertThat(b.passwordPage(s)).isEqualTo("signed in");
            }
            // The step just accepted, posted again without moving the clock, is a replay: refused.
            String again = s.client.code();
            assertThatThrownBy(() -> s.client.verify(again)).hasMessageContaining("REJECTED");
        } finally {
            s.stop();
        }
    }
}
