package org.mfa4j.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One remembered device of a user ("remember this browser"): its id, the user's label for it, times, the
 * factor epoch it was remembered under (any change of the user's factors voids it) and the keyed hash of
 * its secret, never the secret. Immutable; {@code toString} leaves the hash out.
 *
 * @param id          random, public: the first half of the device's token
 * @param label       what the user called it ("Firefox on the office laptop")
 * @param created     when it was remembered
 * @param lastSeen    when it last signed the user in
 * @param expires     when it stops counting
 * @param factorEpoch the user's factor epoch when it was remembered
 * @param hash        {@code SecretCipher.hash} of its secret, in the context of the user and this id
 */
public record DeviceRecord(String id, String label, Instant created, Optional<Instant> lastSeen, Instant expires,
                           long factorEpoch, String hash) {

    public DeviceRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(hash, "hash");
        if (factorEpoch < 0) {
            throw new IllegalArgumentException("factor epoch cannot be negative");
        }
    }

    /** Whether it still counts: remembered under the user's current factors and not yet expired. */
    boolean live(long currentEpoch, Instant now) {
        return factorEpoch == currentEpoch && now.isBefore(expires);
    }

    DeviceRecord seen(Instant at) {
        return new DeviceRecord(id, label, created, Optional.of(at), expires, factorEpoch, hash);
    }

    @Override
    public String toString() {
        return "DeviceRecord[id=" + id + ", expires=" + expires + ", factorEpoch=" + factorEpoch + "]";
    }
}
