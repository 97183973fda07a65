package org.mfa4j.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mfa4j.MfaUser;
import org.mfa4j.spi.Credential;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.PropertyMap;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.SecretCipher;

/**
 * A provider's view of its entry during one operation. Reads come from the loaded record; writes are
 * staged (maps are copied on the first write only) and turned into the next record by {@link #result()},
 * which the engine writes with the rest of the operation in one compare-and-set.
 */
public final class StagedProperties implements PropertyManager, StagedMap.Owner {

    private final MfaUser user;
    private final String providerId;
    private final SecretCipher cipher;
    private final Instant now;
    private final ProviderRecord original;
    private boolean exists;
    private boolean deletedOnce;
    private boolean changed;
    private final StagedMap properties;
    private final SecureRandom random;
    /** Made on first use, as is {@link #credentials}: a verification by code touches neither. */
    private StagedMap challenge;
    private StagedCredentials credentials;
    /** The login flow {@link #challenge()} is to be scoped to, until it first is; null when none or done. */
    private String flowId;
    private List<SecretBytes> userHandles = List.of();

    public StagedProperties(MfaUser user, String providerId, ProviderRecord original, SecretCipher cipher,
                            SecureRandom random, Instant now) {
        this.user = user;
        this.providerId = providerId;
        this.cipher = cipher;
        this.now = now;
        this.original = original;
        this.exists = original != null;
        this.properties = new StagedMap(original == null ? Map.of() : original.properties(), this, cipher,
                user.id(), providerId, "");
        this.random = random;
    }

    private StagedMap challengeMap() {
        if (challenge == null) {
            challenge = new StagedMap(original == null ? Map.of() : original.challenge(), this, cipher, user.id(),
                    providerId, "challenge:");
        }
        return challenge;
    }

    private StagedCredentials stagedCredentials() {
        if (credentials == null) {
            credentials = new StagedCredentials(original == null ? List.of() : original.credentials(), this, cipher,
                    random, user.id(), providerId, now);
        }
        return credentials;
    }

    /** The record to write: empty if the entry was deleted or never created; the original if unchanged. */
    public Optional<ProviderRecord> result() {
        if (!exists) {
            return Optional.empty();
        }
        if (!changed && original != null) {
            return Optional.of(original);
        }
        ProviderRecord base = base();
        return Optional.of(record(base, base.lastUsed(), base.failures(), base.lockedUntil(), base.lockouts(),
                challenge == null ? base.challenge() : challenge.current()));
    }

    /**
     * The record to write after a success: {@link #result()} as last used now, with no failures, lock or
     * challenge values left (empty if the entry was deleted), built once.
     */
    public Optional<ProviderRecord> succeeded() {
        return exists ? Optional.of(record(base(), Optional.of(now), 0, Optional.empty(), 0, Map.of()))
                : Optional.empty();
    }

    private ProviderRecord base() {
        return original == null || deletedOnce ? ProviderRecord.created(now) : original;
    }

    private ProviderRecord record(ProviderRecord base, Optional<Instant> lastUsed, int failures,
                                  Optional<Instant> lockedUntil, int lockouts, Map<String, Object> challengeValues) {
        return new ProviderRecord(base.active(), base.created(), properties.dirty ? now : base.updated(), lastUsed,
                failures, lockedUntil, lockouts, properties.current(), challengeValues,
                credentials == null ? base.credentials() : credentials.result());
    }

    /** Whether anything was staged. */
    public boolean changed() {
        return changed;
    }

