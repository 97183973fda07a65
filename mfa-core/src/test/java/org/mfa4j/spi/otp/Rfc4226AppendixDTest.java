package org.mfa4j.spi.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.mfa4j.spi.SecretBytes;

/**
 * RFC 4226 Appendix D: for the secret {@code 12345678901234567890}, the HMAC-SHA-1 value, the truncated value
 * and the six-digit HOTP value of the counters 0 to 9, with a caller's {@code Mac} and with the thread's.
 */
class Rfc4226AppendixDTest {

    static final byte[] SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    private static final List<String> HMAC_SHA1 = List.of(
            "cc93cf18508d94934c64b65d8ba7667fb7cde4b0",
            "75a48a19d4cbe100644e8ac1397eea747a2d33ab",
            "0bacb7fa082fef30782211938bc1c5e70416ff44",
            "66c28227d03a2d5529262ff016a1e6ef76557ece",
            "a904c900a64b35909874b33e61c5938a8e15ed1c",
            "a37e783d7b7233c083d4f62926c7a25f238d0316",
            "bc9cd28561042c83f219324d3c607256c03272ae",
            "a4fb960c0bc06e1eabb804e5b397cdc4b45596fa",
            "1b3c89f65e6c9e883012052823443f048b4332db",
            "1637409809a679dc698207310c8c7fc07290d9e5");
    private static final List<Integer> TRUNCATED = List.of(1284755224, 1094287082, 137359152, 1726969429,
            1640338314, 868254676, 1918287922, 82162583, 673399871, 645520489);
    private static final List<String> HOTP = List.of("755224", "287082", "359152", "969429", "338314",
            "254676", "287922", "162583", "399871", "520489");

    @Test
    void theIntermediateAndFinalValuesWithTheCallersMac() throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA1"));
        for (int counter = 0; counter < HOTP.size(); counter++) {
            byte[] hmac = Hotp.hmac(mac, counter);
            assertThat(HexFormat.of().formatHex(hmac)).as("HMAC of counter %d", counter).isEqualTo(HMAC_SHA1.get(counter));
            assertThat(Hotp.truncate(hmac)).as("truncation of counter %d", counter).isEqualTo(TRUNCATED.get(counter));
            int code = Hotp.code(mac, counter, 6);
            assertThat(Hotp.format(code, 6)).as("HOTP of counter %d", counter).isEqualTo(HOTP.get(counter));
        }
    }

    @Test
    void theCodesWithTheThreadsMacAndASealedSecret() {
        SecretBytes key = SecretBytes.copyOf(SECRET);
        for (int counter = 0; counter < HOTP.size(); counter++) {
            int code = Hotp.code(HmacAlgorithm.SHA1, key, counter, 6);
            assertThat(Hotp.format(code, 6)).as("HOTP of counter %d", counter).isEqualTo(HOTP.get(counter));
            assertThat(Hotp.matches(HOTP.get(counter), code, 6)).isTrue();
            // Seven and eight digits are the same truncation, cut further to the left.
            assertThat(Hotp.code(HmacAlgorithm.SHA1, key, counter, 8)).isEqualTo(TRUNCATED.get(counter) % 100_000_000);
        }
    }
}
