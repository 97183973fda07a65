package org.mfa4j.spi.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfa4j.spi.SecretBytes;

/**
 * RFC 6238 Appendix B: all 18 test values (8 digits, 30-second steps, SHA1/SHA256/SHA512 with the RFC's seeds),
 * as codes of the step and as what the window search accepts at the RFC's time.
 */
class Rfc6238AppendixBTest {

    static SecretBytes seed(HmacAlgorithm algorithm) {
        String seed = switch (algorithm) {
            case SHA1 -> "12345678901234567890";
            case SHA256 -> "12345678901234567890123456789012";
            case SHA512 -> "1234567890123456789012345678901234567890123456789012345678901234";
        };
        return SecretBytes.copyOf(seed.getBytes(StandardCharsets.US_ASCII));
    }

    @ParameterizedTest(name = "T={0} {3} -> {2}")
    @CsvSource({
            "59,          0000000000000001, 94287082, SHA1",
            "59,          0000000000000001, 46119246, SHA256",
            "59,          0000000000000001, 90693936, SHA512",
            "1111111109,  00000000023523EC, 07081804, SHA1",
            "1111111109,  00000000023523EC, 68084774, SHA256",
            "1111111109,  00000000023523EC, 25091201, SHA512",
            "1111111111,  00000000023523ED, 14050471, SHA1",
            "1111111111,  00000000023523ED, 67062674, SHA256",
            "1111111111,  00000000023523ED, 99943326, SHA512",
            "1234567890,  000000000273EF07, 89005924, SHA1",
            "1234567890,  000000000273EF07, 91819424, SHA256",
            "1234567890,  000000000273EF07, 93441116, SHA512",
            "2000000000,  0000000003F940AA, 69279037, SHA1",
            "2000000000,  0000000003F940AA, 90698825, SHA256",
            "2000000000,  0000000003F940AA, 38618901, SHA512",
            "20000000000, 0000000027BC86AA, 65353130, SHA1",
            "20000000000, 0000000027BC86AA, 77737706, SHA256",
            "20000000000, 0000000027BC86AA, 47863826, SHA512",
    })
    void testVector(long time, String stepHex, String totp, HmacAlgorithm algorithm) {
        Totp t = new Totp(algorithm, 8, 30, 0);
        Instant at = Instant.ofEpochSecond(time);
        SecretBytes key = seed(algorithm);
        long step = t.step(at);
        assertThat(step).isEqualTo(Long.parseLong(stepHex, 16));
        assertThat(Hotp.format(t.code(key, step), 8)).isEqualTo(totp);

        int typed = Hotp.parse(totp, 8).orElseThrow();
        Totp.Match m = t.match(key, typed, at, Totp.NO_STEP);
        assertThat(m).isEqualTo(new Totp.Match(Totp.Match.Kind.ACCEPTED, 0, step));
        assertThat(t.match(key, typed, at, step).kind()).as("the same step again").isEqualTo(Totp.Match.Kind.REPEATED);
        assertThat(t.match(key, typed, at.plusSeconds(30), Totp.NO_STEP).kind()).as("one step later, window 0")
                .isEqualTo(Totp.Match.Kind.NONE);
    }
}
