package org.mfa4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a page needs to show a provider's setup, edit or authentication step: named text values (an
 * otpauth URI, a redirect URL, options JSON, recovery codes) and named binary values (a QR code PNG).
 * Never HTML. Values may be secret (a TOTP seed for manual entry), so {@code toString} names keys only.
 */
public final class View {

    private static final View EMPTY = new View(Map.of(), Map.of());

    private final Map<String, String> values;
    private final Map<String, byte[]> binaries;

    private View(Map<String, String> values, Map<String, byte[]> binaries) {
        this.values = values;
        this.binaries = binaries;
    }

    public static View empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value, or an exception naming the missing key. */
    public String require(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException("view has no value '" + key + "'");
        }
        return v;
    }

    /** A copy of the binary value, if any. */
    public Optional<byte[]> binary(String key) {
        byte[] b = binaries.get(key);
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }

    public Set<String> keys() {
        return values.keySet();
    }

    public Set<String> binaryKeys() {
        return binaries.keySet();
    }

    @Override
    public String toString() {
        return "View[keys=" + values.keySet() + ", binaries=" + binaries.keySet() + "]";
    }

    /** Builds a {@link View}; keys keep their insertion order. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, byte[]> binaries = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder put(String key, String value) {
            values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder putBinary(String key, byte[] value) {
            binaries.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value").clone());
            return this;
        }

        public View build() {
            return new View(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values)),
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>(binaries)));
        }
    }
}