    @Override
    public MfaUser user() {
        return user;
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public boolean hasEntry() {
        return exists;
    }

    @Override
    public void createEntry() {
        if (!exists) {
            exists = true;
            changed = true;
        }
    }

    @Override
    public void deleteEntry() {
        if (exists) {
            exists = false;
            deletedOnce = true;
            changed = true;
            properties.clear();
            challengeMap().clear();
            stagedCredentials().clear();
        }
    }

    @Override
    public boolean isActive() {
        return exists && original != null && !deletedOnce && original.active();
    }

    @Override
    public Optional<Instant> created() {
        return exists && original != null && !deletedOnce ? Optional.of(original.created()) : Optional.empty();
    }

    @Override
    public Optional<Instant> updated() {
        return exists && original != null && !deletedOnce ? Optional.of(original.updated()) : Optional.empty();
    }

    @Override
    public Optional<Instant> lastUsed() {
        return exists && original != null && !deletedOnce ? original.lastUsed() : Optional.empty();
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public PropertyMap challenge() {
        if (flowId != null) {
            // Scoped on first use, not in inFlow: most verifications (an app's code) never touch the challenge.
            challengeMap().scope(LoginFlow.tag(flowId));
            flowId = null;
        }
        return challengeMap();
    }

    /**
     * Binds {@link #challenge()} to the login flow {@code flowId} (a digest of the session id): what a
     * provider prepares for one session's answer is kept apart from another session's, so a flow started
     * elsewhere does not void it.
     */
    public StagedProperties inFlow(String flowId) {
        this.flowId = flowId;
        return this;
    }

    @Override
    public void written() {
        changed = true;
        exists = true;
    }

    @Override
    public List<Credential> credentials() {
        return stagedCredentials().all();
    }

    @Override
    public Optional<Credential> credential(String credentialId) {
        return stagedCredentials().find(credentialId);
    }

    @Override
    public Credential addCredential(String label) {
        return stagedCredentials().add(label);
    }

    @Override
    public void removeCredential(String credentialId) {
        stagedCredentials().remove(credentialId);
    }

    @Override
    public void addUserHandle(SecretBytes handle) {
        int n = Objects.requireNonNull(handle, "handle").length();
        if (n < 1 || n > Passkeys.MAX_USER_HANDLE_BYTES) {
            throw new IllegalArgumentException("a user handle must be 1 to " + Passkeys.MAX_USER_HANDLE_BYTES
                    + " bytes");
        }
        userHandles = new ArrayList<>(userHandles);
        userHandles.add(handle);
    }

    /** The handles the provider asked to find this user by, in this run. */
    List<SecretBytes> userHandles() {
        return userHandles;
    }

    /** For the core's rename: false when the entry has no such credential. */
    boolean renameCredential(String credentialId, String label) {
        return stagedCredentials().rename(credentialId, label);
    }

    /** For the core's removal: false when the entry has no such credential. */
    boolean dropCredential(String credentialId) {
        return stagedCredentials().remove(credentialId);
    }

    // PropertyMap, delegated to the persistent properties.

    @Override
    public boolean contains(String key) {
        return properties.contains(key);
    }

    @Override
    public Optional<String> getString(String key) {
        return properties.getString(key);
    }

    @Override
    public Optional<Long> getLong(String key) {
        return properties.getLong(key);
    }

    @Override
    public Optional<Boolean> getBoolean(String key) {
        return properties.getBoolean(key);
    }

    @Override
    public Optional<Instant> getInstant(String key) {
        return properties.getInstant(key);
    }

    @Override
    public List<String> getStringList(String key) {
        return properties.getStringList(key);
    }

    @Override
    public Optional<SecretBytes> getSecret(String key) {
        return properties.getSecret(key);
    }

    @Override
    public void putString(String key, String value) {
        properties.putString(key, value);
    }

    @Override
    public void putLong(String key, long value) {
        properties.putLong(key, value);
    }

    @Override
    public void putBoolean(String key, boolean value) {
        properties.putBoolean(key, value);
    }

    @Override
    public void putInstant(String key, Instant value) {
        properties.putInstant(key, value);
    }

    @Override
    public void putStringList(String key, List<String> value) {
        properties.putStringList(key, value);
    }

    @Override
    public void putSecret(String key, SecretBytes value) {
        properties.putSecret(key, value);
    }

    @Override
    public void putHashed(String key, SecretBytes value) {
        properties.putHashed(key, value);
    }

    @Override
    public boolean matchesHashed(String key, SecretBytes candidate) {
        return properties.matchesHashed(key, candidate);
    }

    @Override
    public void remove(String key) {
        properties.remove(key);
    }

    @Override
    public String toString() {
        return "PropertyManager[user=" + user.id() + ", provider=" + providerId + ", entry=" + exists + "]";
    }
}
