package org.mfa4j.spi;

import java.time.Instant;
import java.util.Optional;
import org.mfa4j.MfaInput;

/**
 * Usernameless sign-in as a first factor (a WebAuthn passkey), offered by a provider through
 * {@link MfaProvider#passkeys()}: the core runs {@code Mfa.passkeyPrompt} and {@code Mfa.passkeySignIn}
 * with it. Before anybody is known, the request lives in a document of the core's keyed by the session;
 * the answer names its user by a handle the provider registered with
 * {@link PropertyManager#addUserHandle}; the core finds the user by it and then checks the answer as a
 * sign-in of that user, with lockout, flows and proofs as for {@link MfaProvider#verify}.
 */
public interface PasskeySignIn {

    /**
     * Prepares a request that names no user (no allowed credentials), storing what {@link #verify} needs in
     * {@code request}: it is kept for the session that asked, used up by the next answer in it, and replaced
     * by the next prompt in it. Must have no side effects outside {@code request}.
     */
    Challenge challenge(PropertyMap request, Instant now);

    /**
     * The user handle the answer claims, read without checking anything (the core looks the user up by it;
     * {@link #verify} checks it): empty when the answer is unreadable or names none.
     */
    Optional<SecretBytes> userHandle(MfaInput input);

    /**
     * Checks the answer as a sign-in of the user the handle named, against the request of {@link #challenge}
     * ({@code request}, read only). Accept only a credential of this user's entry that holds that handle: the
     * core relies on it, since a handle that was registered for an entry since reset or erased leads here too.
     */
    Outcome verify(MfaInput input, PropertyMap request, PropertyManager properties);
}
