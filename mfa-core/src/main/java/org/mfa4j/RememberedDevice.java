package org.mfa4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One of a user's remembered devices that counts now, as {@link MfaDevices#list} shows it.
 *
 * @param id        the device's id, for {@link MfaDevices#revoke}
 * @param label     what the user called it when it was remembered
 * @param created   when it was remembered
 * @param lastSeen  when it last signed the user in
 * @param expiresAt when it stops counting
 */
public record RememberedDevice(String id, String label, Instant created, Optional<Instant> lastSeen,
                               Instant expiresAt) {

    public RememberedDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
