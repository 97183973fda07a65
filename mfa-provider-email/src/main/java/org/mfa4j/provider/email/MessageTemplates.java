package org.mfa4j.provider.email;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import org.mfa4j.spi.code.CodeTemplates;
import org.mfa4j.spi.code.CodeTemplates.Part;

/**
 * The e-mail that carries a one-time code, per language, from the templates shipped in this module
 * ({@code templates/code_<locale>.properties} with the subject, {@code .txt} and {@code .html} bodies; English and
 * German), rendered by the core's {@link CodeTemplates}: lookup, placeholders, escaping and checks are its rules.
 */
final class MessageTemplates {

    private final CodeTemplates templates;

    private MessageTemplates(CodeTemplates templates) {
        this.templates = templates;
    }

    /** The templates shipped in this module; the English ones are read (and checked) now. */
    static MessageTemplates builtIn() {
        return new MessageTemplates(CodeTemplates.load(MessageTemplates.class, "templates/code",
                EnumSet.allOf(Part.class)));
    }

    /** The e-mail for {@code code} in {@code locale}; see {@link CodeTemplates#render}. */
    EmailMessage render(Locale locale, String code, Duration validFor, String applicationName) {
        CodeTemplates.Rendered r = templates.render(locale, code, validFor, applicationName);
        return new EmailMessage(r.part(Part.SUBJECT), r.part(Part.TEXT), r.part(Part.HTML), r.locale());
    }

    /** The language whose templates {@code locale} gets. */
    Locale resolve(Locale locale) {
        return templates.resolve(locale);
    }
}
