package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfa4j.MfaStoreException;
import org.mfa4j.testing.MfaStoreContractTest;

class DocumentJsonTest {

    private static final String SECRET = "v1.k1.SEALED-SECRET-VALUE";

    @Test
    void everyFieldAndPropertyTypeRoundTrips() {
        UserDocument doc = Documents.richDocument();
        UserDocument back = DocumentJson.decode(DocumentJson.encode(doc));
        assertThat(back).isEqualTo(doc);
        assertThat(back.providers().keySet()).containsExactly("totp", "recovery");
        ProviderRecord totp = back.provider("totp").orElseThrow();
        assertThat(totp.properties().get("n")).isInstanceOf(Long.class);
        assertThat(totp.properties().get("list")).isEqualTo(List.of("a", "b", ""));
        assertThat(totp.lastUsed()).contains(Instant.parse("2026-03-04T05:06:09.123Z"));
    }

    @Test
    void credentialsRoundTripAndAnEntryWithoutThemKeepsItsBytes() {
        Instant t = Instant.parse("2026-03-04T05:06:07Z");
        ProviderRecord plain = ProviderRecord.created(t);
        String before = DocumentJson.encode(UserDocument.empty().withProvider("keys", plain));
        assertThat(before).doesNotContain("credentials");
        ProviderRecord keys = plain.withActive(true).withCredentials(List.of(
                new CredentialRecord("id-1", "YubiKey \"5C\"", t, Optional.of(t.plusSeconds(5)), Map.of("counter", 7L)),
                new CredentialRecord("id-2", "backup", t, Optional.empty(), Map.of("publicKey", SECRET))));
        UserDocument doc = UserDocument.empty().withProvider("keys", keys);
        String json = DocumentJson.encode(doc);
        assertThat(json).contains("\"credentials\":[{\"id\":\"id-1\",\"label\":\"YubiKey \\\"5C\\\"\"");
        assertThat(DocumentJson.decode(json)).isEqualTo(doc);
        String twice = json.replace("\"id\":\"id-2\"", "\"id\":\"id-1\"");
        assertThatThrownBy(() -> DocumentJson.decode(twice)).isInstanceOf(MfaStoreException.class)
                .hasMessageContaining("credential 'id-1' appears twice");
        String unknown = json.replace("\"label\":\"backup\"", "\"label\":\"backup\",\"extra\":1");
        assertThatThrownBy(() -> DocumentJson.decode(unknown)).isInstanceOf(MfaStoreException.class)
                .hasMessageContaining("[extra]");
    }

    @Test
    void theEmptyDocumentRoundTripsWithoutOptionalFields() {
        String json = DocumentJson.encode(UserDocument.empty());
        assertThat(json).isEqualTo("{\"format\":1,\"providers\":[],\"accountFailures\":0,\"factorEpoch\":0}");
        assertThat(DocumentJson.decode(json)).isEqualTo(UserDocument.empty());
    }

    @Test
    void smallNumbersReadBackAsLongsAndInstantsKeepNanos() {
        Instant t = Instant.parse("2026-01-02T03:04:05.123456789Z");
        UserDocument doc = UserDocument.empty().withProvider("p", ProviderRecord.created(t)
                .withProperties(Map.of("small", 3L, "int", 7, "big", Long.MAX_VALUE, "min", Long.MIN_VALUE)))
                .withFlow(Optional.of(new FlowState("f", 0, t)));
        UserDocument back = DocumentJson.decode(DocumentJson.encode(doc));
        assertThat(back.provider("p").orElseThrow().properties())
                .containsEntry("small", 3L).containsEntry("int", 7L)
                .containsEntry("big", Long.MAX_VALUE).containsEntry("min", Long.MIN_VALUE);
        assertThat(back.provider("p").orElseThrow().created()).isEqualTo(t);
        assertThat(back.flow().orElseThrow().started()).isEqualTo(t);
    }

