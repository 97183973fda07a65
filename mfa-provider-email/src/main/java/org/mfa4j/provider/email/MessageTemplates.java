package org.mfa4j.provider.email;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The e-mail that carries a one-time code, per language, from templates shipped in this module
 * ({@code templates/code_<locale>.properties} with the subject, {@code .txt} and {@code .html} bodies; English and
 * German). A language is looked up as {@link ResourceBundle} does ({@code de_CH}, then {@code de}); English is the
 * fallback. A language's three files are used together or not at all, so one e-mail never mixes two languages.
 *
 * <p>Placeholders: {@code {code}}, {@code {minutes}} (whole minutes the code stays valid, rounded down so the mail
 * never promises more time than there is) and {@code {application}}. Values are substituted in one pass (a value
 * that looks like a placeholder stays as it is) and HTML-escaped in the HTML body. The subject may not show the
 * code: subjects appear in notifications and on lock screens. Thread-safe; a language is read once.
 */
final class MessageTemplates {

    private static final String BASE = "templates/code";
    private static final Set<String> PLACEHOLDERS = Set.of("code", "minutes", "application");
    private static final int MAX_APPLICATION_NAME = 100;

    private final Map<Locale, Optional<LocaleTemplates>> cache = new ConcurrentHashMap<>();
    private final LocaleTemplates english;

    private MessageTemplates() {
        this.english = load(Locale.ENGLISH).orElseThrow(
                () -> new IllegalStateException("the English e-mail templates are missing from the jar"));
    }

    /** The templates shipped in this module; the English ones are read (and checked) now. */
    static MessageTemplates builtIn() {
        return new MessageTemplates();
    }

    /**
     * The e-mail for {@code code} in {@code locale}, or in the nearest language there are templates for.
     *
     * @param code the one-time code: 4 to 16 ASCII letters and digits
     * @param validFor how long the code is accepted; at least one minute
     * @param applicationName the name the user knows the application by: 1 to 100 characters, no controls
     */
    EmailMessage render(Locale locale, String code, Duration validFor, String applicationName) {
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(validFor, "validFor");
        Objects.requireNonNull(applicationName, "applicationName");
        if (code.length() < 4 || code.length() > 16 || !code.chars().allMatch(MessageTemplates::isAsciiAlnum)) {
            throw new IllegalArgumentException("a one-time code must be 4 to 16 ASCII letters and digits");
        }
        if (validFor.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("a code announced by e-mail must stay valid at least one minute");
        }
        if (applicationName.isBlank() || applicationName.length() > MAX_APPLICATION_NAME
                || applicationName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the application name must be 1 to " + MAX_APPLICATION_NAME
                    + " characters without controls");
        }
        Map<String, String> values = Map.of("code", code, "minutes", Long.toString(validFor.toMinutes()),
                "application", applicationName);
        LocaleTemplates t = forLocale(locale);
        return new EmailMessage(t.subject.fill(values, UnaryOperator.identity()),
                t.text.fill(values, UnaryOperator.identity()),
                t.html.fill(values, MessageTemplates::escapeHtml), t.locale);
    }

    /** The language whose templates {@code locale} gets. */
    Locale resolve(Locale locale) {
        return forLocale(locale).locale;
    }

    private LocaleTemplates forLocale(Locale locale) {
        for (Locale candidate : ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT)
                .getCandidateLocales("", locale)) {
            if (candidate.equals(Locale.ROOT) || candidate.equals(Locale.ENGLISH)) {
                break;
            }
            Optional<LocaleTemplates> found = cache.computeIfAbsent(candidate, MessageTemplates::load);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return english;
    }

    private static Optional<LocaleTemplates> load(Locale locale) {
        String base = BASE + "_" + locale;
        Optional<String> properties = read(base + ".properties");
        Optional<String> text = read(base + ".txt");
        Optional<String> html = read(base + ".html");
        if (properties.isEmpty() && text.isEmpty() && html.isEmpty()) {
            return Optional.empty();
        }
        if (properties.isEmpty() || text.isEmpty() || html.isEmpty()) {
            throw new IllegalStateException("e-mail templates for " + locale + " are incomplete: " + base
                    + " needs .properties, .txt and .html");
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(properties.get()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String subject = p.getProperty("subject");
        if (subject == null) {
            throw new IllegalStateException(base + ".properties has no subject");
        }
        Template subjectTemplate = Template.parse(subject, base + ".properties");
        if (subjectTemplate.uses("code")) {
            throw new IllegalStateException(base + ".properties: the subject must not show {code}");
        }
        Template textTemplate = Template.parse(text.get(), base + ".txt");
        Template htmlTemplate = Template.parse(html.get(), base + ".html");
        if (!textTemplate.uses("code") || !htmlTemplate.uses("code")) {
            throw new IllegalStateException(base + ": both bodies must show {code}");
        }
        return Optional.of(new LocaleTemplates(locale, subjectTemplate, textTemplate, htmlTemplate));
    }

    private static Optional<String> read(String resource) {
        try (InputStream in = MessageTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            StringBuilder sb = new StringBuilder();
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                char[] buf = new char[4096];
                for (int n; (n = r.read(buf)) > 0; ) {
                    sb.append(buf, 0, n);
                }
            }
            return Optional.of(sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    private static boolean isAsciiAlnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': sb.append("&amp;"); break;
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final class LocaleTemplates {
        final Locale locale;
        final Template subject;
        final Template text;
        final Template html;

        LocaleTemplates(Locale locale, Template subject, Template text, Template html) {
            this.locale = locale;
            this.subject = subject;
            this.text = text;
            this.html = html;
        }
    }

    /** A template cut into literal text and placeholder names, alternating; checked when it is read. */
    private static final class Template {
        private final List<String> literals;
        private final List<String> names;

        private Template(List<String> literals, List<String> names) {
            this.literals = literals;
            this.names = names;
        }

        static Template parse(String source, String where) {
            List<String> literals = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int from = 0;
            for (int open = source.indexOf('{'); open >= 0; open = source.indexOf('{', from)) {
                int close = source.indexOf('}', open);
                String name = close < 0 ? null : source.substring(open + 1, close);
                if (name == null || !PLACEHOLDERS.contains(name)) {
                    throw new IllegalStateException(where + ": unknown placeholder at offset " + open
                            + "; known are " + PLACEHOLDERS);
                }
                literals.add(source.substring(from, open));
                names.add(name);
                from = close + 1;
            }
            literals.add(source.substring(from));
            return new Template(List.copyOf(literals), List.copyOf(names));
        }

        boolean uses(String name) {
            return names.contains(name);
        }

        String fill(Map<String, String> values, UnaryOperator<String> escape) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < names.size(); i++) {
                sb.append(literals.get(i)).append(escape.apply(values.get(names.get(i))));
            }
            return sb.append(literals.get(names.size())).toString();
        }
    }
}
