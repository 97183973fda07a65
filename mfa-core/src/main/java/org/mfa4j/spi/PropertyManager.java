package org.mfa4j.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mfa4j.MfaUser;

/**
 * A provider's record for one user (TYPO3's {@code MfaProviderPropertyManager}): its typed properties,
 * whether the entry exists and is active, and the times the core maintains. A provider never touches the
 * store: what it changes here is written by the core with the rest of the operation, as one
 * compare-and-set on the user's versioned document.
 */
public interface PropertyManager extends PropertyMap {

    MfaUser user();

    String providerId();

    /** Whether an entry (active or pending setup) exists for this provider. */
    boolean hasEntry();

    /** Creates an empty, inactive entry if none exists. Putting a property creates it too. */
    void createEntry();

    /** Removes the entry with all its properties. */
    void deleteEntry();

    /** Whether the entry is active. Only the core changes this, after a successful activation. */
    boolean isActive();

    /** When the entry was created. */
    Optional<Instant> created();

    /** When the entry last changed. */
    Optional<Instant> updated();

    /** When the provider last accepted an answer. */
    Optional<Instant> lastUsed();

    /** The current time from the core's clock. */
    Instant now();

    /**
     * Properties bound to the current login flow: a sent code, WebAuthn request options, a Duo state. The
     * core voids them when the flow resets after too many failures, when it completes, and when a new flow
     * starts.
     */
    PropertyMap challenge();

    /** The entry's credentials, in the order they were added (empty for a provider that keeps none). */
    List<Credential> credentials();

    /** The credential with this id, if the entry has it. */
    Optional<Credential> credential(String credentialId);

    /**
     * Adds a credential labelled {@code label} (1 to {@link Credential#MAX_LABEL_LENGTH} characters, the rules
     * of {@link Identifiers}) with a fresh id; put its data into the returned credential. Creates the entry
     * if there is none.
     *
     * @throws IllegalArgumentException when the label breaks the rules
     * @throws IllegalStateException when the entry already holds 16 credentials
     */
    Credential addCredential(String label);

    /**
     * Makes this user findable by {@code handle} (1 to 64 bytes, random: a WebAuthn user handle) for
     * {@code Mfa.passkeySignIn}. The core records handle to user in a document of its own, written before this
     * operation's change and never overwritten, so the handle names this user from then on; the provider's
     * {@link PasskeySignIn#verify} decides whether the entry still holds it. Only for an activation, where the
     * handle's first credential is added; elsewhere the core ignores it.
     */
    void addUserHandle(SecretBytes handle);

    /** Removes the credential with this id, if the entry has it (a key the remote side revoked). */
    void removeCredential(String credentialId);
}
