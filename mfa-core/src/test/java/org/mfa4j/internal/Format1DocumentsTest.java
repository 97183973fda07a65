package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mfa4j.testing.MfaStoreContractTest;

/**
 * Documents of format 1 as stored: the file {@code format-1-documents.txt} beside this class holds, one a
 * line, what the hand-written codec of commit 9531974 wrote for {@link #documents()}. Every later codec
 * must write the same text for them (rows written by an older node and by a newer one are the same) and
 * read each line back as the document it was written from.
 */
class Format1DocumentsTest {

    static final String FILE = "format-1-documents.txt";

    /** What the file holds, in its order: a few chosen documents, then seeded generated ones. */
    static List<UserDocument> documents() {
        List<UserDocument> docs = new ArrayList<>(List.of(UserDocument.empty(), Documents.richDocument(),
                edges(), wide()));
        Random random = new Random(20260601);
        for (int i = 0; i < 150; i++) {
            docs.add(GeneratedDocuments.document(random));
        }
        return docs;
    }

    @Test
    void theCodecWritesTheStoredTextAndReadsItBack() throws IOException {
        List<String> lines = lines();
        List<UserDocument> docs = documents();
        assertThat(lines).hasSameSizeAs(docs);
        for (int i = 0; i < docs.size(); i++) {
            UserDocument doc = docs.get(i);
            String stored = lines.get(i);
            assertThat(DocumentJson.encode(doc)).as("line %d", i + 1).isEqualTo(stored);
            assertThat(DocumentJson.decode(stored)).as("line %d", i + 1).isEqualTo(doc);
            assertThat(DocumentJson.decode(DocumentJson.encode(doc))).as("line %d", i + 1).isEqualTo(doc);
        }
    }

    static List<String> lines() throws IOException {
        try (InputStream in = Format1DocumentsTest.class.getResourceAsStream(FILE)) {
            assertThat(in).as(FILE).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Extreme numbers and instants, every control character, line separators, empty keys and lists. */
    private static UserDocument edges() {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        String odd = controls + "\u007f\u0085\u00a0\u2028\u2029\ufeff\uffff\uD83D\uDE00\"\\/";
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("", "");
        props.put(odd, odd);
        props.put("max", Long.MAX_VALUE);
        props.put("min", Long.MIN_VALUE);
        props.put("zero", 0L);
        props.put("false", false);
        props.put("empty", List.of());
        props.put("blanks", List.of("", " ", odd));
        ProviderRecord far = new ProviderRecord(true, Instant.parse("+999999999-12-31T23:59:59.999999999Z"),
                Instant.parse("-999999999-01-01T00:00:00Z"), Optional.of(Instant.EPOCH), Integer.MAX_VALUE,
                Optional.of(Instant.ofEpochSecond(0, 1)), Integer.MAX_VALUE, props, Map.of(odd, List.of(odd)), List.of());
        ProviderRecord years = new ProviderRecord(false, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59.9Z"), Optional.of(Instant.parse("9999-12-31T23:59:59.99Z")),
                0, Optional.of(Instant.parse("+10000-01-01T00:00:00.000001Z")), 0, Map.of(), Map.of(), List.of());
        return UserDocument.empty().withProvider(odd, far).withProvider("years", years)
                .withDefaultProvider(Optional.of(odd)).withAccountFailures(Integer.MAX_VALUE)
                .withFactorEpoch(Long.MAX_VALUE)
                .withFlow(Optional.of(new FlowState(odd, Integer.MAX_VALUE, Instant.ofEpochSecond(-1, 999_999_999))));
    }

    /** Ten providers of twenty properties each, in an order that is not sorted. */
    private static UserDocument wide() {
        UserDocument doc = UserDocument.empty();
        Instant t = Instant.parse("2026-06-01T12:00:00Z");
        for (int p = 9; p >= 0; p--) {
            Map<String, Object> props = new LinkedHashMap<>();
            for (int k = 19; k >= 0; k--) {
                props.put("key" + k, switch (k % 4) {
                    case 0 -> "v1.k" + p + ".c2VhbGVkLXNlY3JldC12YWx1ZQ";
                    case 1 -> (long) k * 1_000_003L;
                    case 2 -> k % 3 == 0;
                    default -> List.of("h" + k, "h" + (k + 1));
                });
            }
            Map<String, Object> challenge = new LinkedHashMap<>();
            challenge.put("sent", t.toString());
            challenge.put("code", "v1.k1.Y29kZQ");
            doc = doc.withProvider("provider-" + p, ProviderRecord.created(t.plusSeconds(p)).withActive(p % 2 == 0)
                    .withProperties(props).withChallenge(challenge));
        }
        return doc.withDefaultProvider(Optional.of("provider-3")).withFactorEpoch(42);
    }
}
