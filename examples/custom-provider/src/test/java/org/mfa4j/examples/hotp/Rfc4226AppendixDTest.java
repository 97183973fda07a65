package org.mfa4j.examples.hotp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.spi.FailureReason;

/**
 * RFC 4226 Appendix D: the six-digit HOTP values of the counters 0 to 9 for the secret
 * {@code 12345678901234567890}, through the provider's public path, each accepted once and in order. (The
 * HMAC and truncated values of the appendix are the core's {@code org.mfa4j.spi.otp} tests.)
 */
class Rfc4226AppendixDTest {

    private static final List<String> HOTP = List.of("755224", "287082", "359152", "969429", "338314",
            "254676", "287922", "162583", "399871", "520489");

    private final HotpFixture f = new HotpFixture();

    @Test
    void theProviderAcceptsTheTenValuesInOrderEachOnce() {
        f.activateWith(HOTP.get(0));
        for (int counter = 1; counter < HOTP.size(); counter++) {
            Result r = f.verify(HOTP.get(counter), "login-" + counter);
            assertThat(r.status()).as("counter %d", counter).isEqualTo(Status.ACCEPTED);
            assertThat(r.details()).containsEntry(HotpProviderFactory.DETAIL_SKIPPED, "0");
            Result again = f.verify(HOTP.get(counter), "other-" + counter);
            assertThat(again.status()).as("counter %d again", counter).isEqualTo(Status.REJECTED);
            assertThat(again.reason()).contains(FailureReason.REPLAY);
            assertThat(f.verify(HOTP.get(counter), "login-" + counter).reason()).contains(FailureReason.REPLAY);
        }
    }

    @Test
    void aTokenThatRanAheadIsAcceptedWithinTheLookAheadOfThree() {
        f.activateWith(HOTP.get(0));
        Result ahead = f.verify(HOTP.get(4), "s1");
        assertThat(ahead.status()).as("counter 4 while 1 is expected").isEqualTo(Status.ACCEPTED);
        assertThat(ahead.details()).containsEntry(HotpProviderFactory.DETAIL_SKIPPED, "3");
        assertThat(f.verify(HOTP.get(2), "s2").reason()).as("a skipped counter is used up")
                .contains(FailureReason.WRONG_CODE);
        assertThat(f.verify(HOTP.get(9), "s3").reason()).as("counter 9 while 5 is expected: beyond the window")
                .contains(FailureReason.WRONG_CODE);
        assertThat(f.verify(HOTP.get(8), "s4").status()).as("counter 8: the window's last").isEqualTo(Status.ACCEPTED);
        assertThat(f.verify(HOTP.get(9), "s5").status()).isEqualTo(Status.ACCEPTED);
    }
}
