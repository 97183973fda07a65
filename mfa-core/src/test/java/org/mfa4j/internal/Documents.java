package org.mfa4j.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.store.Document;
import org.mfa4j.store.VersionedDocument;

/** For store tests: the engine's documents as the opaque {@link Document}s a store keeps, and back. */
public final class Documents {

    /** The time test documents are written at. */
    public static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private Documents() {
    }

    /** A document that uses every field and every property type. */
    public static UserDocument richDocument() {
        Instant t = Instant.parse("2026-03-04T05:06:07.123Z");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("s", "text with \"quotes\", unicode \u00e9\u4e2d and \\ backslash");
        props.put("n", 1234567890123L);
        props.put("neg", -7L);
        props.put("b", Boolean.TRUE);
        props.put("list", List.of("a", "b", ""));
        props.put("empty", List.of());
        Map<String, Object> challenge = new LinkedHashMap<>();
        challenge.put("code", "v1.k1.abc");
        challenge.put("expires", "2026-03-04T05:16:07Z");
        ProviderRecord active = new ProviderRecord(true, t, t.plusSeconds(1), Optional.of(t.plusSeconds(2)), 2,
                Optional.of(t.plusSeconds(60)), 1, props, challenge, List.of());
        ProviderRecord pending = ProviderRecord.created(t);
        return UserDocument.empty().withProvider("totp", active).withProvider("recovery", pending)
                .withDefaultProvider(Optional.of("totp")).withAccountFailures(5).withFactorEpoch(9)
                .withFlow(Optional.of(new FlowState("flow-digest", 1, t)));
    }

    /** A stored document and its version, decoded: compared by content, whatever text the store keeps. */
    public record Decoded(UserDocument document, long version) {
    }

    /** What a store returned, decoded with its version. */
    public static Decoded versioned(VersionedDocument stored) {
        return new Decoded(decoded(stored), stored.version());
    }

    /** What a store returned, decoded with its version. */
    public static Optional<Decoded> versioned(Optional<VersionedDocument> stored) {
        return stored.map(Documents::versioned);
    }

    /** {@code doc} as handed to a store, written at {@link #AT}. */
    public static Document stored(UserDocument doc) {
        return doc.toDocument(AT);
    }

    /** The engine's form of what a store returned. */
    public static UserDocument decoded(VersionedDocument stored) {
        return UserDocument.of(stored.document());
    }

    /** The engine's form of what a store returned, if anything. */
    public static Optional<UserDocument> decoded(Optional<VersionedDocument> stored) {
        return stored.map(Documents::decoded);
    }
}
