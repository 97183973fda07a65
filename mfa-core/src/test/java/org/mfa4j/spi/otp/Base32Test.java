package org.mfa4j.spi.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Base32 beyond the RFC vectors: every length round trips, and malformed text is refused by its rule. */
class Base32Test {

    @Test
    void everyLengthAndByteRoundTrips() {
        Random random = new Random(4648);
        for (int length = 0; length <= 70; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            String text = Base32.encode(data);
            assertThat(text).matches("[A-Z2-7]*").hasSize((length * 8 + 4) / 5);
            assertThat(Base32.decode(text)).isEqualTo(data);
        }
        assertThat(Base32.encode(new byte[] {(byte) 0xff})).isEqualTo("74");
        assertThat(Base32.encode("12345678901234567890".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
            "MZXW6YT B  | character 7 is none of these",
            "MZXW6YTB\\n | character 8 is none of these",
            "MZXW6YT1   | character 7 is none of these",
            "MZXW6YT8   | character 7 is none of these",
            "MZ=W6===   | character 2 is none of these",
            "=MZXW6YT   | character 0 is none of these",
            "MZXÄ       | character 3 is none of these",
            "M          | cannot have 1 characters",
            "MZX        | cannot have 3 characters",
            "MZXW6Y     | cannot have 6 characters",
            "M=======   | cannot have 1 characters",
            "MY=====    | whole number of 8-character groups",
            "MY=======  | whole number of 8-character groups",
            "MZXW6YQ=== | whole number of 8-character groups",
            "MZXQ=====  | whole number of 8-character groups",
            "MZXW6YTB========  | whole number of 8-character groups",
            "MZ         | unused low bits are zero (character 1 is not)",
            "MZXR       | unused low bits are zero (character 3 is not)",
            "75         | unused low bits are zero",
    })
    void malformedTextIsRefusedByTheRuleItBreaksAndNeverEchoed(String text, String rule) {
        String t = text.replace("\\n", "\n");
        assertThatThrownBy(() -> Base32.decode(t)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(rule).hasMessageNotContaining(t.strip());
    }

    @Test
    void nullIsNotText() {
        assertThatThrownBy(() -> Base32.decode(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Base32.encode(null)).isInstanceOf(NullPointerException.class);
    }
}
