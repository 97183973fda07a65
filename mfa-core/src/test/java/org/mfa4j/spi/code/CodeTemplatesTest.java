package org.mfa4j.spi.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mfa4j.spi.code.CodeTemplates.Part;

/** The generic rules, on templates of this test (the e-mail module tests its own). */
class CodeTemplatesTest {

    private final CodeTemplates sms = CodeTemplates.load(CodeTemplatesTest.class, "templates/sms", Set.of(Part.TEXT));

    @Test
    void aTextOnlyMessageIsRenderedPerLanguageWithOnePassSubstitution() {
        CodeTemplates.Rendered en = sms.render(Locale.US, "482913", Duration.ofSeconds(299), "{code}");
        assertThat(en.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(en.part(Part.TEXT)).isEqualTo("482913 is your {code} code. It expires in 4 min.\n");
        assertThat(en.toString()).doesNotContain("482913");
        assertThatThrownBy(() -> en.part(Part.HTML)).isInstanceOf(IllegalArgumentException.class);

        CodeTemplates.Rendered de = sms.render(Locale.forLanguageTag("de-CH"), "482913", Duration.ofMinutes(5), "A");
        assertThat(de.locale()).isEqualTo(Locale.GERMAN);
        assertThat(de.part(Part.TEXT)).startsWith("482913 ist Ihr Code für A. 5 Min.");
        assertThat(sms.resolve(Locale.JAPAN)).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void onlyTheHtmlPartIsEscaped() {
        CodeTemplates html = CodeTemplates.load(CodeTemplatesTest.class, "templates/half",
                EnumSet.of(Part.SUBJECT, Part.HTML));
        CodeTemplates.Rendered r = html.render(Locale.ENGLISH, "482913", Duration.ofMinutes(5), "<A & 'B'>");
        assertThat(r.part(Part.HTML)).isEqualTo("482913 <b>&lt;A &amp; &#39;B&#39;&gt;</b>\n");
        assertThat(r.part(Part.SUBJECT)).isEqualTo("Your <A & 'B'> code");
    }

    @Test
    void brokenTemplatesAreRefusedWhenRead() {
        assertThatThrownBy(() -> CodeTemplates.load(CodeTemplatesTest.class, "templates/nocode", Set.of(Part.TEXT)))
                .hasMessageContaining("must show {code}");
        assertThatThrownBy(() -> CodeTemplates.load(CodeTemplatesTest.class, "templates/leaky",
                EnumSet.of(Part.SUBJECT, Part.TEXT))).hasMessageContaining("subject must not show {code}");
        assertThatThrownBy(() -> CodeTemplates.load(CodeTemplatesTest.class, "templates/unknown", Set.of(Part.TEXT)))
                .hasMessageContaining("unknown placeholder");
        assertThatThrownBy(() -> CodeTemplates.load(CodeTemplatesTest.class, "templates/missing", Set.of(Part.TEXT)))
                .hasMessageContaining("English templates");
        CodeTemplates half = CodeTemplates.load(CodeTemplatesTest.class, "templates/half",
                EnumSet.of(Part.SUBJECT, Part.HTML));
        assertThatThrownBy(() -> half.render(Locale.GERMAN, "482913", Duration.ofMinutes(5), "A"))
                .hasMessageContaining("incomplete");
    }

    @Test
    void badValuesAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> sms.render(Locale.ENGLISH, "12 34", Duration.ofMinutes(5), "A"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("12 34");
        assertThatThrownBy(() -> sms.render(Locale.ENGLISH, "482913", Duration.ofSeconds(59), "A"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sms.render(Locale.ENGLISH, "482913", Duration.ofMinutes(5), "A\nB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("A\nB");
    }
}
