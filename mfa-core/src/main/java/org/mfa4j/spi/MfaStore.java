package org.mfa4j.spi;

import java.util.Optional;

/**
 * Where users' documents live: one versioned {@link UserDocument} per user. Every write is a
 * compare-and-set on the version, so two threads or two application nodes never overwrite each other's
 * change. Implementations are thread-safe; failures throw {@link org.mfa4j.MfaStoreException}.
 * Every implementation should pass {@code MfaStoreContractTest} from the core's test-jar.
 */
public interface MfaStore {

    /** The user's document and its version, or empty if the user has none. */
    Optional<VersionedDocument> load(String userId);

    /**
     * Writes {@code next} as version {@code expectedVersion + 1} if the stored version is still
     * {@code expectedVersion} ({@code 0}: no document yet).
     *
     * @return false if another writer got there first (nothing was written)
     */
    boolean compareAndSet(String userId, long expectedVersion, UserDocument next);

    /**
     * Deletes the user's document if its version is still {@code expectedVersion}.
     *
     * @return false if the version moved on or there is no document
     */
    boolean delete(String userId, long expectedVersion);
}
