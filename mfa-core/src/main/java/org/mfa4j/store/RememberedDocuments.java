package org.mfa4j.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The documents a {@link JdbcMfaStore} last read or wrote, by user, at most {@code capacity} of them (the
 * least recently used goes first). Of two entries for one user the higher version wins, so a slow read
 * that finishes after a write does not replace what the write left. Thread-safe; the documents are
 * immutable and hold secrets only sealed, as the table does; {@link #toString} names no user.
 */
final class RememberedDocuments {

    private final int capacity;
    private final LinkedHashMap<String, VersionedDocument> entries;

    RememberedDocuments(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, VersionedDocument> eldest) {
                return size() > RememberedDocuments.this.capacity;
            }
        };
    }

    synchronized Optional<VersionedDocument> get(String userId) {
        return Optional.ofNullable(entries.get(userId));
    }

    /** Remembers {@code doc} unless a higher version of the user's document is remembered already. */
    synchronized void put(String userId, VersionedDocument doc) {
        VersionedDocument current = entries.get(userId);
        if (current == null || current.version() < doc.version()) {
            entries.put(userId, doc);
        }
    }

    synchronized void forget(String userId) {
        entries.remove(userId);
    }

    synchronized int size() {
        return entries.size();
    }

    int capacity() {
        return capacity;
    }

    @Override
    public String toString() {
        return "RememberedDocuments[" + size() + " of " + capacity + "]";
    }
}
