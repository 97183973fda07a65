package org.mfa4j.provider.email;

import java.util.Locale;
import java.util.Objects;

/**
 * One e-mail's content: subject, plain-text body, HTML body and the language they are written in. The bodies
 * carry the code, so {@link #toString()} shows only the language and the sizes.
 */
record EmailMessage(String subject, String text, String html, Locale locale) {

    EmailMessage {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(locale, "locale");
        if (subject.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("an e-mail subject must be one line without controls");
        }
    }

    @Override
    public String toString() {
        return "EmailMessage[locale=" + locale.toLanguageTag() + ", subject " + subject.length() + " chars, text "
                + text.length() + " chars, html " + html.length() + " chars]";
    }
}
