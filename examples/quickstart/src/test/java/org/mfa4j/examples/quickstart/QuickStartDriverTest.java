package org.mfa4j.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The driver's own TOTP arithmetic (it must not borrow mfa4j's) and its log redaction. */
class QuickStartDriverTest {

    /** RFC 6238 Appendix B, SHA1 seed "12345678901234567890" (Base32 below), last six of the eight digits. */
    @ParameterizedTest(name = "T = {0}")
    @CsvSource({"59,287082", "1111111109,081804", "1111111111,050471", "1234567890,005924", "2000000000,279037",
            "20000000000,353130"})
    void totpIsRfc6238AppendixB(long unixTime, String code) {
        assertThat(QuickStartDriver.totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", unixTime / 30)).isEqualTo(code);
    }

    @Test
    void theLogHasNoSecretNoCodeNoQrCode() {
        String secret = "DOI7OG7ZIXPFVVG7YXDOKUBUQSOTHCWI";
        assertThat(QuickStartDriver.redact("  otpauth URI: otpauth://totp/x:demo?secret=" + secret + "&issuer=x", secret))
                .isEqualTo("  otpauth URI: otpauth://totp/x:demo?secret=[secret]&issuer=x");
        assertThat(QuickStartDriver.redact("    ABCDE-FGHJK-MNPQR", null)).isEqualTo("    [recovery code]");
        assertThat(QuickStartDriver.isQrDrawing("  \u2588\u2580\u2580 \u2584")).isTrue();
        assertThat(QuickStartDriver.isQrDrawing("  ##  ##")).isTrue();
        assertThat(QuickStartDriver.isQrDrawing("Signed in as demo")).isFalse();
    }

    @Test
    void theDriverAndTheProgramAgreeOnTheDataFolderVariable() {
        assertThat(QuickStartDriver.DATA_ENV).isEqualTo(QuickStart.DATA_ENV);
    }
}
