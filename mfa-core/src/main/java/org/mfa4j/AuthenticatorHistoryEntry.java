package org.mfa4j;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One factor or credential a user has had, for the account-security page and the administrator's overview
 * ({@link UserOverview#history()}): labels and times only, never its data. An active one has no
 * {@code removed} time; a removed one says when and by whom.
 *
 * @param providerId   the provider it belongs (belonged) to
 * @param credentialId the credential, for a provider that keeps several (security keys, phone numbers); empty
 *                     for a provider that is one factor as a whole (an authenticator app, recovery codes)
 * @param label        the user's name for the credential, or the provider's title
 * @param added        when it was set up
 * @param lastUsed     when an answer with it was last accepted (for a removed one: before it was removed)
 * @param removed      when it was removed
 * @param removedBy    who removed it
 */
public record AuthenticatorHistoryEntry(String providerId, Optional<String> credentialId, String label,
                                        Instant added, Optional<Instant> lastUsed, Optional<Instant> removed,
                                        Optional<RemovedBy> removedBy) {

    public AuthenticatorHistoryEntry {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(added, "added");
        Objects.requireNonNull(lastUsed, "lastUsed");
        Objects.requireNonNull(removed, "removed");
        Objects.requireNonNull(removedBy, "removedBy");
        if (removed.isPresent() != removedBy.isPresent()) {
            throw new IllegalArgumentException("a removed entry says who removed it, an active one does not");
        }
    }

    /** Whether it is still one of the user's factors. */
    public boolean active() {
        return removed.isEmpty();
    }

    /** Who removed a factor or credential. */
    public enum RemovedBy {
        /** The user (or the application on the user's behalf): deactivated it or removed the credential. */
        USER,
        /** An administrator reset this provider ({@link MfaAdmin#reset}). */
        ADMINISTRATOR,
        /** An administrator reset all of the user's providers at once ({@link MfaAdmin#resetAll}). */
        RESET,
        /** It could only be active beside another provider, and the last one went away. */
        COMPANION
    }
}
