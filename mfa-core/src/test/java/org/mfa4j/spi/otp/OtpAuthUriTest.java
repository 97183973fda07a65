package org.mfa4j.spi.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The otpauth URIs, byte for byte: label escaping, the secret, and which parameters are named. */
class OtpAuthUriTest {

    private static final byte[] SECRET = Rfc4226AppendixDTest.SECRET;
    private static final String B32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void totpWithTheDefaultsNamesNoParameters() {
        assertThat(OtpAuthUri.totp("ACME Co/Intranet", "bob smith@example.com", SECRET,
                new Totp(HmacAlgorithm.SHA1, 6, 30, 1))).isEqualTo("otpauth://totp/ACME%20Co%2FIntranet:"
                + "bob%20smith%40example.com?secret=" + B32 + "&issuer=ACME%20Co%2FIntranet");
    }

    @Test
    void totpNamesParametersThatAreNotDefault() {
        assertThat(OtpAuthUri.totp("Zürich", "alice@example.com", SECRET, new Totp(HmacAlgorithm.SHA256, 8, 60, 1)))
                .isEqualTo("otpauth://totp/Z%C3%BCrich:alice%40example.com?secret=" + B32
                        + "&issuer=Z%C3%BCrich&algorithm=SHA256&digits=8&period=60");
    }

    @Test
    void onlyRfc3986UnreservedCharactersStandUnescaped() {
        assertThat(OtpAuthUri.totp("a-b.c_d~e", "+*'!&=?#:%", new byte[] {(byte) 0xff},
                new Totp(HmacAlgorithm.SHA512, 7, 30, 0))).isEqualTo("otpauth://totp/a-b.c_d~e:"
                + "%2B%2A%27%21%26%3D%3F%23%3A%25?secret=74&issuer=a-b.c_d~e&algorithm=SHA512&digits=7");
    }

    @Test
    void hotpAlwaysNamesTheCounter() {
        assertThat(OtpAuthUri.hotp("mfa4j", "jane@example.test", SECRET, HmacAlgorithm.SHA1, 6, 0))
                .isEqualTo("otpauth://hotp/mfa4j:jane%40example.test?secret=" + B32 + "&issuer=mfa4j&counter=0");
        assertThat(OtpAuthUri.hotp("mfa4j", "jane", SECRET, HmacAlgorithm.SHA256, 8, 42))
                .isEqualTo("otpauth://hotp/mfa4j:jane?secret=" + B32 + "&issuer=mfa4j&algorithm=SHA256&digits=8"
                        + "&counter=42");
    }

    @Test
    void badArgumentsAreRefusedWithoutEchoingThem() {
        Totp totp = new Totp(HmacAlgorithm.SHA1, 6, 30, 1);
        assertThatThrownBy(() -> OtpAuthUri.totp("ACME:Corp", "jane", SECRET, totp))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colon")
                .hasMessageNotContaining("ACME");
        assertThatThrownBy(() -> OtpAuthUri.hotp("ACME", "jane", SECRET, HmacAlgorithm.SHA1, 6, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counter");
        assertThatThrownBy(() -> OtpAuthUri.hotp("ACME", "jane", SECRET, HmacAlgorithm.SHA1, 5, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtpAuthUri.totp(null, "jane", SECRET, totp)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> OtpAuthUri.totp("ACME", "jane", null, totp)).isInstanceOf(NullPointerException.class);
    }
}
