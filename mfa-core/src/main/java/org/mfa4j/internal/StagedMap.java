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
 * One staged map of a provider's entry (its properties, its flow-bound challenge properties, or one
 * credential's properties): reads come from the loaded map; the first write copies it. Secrets are sealed
 * under associated data that names the user, the provider and where the value sits, so a sealed value moved
 * to another key, credential or user does not open.
 */
class StagedMap implements PropertyMap {

    /** Told of every write, so the entry knows it changed. */
    interface Owner {
        void written();
    }

    private final Map<String, Object> loaded;
    private final Owner owner;
    private final SecretCipher cipher;
    private final String userId;
    private final String providerId;
    /** Prefix of a secret's key in its associated data: "" for properties, "challenge:", "credential:<id>:". */
    private final String place;
    private SmallMap<Object> copy;
    private boolean published;
    private String scope = "";
    boolean dirty;

    StagedMap(Map<String, Object> loaded, Owner owner, SecretCipher cipher, String userId, String providerId,
              String place) {
        this.loaded = loaded;
        this.owner = owner;
        this.cipher = cipher;
        this.userId = userId;
        this.providerId = providerId;
        this.place = place;
    }

    /** What to read, and what the record is built from: never changed after it was handed out. */
    /** Called on every write. */
    void written() {
        owner.written();
    }

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
        owner.written();
        return copy;
    }

    void clear() {
        copy = new SmallMap<>(4);
        published = false;
        dirty = true;
    }

    private void put(String key, Object value) {
        writable().put(scoped(requireKey(key)), value);
    }

    /** For reads: the staged copy or the loaded map, without publishing anything. */
    private Map<String, Object> view() {
        return copy == null ? loaded : copy;
    }

    @Override
    public boolean contains(String key) {
        return view().containsKey(scoped(key));
    }

    @Override
    public Optional<String> getString(String key) {
        return typed(key, String.class);
    }

    @Override
    public Optional<Long> getLong(String key) {
        Object v = view().get(scoped(key));
        if (v instanceof Long l) {
            return Optional.of(l);
        } else if (v instanceof Integer i) {
            return Optional.of(i.longValue());
        } else if (v == null) {
            return Optional.empty();
        }
        throw wrongType(key, Long.class.getSimpleName());
    }

    @Override
    public Optional<Boolean> getBoolean(String key) {
        return typed(key, Boolean.class);
    }

    @Override
    public Optional<Instant> getInstant(String key) {
        return getString(key).map(s -> {
            try {
                return Instants.parse(s);
            } catch (DateTimeParseException e) {
                throw new IllegalStateException("property '" + key + "' of provider '" + providerId
                        + "' is not an instant");
            }
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> getStringList(String key) {
        Object v = view().get(scoped(key));
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
    public void putHashed(String key, SecretBytes value) {
        put(key, cipher.hash(Objects.requireNonNull(value, "value"), context(key)));
    }

    @Override
    public boolean matchesHashed(String key, SecretBytes candidate) {
        Optional<String> stored = getString(key);
        return stored.isPresent() && cipher.matchesHash(stored.get(), Objects.requireNonNull(candidate, "candidate"),
                context(key));
    }

    @Override
    public void remove(String key) {
        if (view().containsKey(scoped(key))) {
            writable().remove(scoped(key));
        }
    }

    private String[] context(String key) {
        return new String[] {userId, providerId, place + scoped(key)};
    }

    /**
     * Keys from now on belong to {@code scope} (the login flow of a challenge map): the stored key is the
     * scope, a slash and the key, so each session's pending values sit apart from another session's.
     */
    void scope(String scope) {
        this.scope = scope.isEmpty() ? "" : scope + "/";
    }

    private String scoped(String key) {
        return scope.isEmpty() ? key : scope + key;
    }

    private <T> Optional<T> typed(String key, Class<T> type) {
        Object v = view().get(scoped(key));
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
