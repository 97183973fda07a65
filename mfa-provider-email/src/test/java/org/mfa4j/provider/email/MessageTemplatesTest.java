package org.mfa4j.provider.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageTemplatesTest {

    private final MessageTemplates templates = MessageTemplates.builtIn();

    @Test
    void theEnglishMessageCarriesTheCodeTheMinutesAndTheApplicationButTheSubjectHasNoCode() {
        EmailMessage m = templates.render(Locale.ENGLISH, "482913", Duration.ofMinutes(5), "ACME");

        assertThat(m.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(m.subject()).isEqualTo("Your ACME sign-in code");
        assertThat(m.text()).contains("Your ACME sign-in code is:", "    482913", "It expires in 5 min")
                .doesNotContain("{");
        assertThat(m.html()).contains("<html lang=\"en\">", ">482913<", "5 min").doesNotContain("{code}");
        assertThat(m.toString()).doesNotContain("482913");
    }

    @Test
    void theGermanMessageIsGermanThroughout() {
        EmailMessage m = templates.render(Locale.GERMAN, "482913", Duration.ofMinutes(10), "ACME");

        assertThat(m.locale()).isEqualTo(Locale.GERMAN);
        assertThat(m.subject()).isEqualTo("Ihr Anmeldecode für ACME");
        assertThat(m.text()).contains("482913", "10 Min. gültig").doesNotContain("expires");
        assertThat(m.html()).contains("<html lang=\"de\">", "482913", "10 Min. gültig");
    }

    @ParameterizedTest
    @CsvSource({"de_CH, de", "de_AT, de", "fr, en", "fr_CA, en", "en_US, en", "ja_JP, en", "und, en"})
    void aLanguageWithoutTemplatesFallsBackToTheNearestThenToEnglish(String requested, String used) {
        Locale locale = Locale.forLanguageTag(requested.replace('_', '-'));

        assertThat(templates.resolve(locale)).isEqualTo(Locale.forLanguageTag(used));
        assertThat(templates.render(locale, "482913", Duration.ofMinutes(5), "ACME").locale())
                .isEqualTo(Locale.forLanguageTag(used));
    }

    @Test
    void valuesAreHtmlEscapedInTheHtmlBodyOnly() {
        EmailMessage m = templates.render(Locale.ENGLISH, "482913", Duration.ofMinutes(5),
                "<script>alert('x')</script> & Co");

        assertThat(m.html()).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co")
                .doesNotContain("<script>");
        assertThat(m.text()).contains("<script>alert('x')</script> & Co");
    }

    @Test
    void aValueThatLooksLikeAPlaceholderIsNotExpanded() {
        EmailMessage m = templates.render(Locale.ENGLISH, "482913", Duration.ofMinutes(5), "{code}");

        assertThat(m.subject()).isEqualTo("Your {code} sign-in code");
        assertThat(m.text()).contains("Your {code} sign-in code is:");
    }

    @Test
    void minutesAreRoundedDownSoTheMailNeverPromisesMoreTime() {
        assertThat(templates.render(Locale.ENGLISH, "482913", Duration.ofSeconds(299), "ACME").text())
                .contains("expires in 4 min");
        assertThat(templates.render(Locale.ENGLISH, "482913", Duration.ofSeconds(90), "ACME").text())
                .contains("expires in 1 min");
    }

    @Test
    void badValuesAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> templates.render(Locale.ENGLISH, "12 34", Duration.ofMinutes(5), "ACME"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("12 34");
        assertThatThrownBy(() -> templates.render(Locale.ENGLISH, "123", Duration.ofMinutes(5), "ACME"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> templates.render(Locale.ENGLISH, "482913", Duration.ofSeconds(59), "ACME"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> templates.render(Locale.ENGLISH, "482913", Duration.ofMinutes(5), "AC\r\nME"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> templates.render(Locale.ENGLISH, "482913", Duration.ofMinutes(5), " "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
