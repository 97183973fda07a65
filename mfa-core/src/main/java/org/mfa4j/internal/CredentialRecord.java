package org.mfa4j.internal;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One credential of a provider's entry (a security key, an authenticator app, a phone number): its id, the
 * user's label for it, times, and the provider's properties of it (secrets sealed). Immutable.
 */
public record CredentialRecord(String id, String label, Instant created, Optional<Instant> lastUsed,
                               Map<String, Object> properties) {

    public CredentialRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastUsed, "lastUsed");
        properties = SmallMap.frozenCopyOf(properties);
    }

    CredentialRecord withLabel(String label) {
        return new CredentialRecord(id, label, created, lastUsed, properties);
    }

    CredentialRecord withLastUsed(Instant at) {
        return new CredentialRecord(id, label, created, Optional.of(at), properties);
    }

    CredentialRecord withProperties(Map<String, Object> properties) {
        return new CredentialRecord(id, label, created, lastUsed, properties);
    }

    @Override
    public String toString() {
        return "CredentialRecord[id=" + id + ", properties=" + properties.keySet() + "]";
    }
}