    @Test
    void nullOptionalFieldsReadAsAbsent() {
        UserDocument d = DocumentJson.decode("{\"format\":1,\"providers\":[],\"defaultProvider\":null,"
                + "\"accountFailures\":2,\"factorEpoch\":3,\"flow\":null}");
        assertThat(d).isEqualTo(UserDocument.empty().withAccountFailures(2).withFactorEpoch(3));
    }

    @Test
    void valuesJsonCannotKeepExactlyAreRefusedOnWrite() {
        UserDocument doc = UserDocument.empty().withProvider("p", ProviderRecord.created(Instant.EPOCH)
                .withProperties(Map.of("d", 1.5)));
        assertThatThrownBy(() -> DocumentJson.encode(doc)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'d'").hasMessageContaining("java.lang.Double");
    }

    @Test
    void malformedOrForeignDocumentsAreRefusedWithoutQuotingThem() {
        String base = "{\"format\":1,\"accountFailures\":0,\"factorEpoch\":0,\"providers\":";
        String entry = "{\"id\":\"code\",\"active\":true,\"created\":\"2026-01-01T00:00:00Z\",\"updated\":"
                + "\"2026-01-01T00:00:00Z\",\"failures\":0,\"lockouts\":0,\"challenge\":{},\"properties\":";
        List<String> bad = List.of(
                "{\"format\":1, " + SECRET,                                              // not JSON
                "[\"" + SECRET + "\"]",                                                 // not an object
                base + "[" + entry + "{\"code\":\"" + SECRET + "\"}}],\"x\":\"" + SECRET + "\"}", // unknown field
                base + "[" + entry + "{\"code\":1.5}}]}",                              // a fraction
                base + "[" + entry + "{\"code\":null}}]}",                             // null property
                base + "[" + entry + "{\"code\":{\"k\":\"" + SECRET + "\"}}}]}",      // nested object
                base + "[" + entry + "{\"code\":[\"" + SECRET + "\",1]}}]}",           // mixed list
                base + "[" + entry + "{\"code\":123456789012345678901234567890}}]}",    // beyond long
                base + "[" + entry + "{}}," + entry + "{}}]}",                          // provider twice
                base + "[" + entry.replace("\"2026-01-01T00:00:00Z\"", "\"" + SECRET + "\"") + "{}}]}", // bad instant
                base + "[" + entry.replace("\"failures\":0", "\"failures\":-1") + "{}}]}", // negative count
                base + "[" + entry.replace("\"failures\":0", "\"failures\":4294967296") + "{}}]}", // beyond int
                base + "[" + entry + "{\"a\":\"" + SECRET + "\",\"a\":\"" + SECRET + "\"}}]}", // duplicate key
                "{\"format\":1,\"accountFailures\":0,\"factorEpoch\":0}",                // no providers
                "{\"format\":0,\"providers\":[],\"accountFailures\":0,\"factorEpoch\":0}");
        for (String json : bad) {
            assertThatThrownBy(() -> DocumentJson.decode(json)).as(json)
                    .isInstanceOf(MfaStoreException.class)
                    .hasNoCause()
                    .hasMessageStartingWith("a stored MFA document cannot be read")
                    .hasMessageNotContaining("SEALED");
        }
    }

    @Test
    void aNewerFormatAsksForAnUpgrade() {
        assertThatThrownBy(() -> DocumentJson.decode("{\"format\":2,\"somethingNew\":true}"))
                .isInstanceOf(MfaStoreException.class).hasMessageContaining("format 2")
                .hasMessageContaining("newer mfa4j");
    }

    // ----------------------------------------------------------------------------- exact text, any key order

    @Test
    void theTextIsPinned() {
        Instant t = Instant.parse("2026-03-04T05:06:07.123Z");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("secret", "v1.k1.c2VhbGVk");
        props.put("lastStep", 59012345L);
        props.put("verified", true);
        props.put("escapes", "\"q\" \\ \u0001 \u00e9\u4e2d\uD83D\uDE00");
        Map<String, Object> codes = new LinkedHashMap<>();
        codes.put("codes", List.of("h1", "h2"));
        codes.put("used", List.of());
        ProviderRecord totp = new ProviderRecord(true, t, t.plusNanos(456_000), Optional.of(t.plusNanos(876_000_001)),
                2, Optional.of(Instant.parse("+12345-01-01T00:00:00Z")), 1, props, Map.of("code", "v1.k1.Y29kZQ"), List.of());
        ProviderRecord recovery = ProviderRecord.created(Instant.parse("2026-01-01T00:00:00Z")).withProperties(codes);
        UserDocument doc = UserDocument.empty().withProvider("totp", totp).withProvider("recovery", recovery)
                .withDefaultProvider(Optional.of("totp")).withAccountFailures(3).withFactorEpoch(7)
                .withFlow(Optional.of(new FlowState("f", 1, Instant.parse("-0001-12-31T23:59:59.999999999Z"))));
        String json = "{\"format\":1,\"providers\":[{\"id\":\"totp\",\"active\":true,"
                + "\"created\":\"2026-03-04T05:06:07.123Z\",\"updated\":\"2026-03-04T05:06:07.123456Z\","
                + "\"lastUsed\":\"2026-03-04T05:06:07.999000001Z\",\"failures\":2,"
                + "\"lockedUntil\":\"+12345-01-01T00:00:00Z\",\"lockouts\":1,\"properties\":{\"secret\":"
                + "\"v1.k1.c2VhbGVk\",\"lastStep\":59012345,\"verified\":true,\"escapes\":"
                + "\"\\\"q\\\" \\\\ \\u0001 \u00e9\u4e2d\uD83D\uDE00\"},\"challenge\":{\"code\":\"v1.k1.Y29kZQ\"}},"
                + "{\"id\":\"recovery\",\"active\":false,\"created\":\"2026-01-01T00:00:00Z\","
                + "\"updated\":\"2026-01-01T00:00:00Z\",\"failures\":0,\"lockouts\":0,\"properties\":"
                + "{\"codes\":[\"h1\",\"h2\"],\"used\":[]},\"challenge\":{}}],\"defaultProvider\":\"totp\","
                + "\"accountFailures\":3,\"factorEpoch\":7,\"flow\":{\"id\":\"f\",\"failures\":1,"
                + "\"started\":\"-0001-12-31T23:59:59.999999999Z\"}}";
        assertThat(DocumentJson.encode(doc)).isEqualTo(json);
        assertThat(DocumentJson.decode(json)).isEqualTo(doc);
    }

    /**
     * Generated documents (seeded, so a failure repeats) round-trip exactly, also when the keys come back in
     * another order with spaces, as PostgreSQL's {@code jsonb} returns them, or shuffled.
     */
    @Test
    void generatedDocumentsRoundTripInAnyKeyOrder() throws Exception {
        Random random = new Random(20260304);
        ObjectMapper mapper = new ObjectMapper();
        for (int i = 0; i < 2000; i++) {
            UserDocument doc = GeneratedDocuments.document(random);
            String json = DocumentJson.encode(doc);
            assertThat(DocumentJson.decode(json)).as(json).isEqualTo(doc);
            JsonNode tree = mapper.readTree(json);
            String jsonb = mapper.writeValueAsString(reordered(tree, random, true));
            assertThat(DocumentJson.decode(jsonb)).as(jsonb).isEqualTo(doc);
            String shuffled = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(reordered(tree, random, false));
            assertThat(DocumentJson.decode(shuffled)).as(shuffled).isEqualTo(doc);
        }
    }

    /** Instants are written as {@link Instant#toString()} writes them, whatever their year and precision. */
    @Test
    void instantsAreWrittenAsInstantToStringAndReadBack() {
        Random random = new Random(6238);
        for (int i = 0; i < 20_000; i++) {
            Instant t = GeneratedDocuments.instant(random);
            UserDocument doc = UserDocument.empty().withFlow(Optional.of(new FlowState("f", 0, t)));
            String json = DocumentJson.encode(doc);
            assertThat(json).endsWith(",\"started\":\"" + t + "\"}}");
            assertThat(DocumentJson.decode(json)).isEqualTo(doc);
        }
    }

    /** Whatever an instant's text, the codec reads it exactly as {@link Instant#parse} does, or refuses it. */
    @Test
    void instantTextIsReadAsInstantParseReadsIt() {
        Random random = new Random(4226);
        String alphabet = "0123456789-:.TZtz+ ";
        List<String> texts = new ArrayList<>(List.of("2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z", "2026-12-31T23:59:60Z", "2026-01-01T00:00:00.Z",
                "2026-01-01T00:00:00.1234567890Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2026-01-01T00:00:00.5Z", "1900-02-29T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z",
                "2026-01-01t00:00:00z", "2026-01-01T00:00:00+01:00", "+10000-01-01T00:00:00Z", "-2026-01-01T00:00:00Z"));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder(GeneratedDocuments.instant(random).toString());
            for (int edits = random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.insert(at, (char) ('0' + random.nextInt(10)));
                    default -> text.deleteCharAt(at);
                }
            }
            texts.add(text.toString());
        }
        for (String text : texts) {
            String json = "{\"format\":1,\"providers\":[],\"accountFailures\":0,\"factorEpoch\":0,"
                    + "\"flow\":{\"id\":\"f\",\"failures\":0,\"started\":\"" + text + "\"}}";
            Instant expected;
            try {
                expected = Instant.parse(text);
            } catch (DateTimeException e) {
                assertThatThrownBy(() -> DocumentJson.decode(json)).as(text).isInstanceOf(MfaStoreException.class)
                        .hasMessage("a stored MFA document cannot be read: a value is out of range or not an instant");
                continue;
            }
            assertThat(DocumentJson.decode(json).flow().orElseThrow().started()).as(text).isEqualTo(expected);
        }
    }

    // ------------------------------------------------------------------------------------------- refusals

    private static final String DOC = "{\"format\":1,\"providers\":[%s],\"accountFailures\":0,\"factorEpoch\":0%s}";
    private static final String ENTRY = "{\"id\":\"totp\",\"active\":true,\"created\":\"2026-01-01T00:00:00Z\","
            + "\"updated\":\"2026-01-01T00:00:00Z\",\"failures\":0,\"lockouts\":0,\"properties\":{%s},"
            + "\"challenge\":{}%s}";
    private static final String FLOW = ",\"flow\":{\"id\":\"f\",\"failures\":0,\"started\":\"2026-01-01T00:00:00Z\"%s}";

    /** Each refusal, with its whole message: fields and positions, never a value (SECRET stands for one). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {"format":1, SECRET                                      | it is not well-formed JSON (line 1, column 14)
            ``                                                       | the top level is not an object
            null                                                     | the top level is not an object
            ["SECRET"]                                               | the top level is not an object
            {"providers":[]}                                         | the document has no 'format'
            {"format":null}                                          | the document has no 'format'
            {"format":"SECRET"}                                      | 'format' of the document is not a whole number
            {"format":1.0}                                           | 'format' of the document is not a whole number
            {"format":12345678901234567890}                          | 'format' of the document is not a whole number
            {"format":0}                                             | format 0 is not valid
            {"format":1,"x":"SECRET","b":1,"providers":[]}           | the document has fields this mfa4j does not know [b, x]; refusing to read it rather than drop them on the next write
            {"format":1}                                             | the document has no 'providers'
            {"format":1,"providers":{}}                              | 'providers' of the document is not an array
            {"format":1,"providers":["SECRET"]}                      | an entry of 'providers' is not an object
            {"format":1,"providers":[{"active":true}]}               | a provider entry has no 'id'
            {"format":1,"providers":[{"id":7}]}                      | 'id' of a provider entry is not a string
            {"format":1,"providers":[],"defaultProvider":1}          | 'defaultProvider' of the document is not a string
            {"format":1,"providers":[],"accountFailures":"SECRET"}   | 'accountFailures' of the document is not a whole number
            {"format":1,"providers":[],"accountFailures":4294967296} | 'accountFailures' of the document does not fit an int
            {"format":1,"providers":[],"accountFailures":-1,"factorEpoch":0} | a value is out of range or not an instant
            {"format":1,"providers":[],"accountFailures":0}          | the document has no 'factorEpoch'
            {"format":1,"providers":[],"accountFailures":0,"factorEpoch":0,"flow":[]} | 'flow' of the document is not an object
            """)
    void documentsAreRefusedNamingTheFieldNeverTheValue(String json, String why) {
        assertRefused(json, why);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ,"x":"SECRET"                  | ``                    | provider 'totp' has fields this mfa4j does not know [x]; refusing to read it rather than drop them on the next write
            ``                             | "code":"SECRET","code":"SECRET" | it is not well-formed JSON (line 1, column 181)
            ,"active":false                | ``                    | it is not well-formed JSON (line 1, column 184)
            ``                             | "code":1.5            | 'code' in 'properties' of provider 'totp' is a number, not a string, whole number, boolean or array of strings
            ``                             | "code":null           | 'code' in 'properties' of provider 'totp' is a null, not a string, whole number, boolean or array of strings
            ``                             | "code":{"k":"SECRET"} | 'code' in 'properties' of provider 'totp' is an object, not a string, whole number, boolean or array of strings
            ``                             | "code":["SECRET",1]   | 'code' in 'properties' of provider 'totp' is an array with an element that is not a string
            ``                             | "code":123456789012345678901234567890 | 'code' in 'properties' of provider 'totp' does not fit a long
            ,"lastUsed":"SECRET"           | ``                    | a value is out of range or not an instant
            ,"lockedUntil":1               | ``                    | 'lockedUntil' of provider 'totp' is not a string
            """)
    void providerEntriesAreRefusedNamingTheFieldNeverTheValue(String extraField, String properties, String why) {
        assertRefused(String.format(DOC, String.format(ENTRY, properties, extraField), ""), why);
    }

    /** Each field of an entry in turn: the entry's text with one field replaced, and the refusal. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            "active":true                       | "x":0                        | provider 'totp' has fields this mfa4j does not know [x]; refusing to read it rather than drop them on the next write
            "active":true                       | "active":null                | provider 'totp' has no 'active'
            "active":true                       | "active":"SECRET"            | 'active' of provider 'totp' is not a boolean
            "created":"2026-01-01T00:00:00Z"    | "created":null               | provider 'totp' has no 'created'
            "updated":"2026-01-01T00:00:00Z"    | "updated":["SECRET"]         | 'updated' of provider 'totp' is not a string
            "updated":"2026-01-01T00:00:00Z"    | "updated":"SECRET"           | a value is out of range or not an instant
            "failures":0                        | "failures":0.5               | 'failures' of provider 'totp' is not a whole number
            "failures":0                        | "failures":-1                | a value is out of range or not an instant
            "lockouts":0                        | "lockouts":-2147483649       | 'lockouts' of provider 'totp' does not fit an int
            "properties":{}                     | "properties":"SECRET"        | 'properties' of provider 'totp' is not an object
            "challenge":{}                      | "challenge":{"c":[["SECRET"]]} | 'c' in 'challenge' of provider 'totp' is an array with an element that is not a string
            "challenge":{}                      | "challenge":null             | provider 'totp' has no 'challenge'
            """)
    void eachProviderFieldIsChecked(String field, String replacement, String why) {
        String entry = String.format(ENTRY, "", "");
        assertThat(entry).contains(field);
        assertRefused(String.format(DOC, entry.replace(field, replacement), ""), why);
    }

    @Test
    void aProviderIdTwiceIsRefused() {
        String entry = String.format(ENTRY, "", "");
        assertRefused(String.format(DOC, entry + "," + entry, ""), "provider 'totp' appears twice");
    }

    @Test
    void theFlowIsCheckedField() {
        assertRefused(String.format(DOC, "", String.format(FLOW, ",\"x\":\"SECRET\"")),
                "the flow has fields this mfa4j does not know [x]; refusing to read it rather than drop them on the"
                        + " next write");
        assertRefused(String.format(DOC, "", FLOW.replace("\"id\":\"f\",", "").replace("%s", "")),
                "the flow has no 'id'");
        assertRefused(String.format(DOC, "", String.format(FLOW, "").replace("\"failures\":0", "\"failures\":\"SECRET\"")),
                "'failures' of the flow is not a whole number");
        assertRefused(String.format(DOC, "", String.format(FLOW, "").replace("\"failures\":0", "\"failures\":-1")),
                "a value is out of range or not an instant");
        assertRefused(String.format(DOC, "", String.format(FLOW, "").replace("2026-01-01T00:00:00Z", "SECRET")),
                "a value is out of range or not an instant");
    }

    /**
     * Keys come in any order, so which refusal wins is fixed by kind, not by place: text that is not JSON, then
     * the format, then the fields in the order of the class comment.
     */
    @Test
    void refusalsAreDecidedInAFixedOrderWhateverTheKeyOrder() {
        // jsonb sorts "flow" before "format": a newer format still asks for an upgrade, not about the flow.
        assertThatThrownBy(() -> DocumentJson.decode("{\"flow\": {\"newField\": 1}, \"format\": 2, \"providers\": 3}"))
                .isInstanceOf(MfaStoreException.class).hasMessageContaining("format 2").hasMessageContaining("newer");
        // A duplicate key, even in a value only skipped, wins over the unknown field before it.
        assertRefused("{\"x\":{\"SECRET\":1,\"SECRET\":2},\"format\":1}", "it is not well-formed JSON (line 1, column 26)");
        // Broken text at the end wins over a wrong field at the start.
        assertRefused("{\"format\":\"SECRET\",\"providers\":[] x", "it is not well-formed JSON (line 1, column 35)");
        // The providers come before the flow, whatever the text's order.
        assertRefused("{\"flow\":1,\"format\":1,\"providers\":[1],\"accountFailures\":0,\"factorEpoch\":0}",
                "an entry of 'providers' is not an object");
        // Within an entry: the id first, then unknown fields, then the fields in order.
        assertRefused("{\"format\":1,\"providers\":[{\"challenge\":1,\"z\":2,\"active\":\"SECRET\",\"id\":\"p\"}]}",
                "provider 'p' has fields this mfa4j does not know [z]; refusing to read it rather than drop them on"
                        + " the next write");
        assertRefused("{\"format\":1,\"providers\":[{\"challenge\":1,\"active\":\"SECRET\",\"id\":\"p\"}]}",
                "'active' of provider 'p' is not a boolean");
        // The first bad entry of the array.
        assertRefused(String.format(DOC, String.format(ENTRY, "\"a\":null", "") + ",7", ""),
                "'a' in 'properties' of provider 'totp' is a null, not a string, whole number, boolean or array of strings");
    }

    private static void assertRefused(String json, String why) {
        assertThatThrownBy(() -> DocumentJson.decode(json)).as(json)
                .isInstanceOf(MfaStoreException.class)
                .hasNoCause()
                .hasMessage("a stored MFA document cannot be read: " + why);
    }

    /** The tree with its keys as jsonb orders them (by length, then bytes), or shuffled. */
    private static JsonNode reordered(JsonNode node, Random random, boolean jsonb) {
        if (node instanceof ObjectNode object) {
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            if (jsonb) {
                keys.sort(Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
            } else {
                Collections.shuffle(keys, random);
            }
            ObjectNode copy = object.objectNode();
            keys.forEach(k -> copy.set(k, reordered(object.get(k), random, jsonb)));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = array.arrayNode();
            array.forEach(item -> copy.add(reordered(item, random, jsonb)));
            return copy;
        }
        return node;
    }
}
