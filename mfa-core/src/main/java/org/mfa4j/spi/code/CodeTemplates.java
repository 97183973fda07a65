package org.mfa4j.spi.code;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
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
 * The message that carries a one-time code, per language, from templates a provider module ships: for a base
 * {@code templates/code} beside an anchor class, {@code templates/code_<locale>.properties} (the {@code subject}),
 * {@code .txt} (the plain-text body) and {@code .html} (the HTML body), each only when the module's messages have
 * that {@link Part} (an e-mail has all three, an SMS the text only). A language is looked up as
 * {@link ResourceBundle} does ({@code de_CH}, then {@code de}); English is the fallback and must exist. A
 * language's parts are used together or not at all, so one message never mixes two languages.
 *
 * <p>Placeholders: {@code {code}}, {@code {minutes}} (whole minutes the code stays valid, rounded down so the
 * message never promises more time than there is) and {@code {application}}. Values are substituted in one pass
 * (a value that looks like a placeholder stays as it is) and HTML-escaped in the HTML part. The subject may not
 * show the code (subjects appear in notifications and on lock screens); every body must. Thread-safe; a language
 * is read and checked once, English when the templates are {@linkplain #load loaded}.
 *
 * <p>The templates are read with {@link Class#getResourceAsStream} of the anchor class: on the class path or in
 * an automatic module that always works; an explicit module must open the templates' package to {@code org.mfa4j}.
 */
public final class CodeTemplates {

    /** One part of a message, and the file it comes from. */
    public enum Part {
        /** A one-line subject: the {@code subject} key of the {@code .properties} file; never shows the code. */
        SUBJECT(".properties"),
        /** The plain-text body, {@code .txt}. */
        TEXT(".txt"),
        /** The HTML body, {@code .html}; values are HTML-escaped. */
        HTML(".html");

        private final String suffix;

        Part(String suffix) {
            this.suffix = suffix;
        }
    }

    private static final Set<String> PLACEHOLDERS = Set.of("code", "minutes", "application");
    private static final int MAX_APPLICATION_NAME = 100;

    private final Class<?> anchor;
    private final String base;
    private final Set<Part> parts;
    private final Map<Locale, Optional<Language>> cache = new ConcurrentHashMap<>();
    private final Language english;

    private CodeTemplates(Class<?> anchor, String base, Set<Part> parts) {
        this.anchor = anchor;
        this.base = base;
        this.parts = parts;
        this.english = load(Locale.ENGLISH).orElseThrow(() -> new IllegalStateException("the English templates "
                + base + "_en are missing beside " + anchor.getName()));
    }

    /**
     * The templates {@code base}{@code _<locale>} (a resource name relative to {@code anchor}, such as
     * {@code templates/code}) with {@code parts}; the English ones are read and checked now.
     *
     * @throws IllegalStateException when the English templates are missing, incomplete or malformed
     */
    public static CodeTemplates load(Class<?> anchor, String base, Set<Part> parts) {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(base, "base");
        if (parts.isEmpty() || parts.equals(Set.of(Part.SUBJECT))) {
            throw new IllegalArgumentException("a message needs a body: TEXT or HTML");
        }
        return new CodeTemplates(anchor, base, Set.copyOf(EnumSet.copyOf(parts)));
    }

    /**
     * The message for {@code code} in {@code locale}, or in the nearest language there are templates for.
     *
     * @param code            the one-time code: 4 to 16 ASCII letters and digits
     * @param validFor        how long the code is accepted; at least one minute
     * @param applicationName the name the user knows the application by: 1 to 100 characters, no controls
     */
    public Rendered render(Locale locale, String code, Duration validFor, String applicationName) {
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(validFor, "validFor");
        if (code.length() < 4 || code.length() > 16 || !code.chars().allMatch(CodeTemplates::isAsciiAlnum)) {
            throw new IllegalArgumentException("a one-time code must be 4 to 16 ASCII letters and digits");
        }
        if (validFor.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("a code announced in a message must stay valid at least one minute");
        }
        requireApplicationName(applicationName);
        Map<String, String> values = Map.of("code", code, "minutes", Long.toString(validFor.toMinutes()),
                "application", applicationName);
        Language t = forLocale(locale);
        Map<Part, String> out = new EnumMap<>(Part.class);
        t.templates.forEach((part, template) -> out.put(part,
                template.fill(values, part == Part.HTML ? CodeTemplates::escapeHtml : UnaryOperator.identity())));
        return new Rendered(t.locale, out);
    }

    /**
     * Checks an application name for {@link #render}: 1 to 100 characters without controls.
     *
     * @throws IllegalArgumentException when it breaks the rules (the message does not quote it)
     */
    public static String requireApplicationName(String applicationName) {
        Objects.requireNonNull(applicationName, "applicationName");
        if (applicationName.isBlank() || applicationName.length() > MAX_APPLICATION_NAME
                || applicationName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the application name must be 1 to " + MAX_APPLICATION_NAME
                    + " characters without controls");
        }
        return applicationName;
    }

    /** The language whose templates {@code locale} gets. */
    public Locale resolve(Locale locale) {
        return forLocale(locale).locale;
    }

    /** {@code s} with {@code & < > " '} escaped for HTML text and attribute values. */
    public static String escapeHtml(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * One rendered message: its parts and the language they are written in. The bodies carry the code, so
     * {@link #toString()} shows only the language and the sizes.
     */
    public static final class Rendered {
        private final Locale locale;
        private final Map<Part, String> parts;

        private Rendered(Locale locale, Map<Part, String> parts) {
            this.locale = locale;
            this.parts = parts;
        }

        public Locale locale() {
            return locale;
        }

        /** The part's text. @throws IllegalArgumentException when these templates have no such part */
        public String part(Part part) {
            String s = parts.get(part);
            if (s == null) {
                throw new IllegalArgumentException("these templates have no " + part + " part");
            }
            return s;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Rendered[locale=").append(locale.toLanguageTag());
            parts.forEach((p, s) -> sb.append(", ").append(p).append(' ').append(s.length()).append(" chars"));
            return sb.append(']').toString();
        }
    }

    // ---------------------------------------------------------------------------------------------- internals

    private Language forLocale(Locale locale) {
        for (Locale candidate : ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_DEFAULT)
                .getCandidateLocales("", locale)) {
            if (candidate.equals(Locale.ROOT) || candidate.equals(Locale.ENGLISH)) {
                break;
            }
            Optional<Language> found = cache.computeIfAbsent(candidate, this::load);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return english;
    }

    private Optional<Language> load(Locale locale) {
        String name = base + "_" + locale;
        Map<Part, String> sources = new EnumMap<>(Part.class);
        for (Part p : parts) {
            read(name + p.suffix).ifPresent(s -> sources.put(p, s));
        }
        if (sources.isEmpty()) {
            return Optional.empty();
        }
        if (sources.size() != parts.size()) {
            throw new IllegalStateException("templates for " + locale + " are incomplete: " + name + " needs "
                    + parts.stream().map(p -> p.suffix).toList());
        }
        Map<Part, Template> templates = new EnumMap<>(Part.class);
        sources.forEach((part, source) -> templates.put(part, parse(part, source, name + part.suffix)));
        return Optional.of(new Language(locale, templates));
    }

    private static Template parse(Part part, String source, String where) {
        if (part == Part.SUBJECT) {
            Properties p = new Properties();
            try {
                p.load(new StringReader(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String subject = p.getProperty("subject");
            if (subject == null || subject.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalStateException(where + " has no one-line subject");
            }
            Template t = Template.parse(subject, where);
            if (t.uses("code")) {
                throw new IllegalStateException(where + ": the subject must not show {code}");
            }
            return t;
        }
        Template t = Template.parse(source, where);
        if (!t.uses("code")) {
            throw new IllegalStateException(where + ": a body must show {code}");
        }
        return t;
    }

    private Optional<String> read(String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    private static boolean isAsciiAlnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private record Language(Locale locale, Map<Part, Template> templates) {
    }

    /** A template cut into literal text and placeholder names, alternating; checked when it is read. */
    private record Template(List<String> literals, List<String> names) {

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
