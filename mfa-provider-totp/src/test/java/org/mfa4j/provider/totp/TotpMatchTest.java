package org.mfa4j.provider.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.mfa4j.spi.SecretBytes;

/** {@link Totp#match} on its own: every step of the window, the replay guard, and refusals. */
class TotpMatchTest {

    private static final byte[] KEY = "12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final long NOW = 56_666_666L;

    private static int code(long step) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(KEY, "HmacSHA1"));
        return Totp.code(mac, step, 6, new byte[8], new byte[20]);
    }

    private static Totp.Match match(int typed, long lastAccepted) {
        return Totp.match(HmacAlgorithm.SHA1, SecretBytes.copyOf(KEY), typed, 6, NOW, 2, lastAccepted);
    }

    @Test
    void everyStepOfTheWindowIsAcceptedWithItsOffset() throws GeneralSecurityException {
        for (int offset = -2; offset <= 2; offset++) {
            Totp.Match m = match(code(NOW + offset), Totp.NO_STEP);
            assertThat(m.kind()).as("offset %d", offset).isEqualTo(Totp.Match.Kind.ACCEPTED);
            assertThat(m.offset()).isEqualTo(offset);
            assertThat(m.step()).isEqualTo(NOW + offset);
        }
    }

    @Test
    void stepsUpToTheLastAcceptedOneAreReplaysAndLaterOnesStillCount() throws GeneralSecurityException {
        for (int offset = -2; offset < 0; offset++) {
            assertThat(match(code(NOW + offset), NOW).kind()).as("offset %d", offset)
                    .isEqualTo(Totp.Match.Kind.REPLAYED);
        }
        assertThat(match(code(NOW), NOW).kind()).as("the step accepted last, again").isEqualTo(Totp.Match.Kind.REPEATED);
        assertThat(match(code(NOW + 1), NOW).step()).isEqualTo(NOW + 1);
        assertThat(match(code(NOW + 2), NOW + 1).step()).isEqualTo(NOW + 2);
        assertThat(match(code(NOW - 1), NOW - 2).kind()).isEqualTo(Totp.Match.Kind.ACCEPTED);
    }

    @Test
    void codesOutsideTheWindowAreRefusedAsWrong() throws GeneralSecurityException {
        for (long step : new long[] {NOW - 3, NOW + 3, NOW + 100}) {
            int c = code(step);
            boolean inWindow = false;
            for (long s = NOW - 2; s <= NOW + 2; s++) {
                inWindow |= code(s) == c;
            }
            if (!inWindow) {
                Totp.Match m = match(c, Totp.NO_STEP);
                assertThat(m.kind()).isEqualTo(Totp.Match.Kind.NONE);
                assertThat(m.step()).isEqualTo(Totp.NO_STEP);
            }
        }
    }

    /** A thread's Mac keeps the last secret: another secret re-keys it, the same one (any instance) does not. */
    @Test
    void aThreadsMacFollowsTheSecretItIsGiven() throws GeneralSecurityException {
        byte[] otherKey = "abcdefghijabcdefghij".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Mac oracle = Mac.getInstance("HmacSHA1");
        oracle.init(new SecretKeySpec(otherKey, "HmacSHA1"));
        int other = Totp.code(oracle, NOW, 6, new byte[8], new byte[20]);
        int mine = code(NOW);
        for (int i = 0; i < 3; i++) {
            SecretBytes again = SecretBytes.copyOf(KEY);
            assertThat(Totp.match(HmacAlgorithm.SHA1, again, mine, 6, NOW, 0, Totp.NO_STEP).kind())
                    .isEqualTo(Totp.Match.Kind.ACCEPTED);
            assertThat(Totp.match(HmacAlgorithm.SHA1, again, other, 6, NOW, 0, Totp.NO_STEP).kind())
                    .as("another secret's code")
                    .isEqualTo(other == mine ? Totp.Match.Kind.ACCEPTED : Totp.Match.Kind.NONE);
            SecretBytes o = SecretBytes.copyOf(otherKey);
            assertThat(Totp.match(HmacAlgorithm.SHA1, o, other, 6, NOW, 0, Totp.NO_STEP).kind())
                    .isEqualTo(Totp.Match.Kind.ACCEPTED);
            assertThat(Totp.match(HmacAlgorithm.SHA1, o, other, 6, NOW, 0, Totp.NO_STEP).kind())
                    .as("same instance again").isEqualTo(Totp.Match.Kind.ACCEPTED);
        }
    }

    @Test
    void theRfc4226TruncationIsKept() throws GeneralSecurityException {
        // RFC 4226 Appendix D, counters 0 and 9.
        assertThat(code(0)).isEqualTo(755_224);
        assertThat(code(9)).isEqualTo(520_489);
        assertThat(Totp.value("000042".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isEqualTo(42);
    }
}
