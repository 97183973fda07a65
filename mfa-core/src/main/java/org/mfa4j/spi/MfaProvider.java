package org.mfa4j.spi;

import java.util.Map;
import java.util.Optional;
import org.mfa4j.MfaInput;
import org.mfa4j.View;

/**
 * One authentication factor for many users; instances are created once by their factory and must be
 * thread-safe. Every method is handed the user's {@link PropertyManager}, its only way to read or change
 * its state: the core loads the user's document, runs the method, applies lockout and bookkeeping, and
 * writes everything back in one compare-and-set. A method may therefore run more than once for one call
 * when another thread or node changed the document meanwhile; it must have no side effects outside the
 * property manager (deliveries go in {@link Challenge#dispatch()}).
 *
 * <p>Modelled on TYPO3's {@code MfaProviderInterface}: state questions ({@link #isActive},
 * {@link #isLocked}) and operations ({@link #setup}, {@link #activate}, {@link #challenge}, {@link #verify},
 * {@link #deactivate}, {@link #unlock}, {@link #update}). Lockout counting, flow budgets and events live in
 * the core, not here.
 */
public interface MfaProvider {

    /**
     * Whether {@code input} carries something this provider reads (a code, a WebAuthn response). The core
     * refuses other inputs before any state is touched. The default accepts any input.
     */
    default boolean canProcess(MfaInput input) {
        return true;
    }

    /** Whether the user has this factor set up and usable. The default asks the property manager. */
    default boolean isActive(PropertyManager properties) {
        return properties.isActive();
    }

    /**
     * A provider-specific lock on top of the core's failure counting (for example a credential the
     * remote side revoked). The default is false: the core's lockout still applies.
     */
    default boolean isLocked(PropertyManager properties) {
        return false;
    }

    /**
     * Prepares activation: creates an inactive entry with fresh pending material (a TOTP seed, WebAuthn
     * creation options) and returns what the setup page shows, with a delivery to run after commit when the
     * activation needs one (a code sent to the address being verified). Calling it again replaces the pending
     * material. Never called while the provider is active.
     */
    Setup setup(PropertyManager properties);

    /**
     * {@link #setup(PropertyManager)} with what the user entered on the setup page (a phone number, an e-mail
     * address, a label for the new key). For a provider with {@linkplain ProviderDescriptor#multipleCredentials
     * several credentials} it is also called while the provider is active, to prepare one more credential:
     * keep the active material untouched. Validate the input and throw {@link IllegalArgumentException} with a
     * message that does not quote it. The default ignores the input.
     */
    default Setup setup(MfaInput input, PropertyManager properties) {
        return setup(properties);
    }

    /**
     * Proof of possession for the pending material from {@link #setup}. On {@link Outcome#accept()} the core
     * marks the entry active; on refusal nothing is activated. A provider with several credentials adds the
     * new one here ({@link PropertyManager#addCredential}).
     */
    Outcome activate(MfaInput input, PropertyManager properties);

    /**
     * The call to the remote side that this activation needs, if any (Duo's code exchange after the first
     * round trip), as {@link #remoteCheck} is for a verification: the core runs it once, before its
     * transaction and outside the retry loop, then calls {@link #activate(MfaInput, RemoteResult,
     * PropertyManager)} with its result. {@code properties} are the pending entry as stored at that moment, to
     * read: changes made to them are discarded. It is not called unless the descriptor declares
     * {@link ProviderDescriptor#remoteCheck()} and the activation would be evaluated (a pending entry, no
     * step-up or companion rule in the way). The default: none.
     */
    default Optional<RemoteCheck> activationCheck(MfaInput input, PropertyManager properties) {
        return Optional.empty();
    }

    /**
     * Checks one activation with the result of its {@link #activationCheck}, inside the transaction: consume
     * what must be used once here. The default ignores the result.
     */
    default Outcome activate(MfaInput input, RemoteResult remote, PropertyManager properties) {
        return activate(input, properties);
    }

    /**
     * Prepares an answer the user cannot give unaided (send a code, produce WebAuthn request options, build
     * the Duo redirect). Store what verification needs in {@link PropertyManager#challenge()}: the core voids
     * it when the flow resets or completes. When the remote side cannot serve a prompt now, throw
     * {@link ProviderUnavailableException}: the prompt is refused with {@link org.mfa4j.Status#UNAVAILABLE}
     * and nothing is stored. The default: this provider needs no challenge.
     */
    default Optional<Challenge> challenge(PropertyManager properties) {
        return Optional.empty();
    }

    /**
     * What the answer page asks for, in one sentence for the user, never a secret: "Enter the 6-digit code
     * from your authenticator app.", "Enter the code sent to j***@example.com." Called after
     * {@link #challenge}, in the same run, so it may read what the challenge stored. The default says
     * nothing, and the core asks for an answer with the provider's title.
     */
    default Optional<String> instructions(PropertyManager properties) {
        return Optional.empty();
    }

    /**
     * Usernameless sign-in as a first factor, when this provider offers it ({@code Mfa.passkeyPrompt},
     * {@code Mfa.passkeySignIn}). Called once per operation; the default: none.
     */
    default Optional<PasskeySignIn> passkeys() {
        return Optional.empty();
    }

    /** Checks one answer from an active user. Record what must not be accepted twice in the properties. */
    Outcome verify(MfaInput input, PropertyManager properties);

    /**
     * The call to the remote side that this answer needs, if any (Duo's code exchange): the core runs it once,
     * before its transaction and outside the retry loop, then calls
     * {@link #verify(MfaInput, RemoteResult, PropertyManager)} with its result. {@code properties} are the
     * stored ones at that moment as the answering session's login flow sees them (another flow's
     * {@link PropertyManager#challenge()} values are void, as in the transaction), to read (for example the
     * request the answer belongs to): changes made to them are discarded. It is not called while the
     * provider or the account is locked, nor unless the descriptor declares
     * {@link ProviderDescriptor#remoteCheck()}. The default: none.
     */
    default Optional<RemoteCheck> remoteCheck(MfaInput input, PropertyManager properties) {
        return Optional.empty();
    }

    /**
     * Checks one answer with the result of its {@link #remoteCheck}, inside the transaction: consume what
     * must be used once (the stored state) here, by changing the properties. The default ignores the result.
     */
    default Outcome verify(MfaInput input, RemoteResult remote, PropertyManager properties) {
        return verify(input, properties);
    }

    /**
     * Called before the core deletes the entry (deactivation, reset). Revoke remote state here if the
     * provider has any; the default does nothing.
     */
    default void deactivate(PropertyManager properties) {
    }

    /** Called when the core unlocks the provider; clear provider-specific lock state. The default does nothing. */
    default void unlock(PropertyManager properties) {
    }

    /**
     * Changes settings of an active entry (rename a key, regenerate recovery codes) and returns the view to
     * show. The default refuses: the provider has nothing to edit.
     */
    default View update(MfaInput input, PropertyManager properties) {
        throw new UnsupportedOperationException("this provider has nothing to update");
    }

    /** Non-secret facts for the overview, such as the number of recovery codes left. The default is none. */
    default Map<String, String> overview(PropertyManager properties) {
        return Map.of();
    }
}
