package org.mfa4j.store;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import org.mfa4j.MfaStoreException;

/**
 * One user's MFA state as the engine wrote it, opaque to stores: a store keeps it whole and gives it back,
 * as the object it was handed ({@link InMemoryMfaStore}) or as its {@linkplain #json() JSON text}
 * ({@link JdbcMfaStore}, or a store of your own). No store reads or builds the engine's counters, locks or
 * flows: there is no public type for them.
 *
 * <p>A document built from stored text ({@link #ofJson}) is decoded by the engine when it first reads it, and
 * the decoded form is kept with this object, so a store that remembers documents decodes each at most once.
 * Text that is not a valid document (written by hand, crafted, or by a newer mfa4j) is refused then, with an
 * {@link MfaStoreException} that names the problem, never the content.
 *
 * <p>Immutable and thread-safe; compared by identity (a store may keep the same value as other text, as
 * PostgreSQL's {@code jsonb} does). {@link #toString} shows only the size: documents hold sealed secrets.
 */
public final class Document {

    /**
     * The engine's decoded form of a document. Implemented by mfa4j's engine only; a store never needs it.
     */
    public interface Content {

        /** This content as the document's JSON text. */
        String toJson();
    }

    private final Instant writtenAt;
    private volatile Content content;
    private volatile String json;

    private Document(Content content, String json, Instant writtenAt) {
        this.content = content;
        this.json = json;
        this.writtenAt = writtenAt;
    }

    /** For the engine: a document holding {@code content}, written at {@code writtenAt} by the engine's clock. */
    public static Document of(Content content, Instant writtenAt) {
        return new Document(Objects.requireNonNull(content, "content"), null,
                Objects.requireNonNull(writtenAt, "writtenAt"));
    }

    /**
     * For stores that keep text: the document stored as {@code json} and last written at {@code writtenAt}
     * (the stored time, if the store keeps one, or the time it was read). Not parsed here.
     */
    public static Document ofJson(String json, Instant writtenAt) {
        return new Document(null, Objects.requireNonNull(json, "json"), Objects.requireNonNull(writtenAt, "writtenAt"));
    }

    /** The document as JSON text, for a store to keep (computed once). */
    public String json() {
        String j = json;
        if (j == null) {
            j = content.toJson();
            json = j;
        }
        return j;
    }

    /** When the engine wrote this document, by the engine's clock: a store stamps its rows with it. */
    public Instant writtenAt() {
        return writtenAt;
    }

    /**
     * For the engine: the decoded content, decoding the JSON text with {@code decoder} the first time.
     *
     * @throws MfaStoreException when the content is not of {@code type} (a document the engine did not write)
     */
    public <C extends Content> C content(Class<C> type, Function<String, C> decoder) {
        Content c = content;
        if (c == null) {
            c = decoder.apply(json);
            content = c;
        }
        if (!type.isInstance(c)) {
            throw new MfaStoreException("the store returned a document mfa4j's engine did not write");
        }
        return type.cast(c);
    }

    @Override
    public String toString() {
        String j = json;
        return j == null ? "Document[not encoded]" : "Document[" + j.length() + " chars]";
    }
}
