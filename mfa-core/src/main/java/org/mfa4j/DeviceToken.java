package org.mfa4j;

import java.time.Instant;

/**
 * A remembered device's token, handed out once by {@link MfaDevices#remember}: keep {@link #value()} in a
 * long-lived, {@code HttpOnly}, {@code Secure} cookie of that browser (with the cookie's lifetime at most
 * {@link #expiresAt()}) and hand it to {@link MfaDevices#signIn} at the next login. mfa4j keeps only a keyed
 * hash of its secret. {@code toString} shows the device's id, never the token.
 */
public final class DeviceToken {

    private final String id;
    private final String value;
    private final Instant expiresAt;

    DeviceToken(String id, String value, Instant expiresAt) {
        this.id = id;
        this.value = value;
        this.expiresAt = expiresAt;
    }

    /** The device's id, as {@link MfaDevices#list} and the events name it. Not a secret. */
    public String id() {
        return id;
    }

    /** The token itself: a secret, for the cookie only. */
    public String value() {
        return value;
    }

    /** When the device stops counting, unless the user's factors change or it is revoked first. */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "DeviceToken[id=" + id + ", expiresAt=" + expiresAt + "]";
    }
}
