package org.mfa4j.provider.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Java locales to Twilio Verify's language tags; none where Verify has no such language or script. */
class VerifyLocalesTest {

    @ParameterizedTest
    @CsvSource({"de-CH,de", "en-US,en", "en-GB,en-GB", "pt-BR,pt-BR", "pt-PT,pt", "zh-CN,zh-CN", "zh-HK,zh-HK",
            "he,he", "no,nb", "fil,tl", "zh-TW,none", "zh-Hant-HK,none", "gsw,none", "und,none"})
    void aJavaLocaleMapsToVerifysTagOrToNone(String java, String verify) {
        assertThat(VerifyLocales.tag(Locale.forLanguageTag(java)).orElse("none")).isEqualTo(verify);
    }
}
