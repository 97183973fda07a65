package org.mfa4j;

import java.time.Instant;

/**
 * A break-glass code just issued by {@link MfaAdmin#issueBreakGlass}: shown this once to the administrator,
 * who hands it to the user over a channel they trust; mfa4j keeps only a keyed hash. {@code toString} shows
 * its id and expiry, never the code.
 */
public final class BreakGlassCode {

    private final String id;
    private final String code;
    private final Instant expiresAt;

    BreakGlassCode(String id, String code, Instant expiresAt) {
        this.id = id;
        this.code = code;
        this.expiresAt = expiresAt;
    }

    /** The code's id, as the events name it. Not a secret. */
    public String id() {
        return id;
    }

    /** The code, in groups of five ({@code ABCDE-FGHJK-...}): a secret, to show once. */
    public String code() {
        return code;
    }

    /** When it stops counting. */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "BreakGlassCode[id=" + id + ", expiresAt=" + expiresAt + "]";
    }
}
