package org.mfa4j.spi.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.otp.Totp.Match;

/** {@link Totp#match}: every step of the window, the replay guard and refusals; and the parameters' ranges. */
class TotpTest {

    private static final SecretBytes KEY = SecretBytes.copyOf(Rfc4226AppendixDTest.SECRET);
    private static final Totp TOTP = new Totp(HmacAlgorithm.SHA1, 6, 30, 2);
    private static final long NOW = 56_666_666L;
    private static final Instant AT = Instant.ofEpochSecond(NOW * 30 + 29);

    private static int code(long step) {
        return TOTP.code(KEY, step);
    }

    private static Match match(int typed, long lastAccepted) {
        return TOTP.match(KEY, typed, AT, lastAccepted);
    }

    @Test
    void stepsAreWholePeriodsSinceTheEpoch() {
        assertThat(TOTP.step(Instant.EPOCH)).isZero();
        assertThat(TOTP.step(Instant.ofEpochSecond(29))).isZero();
        assertThat(TOTP.step(Instant.ofEpochSecond(30))).isEqualTo(1);
        assertThat(TOTP.step(Instant.ofEpochSecond(-1))).isEqualTo(-1);
        assertThat(TOTP.step(AT)).isEqualTo(NOW);
    }

    @Test
    void everyStepOfTheWindowIsAcceptedWithItsOffset() {
        for (int offset = -2; offset <= 2; offset++) {
            assertThat(match(code(NOW + offset), Totp.NO_STEP)).as("offset %d", offset)
                    .isEqualTo(new Match(Match.Kind.ACCEPTED, offset, NOW + offset));
        }
    }

    @Test
    void stepsUpToTheLastAcceptedOneAreReplaysAndLaterOnesStillCount() {
        for (int offset = -2; offset < 0; offset++) {
            assertThat(match(code(NOW + offset), NOW).kind()).as("offset %d", offset).isEqualTo(Match.Kind.REPLAYED);
        }
        assertThat(match(code(NOW), NOW).kind()).as("the step accepted last, again").isEqualTo(Match.Kind.REPEATED);
        assertThat(match(code(NOW + 1), NOW).step()).isEqualTo(NOW + 1);
        assertThat(match(code(NOW + 2), NOW + 1).step()).isEqualTo(NOW + 2);
        assertThat(match(code(NOW - 1), NOW - 2).kind()).isEqualTo(Match.Kind.ACCEPTED);
    }

    @Test
    void codesOutsideTheWindowAreRefusedAsWrong() {
        for (long step : new long[] {NOW - 3, NOW + 3, NOW + 100}) {
            int c = code(step);
            boolean inWindow = false;
            for (long s = NOW - 2; s <= NOW + 2; s++) {
                inWindow |= code(s) == c;
            }
            if (!inWindow) {
                assertThat(match(c, Totp.NO_STEP)).isEqualTo(new Match(Match.Kind.NONE, 0, Totp.NO_STEP));
            }
        }
    }

    @Test
    void noStepBeforeTheEpochIsAccepted() {
        Instant early = Instant.ofEpochSecond(15);
        for (long s = 0; s <= 2; s++) {
            assertThat(TOTP.match(KEY, code(s), early, Totp.NO_STEP).step()).isEqualTo(s);
        }
        // RFC 4226 counter 0 is 755224; at step 0 the steps -2 and -1 of the window are skipped, not wrapped.
        assertThat(TOTP.match(KEY, 755_224, early, 0).kind()).isEqualTo(Match.Kind.REPEATED);
    }

    @Test
    void aTypedValueThatIsNoCodeOfTheLengthIsAProgrammingError() {
        assertThatThrownBy(() -> match(1_000_000, Totp.NO_STEP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Hotp.parse").hasMessageNotContaining("1000000");
        assertThatThrownBy(() -> match(-1, Totp.NO_STEP)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parametersAreChecked() {
        assertThat(new Totp(HmacAlgorithm.SHA512, 8, 3_600, Totp.MAX_WINDOW).window()).isEqualTo(10);
        assertThat(new Totp(HmacAlgorithm.SHA256, 6, 1, 0).periodSeconds()).isEqualTo(1);
        assertThatThrownBy(() -> new Totp(null, 6, 30, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Totp(HmacAlgorithm.SHA1, 9, 30, 1)).hasMessage("a one-time code has 6 to 8 digits");
        assertThatThrownBy(() -> new Totp(HmacAlgorithm.SHA1, 6, 0, 1)).hasMessageContaining("period");
        assertThatThrownBy(() -> new Totp(HmacAlgorithm.SHA1, 6, 3_601, 1)).hasMessageContaining("period");
        assertThatThrownBy(() -> new Totp(HmacAlgorithm.SHA1, 6, 30, -1)).hasMessageContaining("window");
        assertThatThrownBy(() -> new Totp(HmacAlgorithm.SHA1, 6, 30, 11)).hasMessageContaining("window");
        assertThatThrownBy(() -> new Match(null, 0, 0)).isInstanceOf(NullPointerException.class);
    }
}
