package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfa4j.internal.DocumentJson.MAX_DOCUMENT_CHARS;
import static org.mfa4j.internal.DocumentJson.MAX_LIST_STRINGS;
import static org.mfa4j.internal.DocumentJson.MAX_PROPERTIES;
import static org.mfa4j.internal.DocumentJson.MAX_PROVIDERS;
import static org.mfa4j.internal.DocumentJson.MAX_STORED_CHARS;
import static org.mfa4j.internal.DocumentJson.MAX_STRING_CHARS;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfa4j.MfaStoreException;

/**
 * The size caps and the string rules, both ways: what is refused on write is refused on read, with a
 * message that names the cap and the place, never the content; a document at every cap round-trips.
 */
class DocumentJsonCapsTest {

    private static final String SECRET = "SEALED";
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ENTRY_HEAD = "{\"id\":\"%s\",\"active\":true,\"created\":\"2026-01-01T00:00:00Z\","
            + "\"updated\":\"2026-01-01T00:00:00Z\",\"failures\":0,\"lockouts\":0,\"properties\":{";
    private static final String ENTRY_TAIL = "},\"challenge\":{}}";
    private static final String ENTRY = ENTRY_HEAD + "%s" + ENTRY_TAIL;
    private static final String DOC_HEAD = "{\"format\":1,\"accountFailures\":0,\"factorEpoch\":0,\"providers\":[";

    // ------------------------------------------------------------------------------------------ crafted text

    /**
     * A megabyte of crafted text, in each shape that once cost a node seconds per request (a flat object's
     * keys were compared with every earlier key), is refused on its length alone: the same text with broken
     * JSON at its end gets the same refusal, so the parser never reached the end.
     */
    @ParameterizedTest
    @ValueSource(strings = {"nested", "array", "fields", "providers", "string"})
    void aMegabyteOfCraftedTextIsRefusedBeforeItIsParsed(String shape) {
        String json = crafted(shape, 1 << 20);
        assertThat(json.length()).isGreaterThanOrEqualTo(1 << 20);
        assertRefused(json, "it is longer than the cap of " + MAX_STORED_CHARS + " characters");
        assertRefused(json.substring(0, json.length() - 1) + "!", "it is longer than the cap of " + MAX_STORED_CHARS
                + " characters");
    }

    /** The same shapes just under the length cap meet the cap of what they are made of. */
    @ParameterizedTest
    @ValueSource(strings = {"nested", "array", "fields", "providers", "string", "list", "unknown"})
    void craftedTextUnderTheLengthCapMeetsTheNextCap(String shape) {
        String json = crafted(shape, MAX_STORED_CHARS - 100);
        assertThat(json.length()).isLessThanOrEqualTo(MAX_STORED_CHARS);
        String why = switch (shape) {
            case "nested" -> "it is nested deeper than 16 levels or has a number too long to read";
            case "array", "fields" -> "'properties' of provider 'p' has more than " + MAX_PROPERTIES + " entries (the cap)";
            case "providers" -> "'providers' of the document has more than " + MAX_PROVIDERS + " entries (the cap)";
            case "string" -> "'s' in 'properties' of provider 'p' is longer than the cap of " + MAX_STRING_CHARS
                    + " characters";
            case "list" -> "'l' in 'properties' of provider 'p' has more than " + MAX_LIST_STRINGS + " strings (the cap)";
            default -> null;
        };
        if (why != null) {
            assertRefused(json, why);
        } else {
            assertThatThrownBy(() -> DocumentJson.decode(json)).isInstanceOf(MfaStoreException.class)
                    .hasMessageStartingWith("a stored MFA document cannot be read: the document has fields this mfa4j"
                            + " does not know [SEALED00000, SEALED00001, SEALED00002, SEALED00003, SEALED00004,"
                            + " SEALED00005, SEALED00006, SEALED00007] and ")
                    .hasMessageEndingWith(" more; refusing to read it rather than drop them on the next write");
        }
    }

