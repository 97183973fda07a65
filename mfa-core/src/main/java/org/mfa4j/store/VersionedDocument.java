package org.mfa4j.store;

import java.util.Objects;

/** A stored document with the version a compare-and-set must name. Versions start at 1. */
public record VersionedDocument(Document document, long version) {

    public VersionedDocument {
        Objects.requireNonNull(document, "document");
        if (version < 1) {
            throw new IllegalArgumentException("stored versions start at 1");
        }
    }
}
