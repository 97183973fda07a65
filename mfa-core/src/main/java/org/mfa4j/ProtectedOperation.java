package org.mfa4j;

/**
 * The operations on a user's factors that {@link Mfa} refuses without a recent proof from the session (OWASP
 * ASVS 5.0 §7.5.1, NIST SP 800-63B-4 §4.1: binding a new authenticator needs authentication at the current
 * level). How recent is set per operation with {@link Mfa.Builder#stepUp}; the default is 5 minutes.
 *
 * <p>The one exception is a user's first enrolment: a user with no active factor may set one up with no
 * proof (trust on first use, as TYPO3 and Magento do at first login).
 */
public enum ProtectedOperation {
    /** Setting up and activating a provider while the user has an active factor. */
    ADD_FACTOR,
    /** Deactivating a provider. */
    REMOVE_FACTOR,
    /** Changing an active provider (regenerate recovery codes, rename a key). */
    UPDATE_FACTOR,
    /** Choosing the provider the login page offers first. */
    SET_DEFAULT,
    /** The user's own unlock of a locked provider, with a proof from another one. */
    UNLOCK,
    /** Remembering the device the user is on ({@link MfaDevices#remember}). */
    REMEMBER_DEVICE,
    /** Revoking one or all of the user's remembered devices. */
    REVOKE_DEVICE
}