    /** Text of at least {@code length} characters (or, under the cap, at most), made of one crafted shape. */
    private static String crafted(String shape, int length) {
        boolean over = length > MAX_STORED_CHARS;
        StringBuilder b = new StringBuilder(length + 400);
        IntPredicate room = extra -> over ? b.length() < length : b.length() + extra + 400 < length;
        String open = DOC_HEAD + String.format(ENTRY_HEAD, "p");
        String close = ENTRY_TAIL + "]}";
        switch (shape) {
            case "nested" -> {
                b.append(open).append("\"x\":");
                int depth = (length - b.length()) / 2 + (over ? 1 : -200);
                b.append("[".repeat(depth)).append("]".repeat(depth)).append(close);
            }
            case "array", "fields" -> {
                b.append(open);
                for (int i = 0; room.test(20); i++) {
                    b.append(i == 0 ? "" : ",").append(String.format("\"k%06d\":", i))
                            .append(shape.equals("array") ? "[\"a\",\"b\"]" : "1");
                }
                b.append(close);
            }
            case "providers" -> {
                b.append(DOC_HEAD);
                for (int i = 0; room.test(300); i++) {
                    b.append(i == 0 ? "" : ",").append(String.format(ENTRY, "p" + i, ""));
                }
                b.append("]}");
            }
            case "string", "list" -> {
                boolean string = shape.equals("string");
                b.append(open).append(string ? "\"s\":\"" : "\"l\":[");
                while (room.test(10)) {
                    b.append(string ? SECRET : "\"" + SECRET + "\",");
                }
                b.append(string ? "\"" : "\"\"]").append(close);
            }
            default -> {
                b.append("{\"format\":1");
                for (int i = 0; room.test(20); i++) {
                    b.append(String.format(",\"%s%05d\":0", SECRET, i));
                }
                b.append("}");
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------- caps, both ways

    @Test
    void aDocumentAtEveryCapRoundTrips() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("long", "x".repeat(MAX_STRING_CHARS));
        props.put("list", Collections.nCopies(MAX_LIST_STRINGS, "h"));
        props.put("pair", "\uD83D\uDE00".repeat(MAX_STRING_CHARS / 2));
        for (int i = props.size(); i < MAX_PROPERTIES; i++) {
            props.put("k" + i, (long) i);
        }
        UserDocument doc = UserDocument.empty().withProvider("p", ProviderRecord.created(T).withProperties(props));
        for (int i = 1; i < MAX_PROVIDERS; i++) {
            doc = doc.withProvider("p" + i, ProviderRecord.created(T));
        }
        String json = DocumentJson.encode(doc);
        assertThat(DocumentJson.decode(json)).isEqualTo(doc);
    }

    @Test
    void aDocumentOverTheTextCapIsRefusedOnWrite() {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            props.put("k" + i, SECRET.repeat(MAX_STRING_CHARS / SECRET.length()));
        }
        UserDocument doc = UserDocument.empty().withProvider("p", ProviderRecord.created(T).withProperties(props));
        assertThatThrownBy(() -> DocumentJson.encode(doc)).isInstanceOf(MfaStoreException.class)
                .hasMessage("an MFA document cannot be stored: it is longer than the cap of " + MAX_DOCUMENT_CHARS
                        + " characters");
    }

    @Test
    void eachCapIsRefusedOnWriteAndOnRead() {
        Map<String, Object> tooMany = new LinkedHashMap<>();
        for (int i = 0; i <= MAX_PROPERTIES; i++) {
            tooMany.put("k" + i, SECRET);
        }
        refusedBothWays(withProperties(tooMany), "'properties' of provider 'p' has more than 64 entries (the cap)");
        refusedBothWays(withProperties(Map.of("s", SECRET.repeat(2000))),
                "'s' in 'properties' of provider 'p' is longer than the cap of 8192 characters");
        refusedBothWays(withProperties(Map.of("l", Collections.nCopies(MAX_LIST_STRINGS + 1, SECRET))),
                "'l' in 'properties' of provider 'p' has more than 256 strings (the cap)");
        refusedBothWays(withProperties(Map.of("l", List.of(SECRET, SECRET.repeat(2000)))),
                "'l' in 'properties' of provider 'p' has an element that is longer than the cap of 8192 characters");
        refusedBothWays(withProperties(Map.of("k".repeat(MAX_STRING_CHARS + 1), SECRET)),
                "a key in 'properties' of provider 'p' is longer than the cap of 8192 characters");
        UserDocument many = UserDocument.empty();
        for (int i = 0; i <= MAX_PROVIDERS; i++) {
            many = many.withProvider("p" + i, ProviderRecord.created(T));
        }
        refusedBothWays(many, "'providers' of the document has more than 32 entries (the cap)");
        refusedBothWays(UserDocument.empty().withFlow(Optional.of(new FlowState(SECRET.repeat(2000), 0, T))),
                "'id' of the flow is longer than the cap of 8192 characters");
    }

    /** A lone surrogate has no UTF-8 form: a driver would store {@code ?} for it. Refused, wherever it is. */
    @Test
    void aStringThatIsNotValidUnicodeIsRefusedOnWriteAndOnRead() {
        String bad = SECRET + "\uD800";
        String unicode = " is not valid Unicode (it has an unpaired surrogate)";
        refusedBothWays(withProperties(Map.of("s", bad)), "'s' in 'properties' of provider 'p'" + unicode);
        refusedBothWays(withProperties(Map.of("s", "\uDC00" + SECRET)), "'s' in 'properties' of provider 'p'" + unicode);
        refusedBothWays(withProperties(Map.of("l", List.of(bad))),
                "'l' in 'properties' of provider 'p' has an element that" + unicode);
        UserDocument badKey = withProperties(Map.of(bad, "v"));
        assertThatThrownBy(() -> DocumentJson.encode(badKey)).isInstanceOf(MfaStoreException.class)
                .hasMessage("an MFA document cannot be stored: a key in 'properties' of provider 'p'" + unicode);
        // The parser itself refuses a broken surrogate pair in a key.
        assertThatThrownBy(() -> DocumentJson.decode(uncapped(badKey))).isInstanceOf(MfaStoreException.class)
                .hasMessageStartingWith("a stored MFA document cannot be read: it is not well-formed JSON (line 1,");
        refusedBothWays(UserDocument.empty().withProvider("bob\uD800", ProviderRecord.created(T)),
                "'id' of a provider entry" + unicode);
        refusedBothWays(UserDocument.empty().withDefaultProvider(Optional.of(bad)),
                "'defaultProvider' of the document" + unicode);
    }

    @Test
    void namesInMessagesAreShortAndPrintable() {
        String id = "line\nbreak\u202e" + "x".repeat(100);
        assertRefused(String.format("{\"format\":1,\"providers\":[%s,%s]}", String.format(ENTRY, escaped(id), ""),
                String.format(ENTRY, escaped(id), "")), "provider 'line\\u000Abreak\\u202E" + "x".repeat(53) + "…'"
                + " appears twice");
    }

    @Test
    void textAfterTheDocumentIsRefused() {
        String doc = DocumentJson.encode(UserDocument.empty());
        assertRefused(doc + " {}", "there is text after the document (line 1, column " + (doc.length() + 2) + ")");
        assertRefused(doc + " x", "it is not well-formed JSON (line 1, column " + (doc.length() + 2) + ")");
        assertThat(DocumentJson.decode(" " + doc + "\n")).isEqualTo(UserDocument.empty());
    }

    private static UserDocument withProperties(Map<String, Object> props) {
        return UserDocument.empty().withProvider("p", ProviderRecord.created(T).withProperties(props));
    }

    /**
     * Encoding {@code doc} is refused with {@code why}; so is reading the text the codec would write for it
     * without its caps (built here by hand from the parts the codec does accept).
     */
    private static void refusedBothWays(UserDocument doc, String why) {
        assertThatThrownBy(() -> DocumentJson.encode(doc)).isInstanceOf(MfaStoreException.class).hasNoCause()
                .hasMessage("an MFA document cannot be stored: " + why);
        assertRefused(uncapped(doc), why);
    }

    /** The text of {@code doc}, written piece by piece so that no single call meets a cap. */
    private static String uncapped(UserDocument doc) {
        List<String> entries = new ArrayList<>();
        doc.providers().forEach((id, rec) -> {
            List<String> props = new ArrayList<>();
            rec.properties().forEach((k, v) -> props.add(json(k) + ":" + (v instanceof List<?> l
                    ? "[" + String.join(",", l.stream().map(s -> json((String) s)).toList()) + "]" : json((String) v))));
            entries.add(String.format(ENTRY, escaped(id), String.join(",", props)));
        });
        return "{\"format\":1,\"providers\":[" + String.join(",", entries) + "],"
                + doc.defaultProvider().map(d -> "\"defaultProvider\":" + json(d) + ",").orElse("")
                + "\"accountFailures\":0,\"factorEpoch\":0"
                + doc.flow().map(f -> ",\"flow\":{\"id\":" + json(f.flowId()) + ",\"failures\":0,\"started\":"
                        + "\"2026-01-01T00:00:00Z\"}").orElse("") + "}";
    }

    private static String json(String s) {
        return "\"" + escaped(s) + "\"";
    }

    /** {@code s} as JSON string content: quotes, backslashes, controls and surrogates as escapes. */
    private static String escaped(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c) || c == '\u202e'
                    ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private static void assertRefused(String json, String why) {
        assertThatThrownBy(() -> DocumentJson.decode(json))
                .isInstanceOf(MfaStoreException.class)
                .hasNoCause()
                .hasMessage("a stored MFA document cannot be read: " + why)
                .hasMessageNotContaining(SECRET)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }
}
