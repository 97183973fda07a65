package org.mfa4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One credential of a provider (a security key, an authenticator app, a phone number) on the account-security
 * page and in the administrator's overview: never its data.
 *
 * @param id       the id to rename or remove it with
 * @param label    the user's name for it
 * @param created  when it was added
 * @param lastUsed when an answer with it was last accepted
 */
public record CredentialOverview(String id, String label, Instant created, Optional<Instant> lastUsed) {

    public CredentialOverview {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastUsed, "lastUsed");
    }
}
