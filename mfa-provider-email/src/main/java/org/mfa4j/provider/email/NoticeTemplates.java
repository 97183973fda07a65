package org.mfa4j.provider.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mfa4j.SecurityNotification;
import org.mfa4j.spi.code.CodeTemplates;

/**
 * The e-mails of security notifications, per language: {@code templates/notice_<locale>.properties} beside this
 * class (English and German), with {@code <kind>.subject} and {@code <kind>.text} for each
 * {@link SecurityNotification.Kind} ({@code factor-added}, ...), {@code locked} (added to a lock's text),
 * {@code footer} and {@code footer.end-sessions} (the last paragraph, the second when the notification says
 * {@linkplain SecurityNotification#endOtherSessions() end the other sessions}). A language is looked up as
 * {@link ResourceBundle} does ({@code de_CH}, then {@code de}); a key a language lacks comes from English, which
 * must have them all and is read and checked at construction.
 *
 * <p>Placeholders: {@value #NAMES}. Values are substituted in one pass (a value that looks like a placeholder
 * stays as it is); the HTML part is the text, escaped, one paragraph per blank-line-separated block. There is no
 * placeholder for a code, a secret or the recipient's address.
 */
final class NoticeTemplates {

    static final String NAMES = "{application} {factor} {credential} {time} {remaining} {failures} {until}";
    private static final Set<String> PLACEHOLDERS = Set.of("application", "factor", "credential", "time",
            "remaining", "failures", "until");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]*)\\}");

    private final Map<Locale, Optional<Properties>> languages = new ConcurrentHashMap<>();
    private final Properties english;

    NoticeTemplates() {
        this.english = read(Locale.ENGLISH).orElseThrow(() -> new IllegalStateException(
                "templates/notice_en.properties is missing"));
        for (SecurityNotification.Kind kind : SecurityNotification.Kind.values()) {
            for (String part : List.of(".subject", ".text")) {
                if (english.getProperty(key(kind) + part) == null) {
                    throw new IllegalStateException("templates/notice_en.properties has no " + key(kind) + part);
                }
            }
        }
        for (String k : List.of("locked", "footer", "footer.end-sessions")) {
            if (english.getProperty(k) == null) {
                throw new IllegalStateException("templates/notice_en.properties has no " + k);
            }
        }
    }

    /** {@code factor-added} for {@code FACTOR_ADDED}. */
    static String key(SecurityNotification.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The e-mail for {@code kind} in the language nearest {@code locale}, with {@code values} filled in. */
    EmailMessage render(Locale locale, SecurityNotification.Kind kind, boolean endSessions, boolean locked,
                        Map<String, String> values) {
        Locale language = Locale.ENGLISH;
        Properties found = english;
        for (Locale candidate : ResourceBundle.Control.getControl(ResourceBundle.Control.FORMAT_DEFAULT)
                .getCandidateLocales("", locale)) {
            Optional<Properties> p = candidate.getLanguage().isEmpty() ? Optional.empty()
                    : languages.computeIfAbsent(candidate, NoticeTemplates::read);
            if (p.isPresent()) {
                language = candidate;
                found = p.get();
                break;
            }
        }
        String subject = fill(get(found, key(kind) + ".subject"), values);
        String text = fill(get(found, key(kind) + ".text"), values);
        if (locked) {
            text = text + " " + fill(get(found, "locked"), values);
        }
        text = text + "\n\n" + fill(get(found, endSessions ? "footer.end-sessions" : "footer"), values);
        return new EmailMessage(subject, text, html(text, language), language);
    }

    private String get(Properties language, String key) {
        String s = language.getProperty(key);
        return s != null ? s : english.getProperty(key);
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String html(String text, Locale language) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"").append(language.toLanguageTag())
                .append("\">\n<head>\n<meta charset=\"UTF-8\">\n</head>\n<body style=\"font-family: sans-serif;\">\n");
        for (String paragraph : text.split("\n\n")) {
            b.append("<p>").append(CodeTemplates.escapeHtml(paragraph).replace("\n", "<br>\n")).append("</p>\n");
        }
        return b.append("</body>\n</html>\n").toString();
    }

    /** The templates of exactly {@code locale}, checked, or empty when there are none. */
    private static Optional<Properties> read(Locale locale) {
        String name = "templates/notice_" + locale.toString() + ".properties";
        try (InputStream in = NoticeTemplates.class.getResourceAsStream(name)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties p = new Properties();
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String key : p.stringPropertyNames()) {
                check(name, key, p.getProperty(key));
            }
            return Optional.of(p);
        } catch (IOException e) {
            throw new IllegalStateException(name + " cannot be read", e);
        }
    }

    private static void check(String name, String key, String value) {
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                throw new IllegalStateException(name + ": " + key + " has an unknown placeholder at offset "
                        + m.start());
            }
        }
        if (key.endsWith(".subject") && value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalStateException(name + ": " + key + " must be one line");
        }
    }
}
