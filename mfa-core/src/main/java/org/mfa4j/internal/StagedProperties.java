package org.mfa4j.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mfa4j.MfaUser;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.PropertyMap;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.SecretCipher;

/**
 * A provider's view of its entry during one operation. Reads come from the loaded record; writes are
 * staged (maps are copied on the first write only) and turned into the next record by {@link #result()},
 * which the engine writes with the rest of the operation in one compare-and-set.
 */
public final class StagedProperties implements PropertyManager {

    private final MfaUser user;
    private final String providerId;
    private final SecretCipher cipher;
    private final Instant now;
    private final ProviderRecord original;
    private boolean exists;
    private boolean deletedOnce;
    private boolean changed;
    private final Staged properties;
    private final Staged challenge;

    public StagedProperties(MfaUser user, String providerId, ProviderRecord original, SecretCipher cipher,
                            Instant now) {
        this.user = user;
        this.providerId = providerId;
        this.cipher = cipher;
        this.now = now;
        this.original = original;
        this.exists = original != null;
        this.properties = new Staged(original == null ? Map.of() : original.properties(), false);
        this.challenge = new Staged(original == null ? Map.of() : original.challenge(), true);
    }

    /** The record to write: empty if the entry was deleted or never created; the original if unchanged. */
    public Optional<ProviderRecord> result() {
        if (!exists) {
            return Optional.empty();
        }
        if (!changed && original != null) {
            return Optional.of(original);
        }
        ProviderRecord base = original == null || deletedOnce ? ProviderRecord.created(now) : original;
        return Optional.of(new ProviderRecord(base.active(), base.created(), properties.dirty ? now : base.updated(),
                base.lastUsed(), base.failures(), base.lockedUntil(), base.lockouts(), properties.current(),
                challenge.current()));
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
            challenge.clear();
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
        return challenge;
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
    public void remove(String key) {
        properties.remove(key);
    }

    @Override
    public String toString() {
        return "PropertyManager[user=" + user.id() + ", provider=" + providerId + ", entry=" + exists + "]";
    }

    /** One staged map; copied on first write. */
    private final class Staged implements PropertyMap {
        private final Map<String, Object> loaded;
        private SmallMap<Object> copy;
        private boolean published;
        private final boolean flowBound;
        private boolean dirty;

        Staged(Map<String, Object> loaded, boolean flowBound) {
            this.loaded = loaded;
            this.flowBound = flowBound;
        }

        /** What to read, and what the record is built from: never changed after it was handed out. */
        Map<String, Object> current() {
            if (copy == null) {
                return loaded;
            }
            published = true;
            return copy.freeze();
        }

        private Map<String, Object> writable() {
            if (copy == null || published) {
                copy = new SmallMap<>(copy == null ? loaded : copy, 1);
                published = false;
            }
            dirty = true;
            changed = true;
            exists = true;
            return copy;
        }

        void clear() {
            copy = new SmallMap<>(4);
            published = false;
            dirty = true;
        }

        private void put(String key, Object value) {
            writable().put(requireKey(key), value);
        }

        /** For reads: the staged copy or the loaded map, without publishing anything. */
        private Map<String, Object> view() {
            return copy == null ? loaded : copy;
        }

        @Override
        public boolean contains(String key) {
            return view().containsKey(key);
        }

        @Override
        public Optional<String> getString(String key) {
            return typed(key, String.class);
        }

        @Override
        public Optional<Long> getLong(String key) {
            Object v = view().get(key);
            if (v instanceof Integer i) {
                return Optional.of(i.longValue());
            }
            return typed(key, Long.class);
        }

        @Override
        public Optional<Boolean> getBoolean(String key) {
            return typed(key, Boolean.class);
        }

        @Override
        public Optional<Instant> getInstant(String key) {
            return getString(key).map(s -> {
                try {
                    return Instant.parse(s);
                } catch (DateTimeParseException e) {
                    throw new IllegalStateException("property '" + key + "' of provider '" + providerId
                            + "' is not an instant");
                }
            });
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> getStringList(String key) {
            Object v = view().get(key);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> l)) {
                throw wrongType(key, "a string list");
            }
            for (Object o : l) {
                if (!(o instanceof String)) {
                    throw wrongType(key, "a string list");
                }
            }
            return List.copyOf((List<String>) l);
        }

        @Override
        public Optional<SecretBytes> getSecret(String key) {
            return getString(key).map(s -> cipher.open(s, context(key)));
        }

        @Override
        public void putString(String key, String value) {
            put(key, Objects.requireNonNull(value, "value"));
        }

        @Override
        public void putLong(String key, long value) {
            put(key, value);
        }

        @Override
        public void putBoolean(String key, boolean value) {
            put(key, value);
        }

        @Override
        public void putInstant(String key, Instant value) {
            put(key, Objects.requireNonNull(value, "value").toString());
        }

        @Override
        public void putStringList(String key, List<String> value) {
            put(key, List.copyOf(value));
        }

        @Override
        public void putSecret(String key, SecretBytes value) {
            put(key, cipher.seal(Objects.requireNonNull(value, "value"), context(key)));
        }

        @Override
        public void remove(String key) {
            if (view().containsKey(key)) {
                writable().remove(key);
            }
        }

        private String[] context(String key) {
            return new String[] {user.id(), providerId, flowBound ? "challenge:" + key : key};
        }

        private <T> Optional<T> typed(String key, Class<T> type) {
            Object v = view().get(key);
            if (v == null) {
                return Optional.empty();
            }
            if (!type.isInstance(v)) {
                throw wrongType(key, type.getSimpleName());
            }
            return Optional.of(type.cast(v));
        }

        private IllegalStateException wrongType(String key, String expected) {
            return new IllegalStateException("property '" + key + "' of provider '" + providerId + "' is not "
                    + expected);
        }

        private String requireKey(String key) {
            if (key == null || key.isEmpty() || key.length() > 64) {
                throw new IllegalArgumentException("property keys are 1 to 64 characters");
            }
            return key;
        }
    }
}
