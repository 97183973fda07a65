package org.mfa4j.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * A user's outstanding break-glass code: who issued it and when, until when it counts, and the keyed hash
 * of the code, never the code. Single use: the verification that accepts it removes it in the same
 * compare-and-set. Immutable; {@code toString} leaves the hash out.
 *
 * @param id       random, public: names the code in events and the overview
 * @param issuedBy the administrator who issued it, as the application named them
 * @param issued   when it was issued
 * @param expires  when it stops counting
 * @param hash     {@code SecretCipher.hash} of the code, in the context of the user and this id
 */
public record BreakGlassRecord(String id, String issuedBy, Instant issued, Instant expires, String hash) {

    public BreakGlassRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuedBy, "issuedBy");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(expires, "expires");
        Objects.requireNonNull(hash, "hash");
    }

    @Override
    public String toString() {
        return "BreakGlassRecord[id=" + id + ", issuedBy=" + issuedBy + ", expires=" + expires + "]";
    }
}
