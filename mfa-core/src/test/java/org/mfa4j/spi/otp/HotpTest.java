package org.mfa4j.spi.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfa4j.spi.SecretBytes;

/** Reading, comparing and writing codes, and the arguments {@link Hotp} refuses. */
class HotpTest {

    @Test
    void aTypedCodeIsExactlyItsDigitsWithSeparatorsIgnored() {
        assertThat(Hotp.parse("012345", 6)).hasValue(12_345);
        assertThat(Hotp.parse(" 012 345 ", 6)).hasValue(12_345);
        assertThat(Hotp.parse("012-345", 6)).hasValue(12_345);
        assertThat(Hotp.parse("012\u00a0345", 6)).hasValue(12_345);
        assertThat(Hotp.parse("012\u2013345", 6)).hasValue(12_345);
        assertThat(Hotp.parse("000000", 6)).hasValue(0);
        assertThat(Hotp.parse("99999999", 8)).hasValue(99_999_999);
        assertThat(Hotp.parse("0123456", 7)).hasValue(123_456);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "01234", "0123456", "012\t345", "012\n345", "+12345", "-12345", "１２３４５６",
            "01234a", "012_345", "0123\u0000456", "012345012345012345012345012345012345"})
    void anythingElseIsNoCode(String typed) {
        assertThat(Hotp.parse(typed, 6)).isEmpty();
        assertThat(Hotp.matches(typed, 12_345, 6)).isFalse();
    }

    @Test
    void matchesComparesTheWholeCodeLeadingZerosIncluded() {
        assertThat(Hotp.matches("012345", 12_345, 6)).isTrue();
        assertThat(Hotp.matches("012 345", 12_345, 6)).isTrue();
        assertThat(Hotp.matches("012346", 12_345, 6)).isFalse();
        assertThat(Hotp.matches("12345", 12_345, 6)).as("too short, though the same number").isFalse();
        assertThat(Hotp.matches("0012345", 12_345, 6)).isFalse();
        assertThat(Hotp.matches("00012345", 12_345, 8)).isTrue();
    }

    @Test
    void formatKeepsLeadingZeros() {
        assertThat(Hotp.format(0, 6)).isEqualTo("000000");
        assertThat(Hotp.format(42, 8)).isEqualTo("00000042");
        assertThat(Hotp.format(999_999, 6)).isEqualTo("999999");
        assertThatThrownBy(() -> Hotp.format(1_000_000, 6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("1000000");
        assertThatThrownBy(() -> Hotp.format(-1, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void digitsAreSixToEight() throws GeneralSecurityException {
        SecretBytes key = SecretBytes.copyOf(Rfc4226AppendixDTest.SECRET);
        Mac mac = HmacAlgorithm.SHA1.newMac();
        key.initMac(mac);
        for (int digits : new int[] {5, 9, 0, -1}) {
            assertThatThrownBy(() -> Hotp.code(HmacAlgorithm.SHA1, key, 0, digits))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("a one-time code has 6 to 8 digits");
            assertThatThrownBy(() -> Hotp.code(mac, 0, digits)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Hotp.parse("123456", digits)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Hotp.matches("123456", 123_456, digits))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Hotp.format(1, digits)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void badKeysAndMacsAreRefused() {
        assertThatThrownBy(() -> Hotp.code(HmacAlgorithm.SHA1, SecretBytes.copyOf(new byte[0]), 0, 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refused the key");
        assertThatThrownBy(() -> Hotp.code(HmacAlgorithm.SHA1.newMac(), 0, 6))
                .as("a Mac without a key").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Hotp.truncate(new byte[19])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 20 bytes");
        assertThatThrownBy(() -> Hotp.parse(null, 6)).isInstanceOf(NullPointerException.class);
    }

    /** The thread's Mac keeps the last secret: another secret re-keys it, the same one (any instance) does not. */
    @Test
    void aThreadsMacFollowsTheSecretItIsGiven() throws GeneralSecurityException {
        byte[] rfc = Rfc4226AppendixDTest.SECRET;
        byte[] other = "abcdefghijabcdefghij".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Mac oracle = HmacAlgorithm.SHA1.newMac();
        SecretBytes.copyOf(other).initMac(oracle);
        int otherCode = Hotp.code(oracle, 7, 6);
        for (int i = 0; i < 3; i++) {
            assertThat(Hotp.code(HmacAlgorithm.SHA1, SecretBytes.copyOf(rfc), 7, 6)).isEqualTo(162_583);
            SecretBytes o = SecretBytes.copyOf(other);
            assertThat(Hotp.code(HmacAlgorithm.SHA1, o, 7, 6)).isEqualTo(otherCode);
            assertThat(Hotp.code(HmacAlgorithm.SHA1, o, 7, 6)).as("same instance again").isEqualTo(otherCode);
        }
    }
}
