package org.mfa4j.spi;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a {@link RemoteCheck} found, as named values for the provider's verify (for example Duo's
 * {@code status} and {@code username}). {@code toString} shows the names only.
 */
public final class RemoteResult {

    private final Map<String, String> values;

    private RemoteResult(Map<String, String> values) {
        this.values = values;
    }

    public static RemoteResult of(Map<String, String> values) {
        return new RemoteResult(Map.copyOf(values));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public String toString() {
        return "RemoteResult" + new TreeSet<>(values.keySet());
    }
}
