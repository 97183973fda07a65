package org.mfa4j.store;

import java.time.Instant;
import java.util.Optional;
import org.mfa4j.MfaUser;

/**
 * Where users' documents live: one versioned {@link Document} per user, opaque to the store. Every write is a
 * compare-and-set on the version, so two threads or two application nodes never overwrite each other's
 * change. Implementations are thread-safe; failures throw {@link org.mfa4j.MfaStoreException}.
 * Every implementation should pass {@code MfaStoreContractTest} from the core's test-jar.
 *
 * <p>Versions never repeat for a user: a store that {@linkplain #remembered remembers} documents must not
 * hand out a version again after {@link #delete}, or a version remembered from the deleted document could
 * match an unrelated new one.
 */
public interface MfaStore {

    /**
     * The first character of the ids the engine keeps its own shared documents under (the counts of send
     * budgets, across users): U+001F, a control character no user id may hold, so they never meet a user's.
     */
    String ENGINE_ID_PREFIX = "\u001F";

    /**
     * {@code id} if documents may be kept under it: a user id ({@link MfaUser#requireId}), or an engine id
     * ({@link #ENGINE_ID_PREFIX} and then an id of the same rules). Stores check every id with it.
     *
     * @throws IllegalArgumentException naming the rule broken, never quoting the id
     */
    static String requireDocumentId(String id) {
        if (id != null && id.startsWith(ENGINE_ID_PREFIX) && id.length() > 1) {
            MfaUser.requireId(id.substring(1));
            return id;
        }
        return MfaUser.requireId(id);
    }

    /** The user's document and its version, or empty if the user has none. Always a real read. */
    Optional<VersionedDocument> load(String userId);

    /**
     * The document and version this store last read or wrote for the user, if it remembers them, without
     * asking the storage: empty when it remembers none. <strong>May be stale</strong> (another thread or
     * node may have written since), so it is only for operations that write: their
     * {@link #compareAndSet} names the remembered version and is rejected when the document moved on,
     * and then they re-read with {@link #load}. A decision that does not write must rest on {@code load}.
     * Must never return a version the store could hand out again for another document of the user (see
     * {@link #delete}).
     *
     * <p>The default remembers nothing: stores whose {@code load} is cheap need not override it.
     */
    default Optional<VersionedDocument> remembered(String userId) {
        return Optional.empty();
    }

    /**
     * Writes {@code next} as version {@code expectedVersion + 1} if the stored version is still
     * {@code expectedVersion} ({@code 0}: no document yet; the new document is version 1, or, if the user's
     * document was deleted, a version higher than any it had).
     *
     * @return false if another writer got there first (nothing was written)
     */
    boolean compareAndSet(String userId, long expectedVersion, Document next);

    /**
     * Deletes the user's document if its version is still {@code expectedVersion}. Afterwards {@link #load}
     * finds none and a compare-and-set with {@code 0} creates a new one; a store that remembers documents
     * keeps the user's versions going up (for example with a tombstone), so no version is handed out twice.
     *
     * @param at when, by the engine's clock (for a store that stamps its rows)
     * @return false if the version moved on or there is no document
     */
    boolean delete(String userId, long expectedVersion, Instant at);
}
