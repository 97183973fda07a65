package org.mfa4j.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * An insertion-ordered map from string keys, kept in two arrays and searched linearly: for the handful of
 * entries of a provider's properties or a user's providers, a copy is two array copies instead of a hash
 * table and a node per entry, which is what an operation pays each time it stages a change. Mutable and
 * not thread-safe until {@link #freeze()}; from then on every change throws, and records may share it
 * (final fields and the record's own publication make it safe to read from any thread). Null keys are
 * refused; equality and hash code are those of {@link Map}.
 *
 * @param <V> the value type
 */
public final class SmallMap<V> extends AbstractMap<String, V> {

    private String[] keys;
    private Object[] values;
    private int size;
    private int modifications;
    private boolean frozen;

    public SmallMap(int capacity) {
        keys = new String[Math.max(capacity, 2)];
        values = new Object[keys.length];
    }

    /** A copy of {@code source}, in its iteration order, with room for {@code extra} more entries. */
    public SmallMap(Map<String, ? extends V> source, int extra) {
        if (source instanceof SmallMap<?> s) {
            keys = Arrays.copyOf(s.keys, Math.max(s.size + extra, 2));
            values = Arrays.copyOf(s.values, keys.length);
            size = s.size;
            return;
        }
        keys = new String[Math.max(source.size() + extra, 2)];
        values = new Object[keys.length];
        for (Map.Entry<String, ? extends V> e : source.entrySet()) {
            keys[size] = Objects.requireNonNull(e.getKey(), "key");
            values[size] = e.getValue();
            size++;
        }
    }

    /**
     * {@code map} as a frozen map: itself when it is a frozen {@code SmallMap} already (so records derived
     * from one another share their maps), {@link Map#of()} when empty, otherwise a frozen copy.
     */
    @SuppressWarnings("unchecked")
    public static <V> Map<String, V> frozenCopyOf(Map<String, ? extends V> map) {
        Objects.requireNonNull(map, "map");
        if (map instanceof SmallMap<?> s && s.frozen) {
            return (Map<String, V>) map;
        }
        if (map.isEmpty()) {
            return Map.of();
        }
        return new SmallMap<V>(map, 0).freeze();
    }

    /** Makes this map unchangeable from now on and returns it. */
    public SmallMap<V> freeze() {
        frozen = true;
        return this;
    }

    /** Whether {@link #freeze()} was called. */
    public boolean isFrozen() {
        return frozen;
    }

    private void requireMutable() {
        if (frozen) {
            throw new UnsupportedOperationException("frozen map");
        }
    }

    private int indexOf(Object key) {
        String[] k = keys;
        // Keys are mostly the providers' string constants: look for the same instance before comparing text.
        for (int i = 0; i < size; i++) {
            if (k[i] == key) {
                return i;
            }
        }
        for (int i = 0; i < size; i++) {
            if (k[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) values[i];
    }

    @Override
    @SuppressWarnings("unchecked")
    public V put(String key, V value) {
        requireMutable();
        Objects.requireNonNull(key, "key");
        int i = indexOf(key);
        if (i >= 0) {
            V old = (V) values[i];
            values[i] = value;
            return old;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = key;
        values[size] = value;
        size++;
        modifications++;
        return null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(Object key) {
        requireMutable();
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        V old = (V) values[i];
        System.arraycopy(keys, i + 1, keys, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        keys[size] = null;
        values[size] = null;
        modifications++;
        return old;
    }

    @Override
    public void clear() {
        requireMutable();
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        modifications++;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super String, ? super V> action) {
        int expected = modifications;
        for (int i = 0; i < size; i++) {
            action.accept(keys[i], (V) values[i]);
            if (modifications != expected) {
                throw new ConcurrentModificationException();
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void replaceAll(BiFunction<? super String, ? super V, ? extends V> function) {
        requireMutable();
        int expected = modifications;
        for (int i = 0; i < size; i++) {
            values[i] = function.apply(keys[i], (V) values[i]);
            if (modifications != expected) {
                throw new ConcurrentModificationException();
            }
        }
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private final int expected = modifications;
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Map.Entry<String, V> next() {
                        if (modifications != expected) {
                            throw new ConcurrentModificationException();
                        }
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(keys[i], (V) values[i]);
                    }
                };
            }
        };
    }
}
