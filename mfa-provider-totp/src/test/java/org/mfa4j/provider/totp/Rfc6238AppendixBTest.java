package org.mfa4j.provider.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.spi.otp.Base32;
import org.mfa4j.spi.otp.HmacAlgorithm;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/**
 * RFC 6238 Appendix B: all 18 test values (8 digits, 30-second steps, SHA1/SHA256/SHA512 with the RFC's
 * seeds), through the provider's public path: {@code Mfa.setup}, {@code activate} and {@code verify} with
 * the clock at the RFC's times.
 */
class Rfc6238AppendixBTest {

    @ParameterizedTest(name = "T={0} {2} -> {1}")
    @CsvSource({
            "59,          94287082, SHA1",
            "59,          46119246, SHA256",
            "59,          90693936, SHA512",
            "1111111109,  07081804, SHA1",
            "1111111109,  68084774, SHA256",
            "1111111109,  25091201, SHA512",
            "1111111111,  14050471, SHA1",
            "1111111111,  67062674, SHA256",
            "1111111111,  99943326, SHA512",
            "1234567890,  89005924, SHA1",
            "1234567890,  91819424, SHA256",
            "1234567890,  93441116, SHA512",
            "2000000000,  69279037, SHA1",
            "2000000000,  90698825, SHA256",
            "2000000000,  38618901, SHA512",
            "20000000000, 65353130, SHA1",
            "20000000000, 77737706, SHA256",
            "20000000000, 47863826, SHA512",
    })
    void testVector(long time, String totp, HmacAlgorithm algorithm) {
        Instant t = Instant.ofEpochSecond(time);
        byte[] seed = TotpTestKit.seed(algorithm);
        MutableClock clock = new MutableClock(t);
        Mfa mfa = TotpTestKit.mfa(clock, TotpTestKit.fixedSecret(seed),
                Map.of("algorithm", algorithm.name(), "digits", "8", "period", "30", "window", "0"),
                new RecordingListener());

        // The reference implementation agrees with the RFC, so it can vouch for the activation code below.
        String base32 = Base32.encode(seed);
        assertThat(TotpTestKit.reference(base32, algorithm, 8, 30, t)).isEqualTo(totp);

        // Activation with the RFC value at T.
        MfaUser activatedAtT = MfaUser.of("activated-at-t");
        mfa.setup(activatedAtT, TotpProviderFactory.ID, MfaSession.of("s")).view().orElseThrow();
        assertThat(mfa.activate(activatedAtT, TotpProviderFactory.ID, MfaInput.code(totp), MfaSession.of("s")).status())
                .isEqualTo(Status.ACCEPTED);

        // Verification with the RFC value at T, for a credential activated one step earlier.
        MfaUser verifiedAtT = MfaUser.of("verified-at-t");
        clock.set(t.minusSeconds(30));
        mfa.setup(verifiedAtT, TotpProviderFactory.ID, MfaSession.of("s")).view().orElseThrow();
        String earlier = TotpTestKit.reference(base32, algorithm, 8, 30, clock.instant());
        assertThat(mfa.activate(verifiedAtT, TotpProviderFactory.ID, MfaInput.code(earlier), MfaSession.of("s")).status())
                .isEqualTo(Status.ACCEPTED);
        clock.set(t);
        Result r = mfa.verify(verifiedAtT, TotpProviderFactory.ID, MfaInput.code(totp), MfaSession.of("s"));
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(r.details()).containsEntry(TotpProviderFactory.DETAIL_STEP_OFFSET, "0");

        // One digit off is refused.
        clock.set(t.plusSeconds(30));
        char last = totp.charAt(7);
        String off = totp.substring(0, 7) + (char) (last == '9' ? '0' : last + 1);
        assertThat(mfa.verify(verifiedAtT, TotpProviderFactory.ID, MfaInput.code(off), MfaSession.of("s")).status())
                .isEqualTo(Status.REJECTED);
    }
}
