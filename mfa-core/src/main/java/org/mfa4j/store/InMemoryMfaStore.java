package org.mfa4j.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps documents in this JVM's memory as the engine handed them over, decoded and immutable, so a
 * verification costs no encoding. For
 * tests, demos and single-node applications that accept losing MFA state on restart. Thread-safe.
 */
public final class InMemoryMfaStore implements MfaStore {

    private final ConcurrentMap<String, VersionedDocument> documents = new ConcurrentHashMap<>();

    @Override
    public Optional<VersionedDocument> load(String userId) {
        return Optional.ofNullable(documents.get(MfaStore.requireDocumentId(userId)));
    }

    @Override
    public boolean compareAndSet(String userId, long expectedVersion, Document next) {
        MfaStore.requireDocumentId(userId);
        Objects.requireNonNull(next, "next");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expected version cannot be negative");
        }
        VersionedDocument written = new VersionedDocument(next, expectedVersion + 1);
        if (expectedVersion == 0) {
            return documents.putIfAbsent(userId, written) == null;
        }
        VersionedDocument current = documents.get(userId);
        return current != null && current.version() == expectedVersion
                && documents.replace(userId, current, written);
    }

    @Override
    public boolean delete(String userId, long expectedVersion, Instant at) {
        MfaStore.requireDocumentId(userId);
        VersionedDocument current = documents.get(userId);
        return current != null && current.version() == expectedVersion && documents.remove(userId, current);
    }

    /** The number of users with a document. */
    public int size() {
        return documents.size();
    }

    @Override
    public String toString() {
        return "InMemoryMfaStore[users=" + documents.size() + "]";
    }
}
