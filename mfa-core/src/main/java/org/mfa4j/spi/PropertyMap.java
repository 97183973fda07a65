package org.mfa4j.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Typed properties of one provider entry. Values are strings, longs, booleans, instants and string lists,
 * so every store can keep them as JSON. Secrets are sealed with AES-GCM under the application key, bound
 * to the user, the provider and the property name, so a sealed value copied elsewhere does not open.
 * Changes are staged and written by the core in one compare-and-set with the rest of the operation.
 */
public interface PropertyMap {

    boolean contains(String key);

    Optional<String> getString(String key);

    Optional<Long> getLong(String key);

    Optional<Boolean> getBoolean(String key);

    Optional<Instant> getInstant(String key);

    /** The list, or an empty list when absent. */
    List<String> getStringList(String key);

    /** Opens a sealed secret; a tampered or foreign value throws {@link org.mfa4j.MfaSecretException}. */
    Optional<SecretBytes> getSecret(String key);

    void putString(String key, String value);

    void putLong(String key, long value);

    void putBoolean(String key, boolean value);

    void putInstant(String key, Instant value);

    void putStringList(String key, List<String> value);

    /** Seals and stores a secret. */
    void putSecret(String key, SecretBytes value);

    /**
     * Stores a keyed hash of {@code value} (HMAC-SHA256 under a key derived from the application key, bound to
     * the user, provider and property): for a value that is checked but never read back, such as a one-time
     * code. Neither the value nor anything a leaked database could try offline is stored.
     */
    void putHashed(String key, SecretBytes value);

    /** Whether {@code candidate} is the value {@link #putHashed} stored under {@code key}, in constant time. */
    boolean matchesHashed(String key, SecretBytes candidate);

    void remove(String key);
}
