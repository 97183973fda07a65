package org.mfa4j.provider.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/**
 * RFC 4226 Appendix D: the ten HOTP values of the seed {@code 12345678901234567890} (SHA1, 6 digits) for
 * counters 0 to 9, through the provider's public path. TOTP is HOTP with the time step as counter, so
 * with 30-second steps counter {@code c} is the clock at {@code 30 c} seconds past the epoch.
 */
class Rfc4226AppendixDTest {

    private static final List<String> HOTP = List.of("755224", "287082", "359152", "969429", "338314",
            "254676", "287922", "162583", "399871", "520489");

    private final MutableClock clock = new MutableClock(Instant.EPOCH);
    private final MfaUser user = MfaUser.of("rfc4226");

    /** An {@code Mfa} with the RFC seed, 6 digits, SHA1, window 0, activated with the value of counter 0. */
    private Mfa activatedWithCounterZero() {
        Mfa mfa = TotpTestKit.mfa(clock, TotpTestKit.fixedSecret(TotpTestKit.SEED_SHA1),
                Map.of("window", "0"), new RecordingListener());
        mfa.setup(user, TotpProviderFactory.ID, MfaSession.of("s")).view().orElseThrow();
        assertThat(mfa.activate(user, TotpProviderFactory.ID, MfaInput.code(HOTP.get(0)), MfaSession.of("s")).status())
                .as("counter 0").isEqualTo(Status.ACCEPTED);
        return mfa;
    }

    @Test
    void allTenCountersThroughActivateAndVerify() {
        Mfa mfa = activatedWithCounterZero();
        for (int counter = 1; counter < HOTP.size(); counter++) {
            clock.set(Instant.ofEpochSecond(30L * counter + 7));
            Result r = mfa.verify(user, TotpProviderFactory.ID, MfaInput.code(HOTP.get(counter)), MfaSession.of("s"));
            assertThat(r.status()).as("counter %d", counter).isEqualTo(Status.ACCEPTED);
            assertThat(r.details()).containsEntry(TotpProviderFactory.DETAIL_STEP_OFFSET, "0");
        }
    }

    @Test
    void eachValueBelongsToItsCounterOnly() {
        Mfa mfa = activatedWithCounterZero();
        // At counter 5, the value of counter 6 is wrong with a window of 0.
        clock.set(Instant.ofEpochSecond(30L * 5));
        assertThat(mfa.verify(user, TotpProviderFactory.ID, MfaInput.code(HOTP.get(6)), MfaSession.of("s")).status())
                .isEqualTo(Status.REJECTED);
        assertThat(mfa.verify(user, TotpProviderFactory.ID, MfaInput.code(HOTP.get(5)), MfaSession.of("s")).status())
                .isEqualTo(Status.ACCEPTED);
    }
}
