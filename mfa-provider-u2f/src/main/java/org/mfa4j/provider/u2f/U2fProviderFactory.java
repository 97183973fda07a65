package org.mfa4j.provider.u2f;

import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * WebAuthn / FIDO2 security keys (YubiKey, Titan, SoloKey, a platform authenticator), and old U2F keys
 * through the AppID extension, with Yubico's {@code webauthn-server-core}. Provider id {@value #ID}; found
 * by {@code ServiceLoader}. The descriptor declares it phishing-resistant (the browser binds every answer to
 * the origin, so a look-alike site cannot relay it; NIST SP 800-63B-4) and with several credentials: a user
 * may register up to 16 keys, each with a label, and rename or remove one ({@code Mfa.renameCredential},
 * {@code Mfa.removeCredential}) without touching the others. Adding a key beside an active one is a
 * protected operation (a fresh proof).
 *
 * <h2>Registration</h2>
 * {@code Mfa.setup(user, "u2f", MfaInput.of(Map.of("label", "YubiKey 5C")), session)} (the label is
 * optional, default {@value #DEFAULT_LABEL}) returns a view whose {@value #VIEW_CREATION_OPTIONS} is the
 * JSON the page hands to {@code PublicKeyCredential.parseCreationOptionsFromJSON} and then to
 * {@code navigator.credentials.create({publicKey})}. The user's keys are listed as excluded, so a key is not
 * registered twice. The request (challenge from the core's {@code SecureRandom}, 32 bytes) is kept sealed
 * in the user's entry and expires after {@code timeout}; a new setup replaces it. Activation takes
 * {@code MfaInput.of(Map.of("credential", JSON.stringify(credential.toJSON())))} ({@value #INPUT_CREDENTIAL},
 * at most 64 KB), finishes the ceremony against the stored request (origin, RP id, challenge, user presence,
 * user verification when required, attestation format) and adds a credential holding the credential id,
 * the COSE public key, the signature counter, the backup flags and the user handle (sealed). The request is
 * used up by the activation that succeeds; a refused answer leaves it for another try until it expires.
 *
 * <h2>Sign-in</h2>
 * {@code Mfa.prompt(user, "u2f", session)} stores an assertion request in the login flow (the core voids it
 * when the flow resets or completes) and returns {@value #VIEW_REQUEST_OPTIONS}: JSON for
 * {@code PublicKeyCredential.parseRequestOptionsFromJSON} and {@code navigator.credentials.get}, allowing the
 * user's keys (and the AppID extension when {@code app-id} is set). {@code Mfa.verify} takes the same
 * {@value #INPUT_CREDENTIAL} parameter; any answer uses the request up. It is accepted only for a key of
 * this user's entry (Yubico's {@code CredentialRepository} is built for each call from the user's entry,
 * knows no other user, and there is no table of its own), and the new signature counter is stored on the
 * credential in the core's compare-and-set. A counter that does not increase (and is not zero on both
 * sides) is refused as {@code COUNTER_REGRESSION}, with the notice {@value #NOTICE_COUNTER_REGRESSION}
 * naming the credential: possibly a cloned key. A passkey answer whose user handle the named user's entry does
 * not hold is refused ({@code DENIED}, check {@code user-handle}) with the notice
 * {@value #NOTICE_UNKNOWN_USER_HANDLE}. A refused ceremony carries the detail {@code check}
 * ({@code origin}, {@code rp-id}, {@code challenge}, {@code user-presence}, {@code user-verification},
 * {@code signature}, {@code credential}, {@code aaguid}, {@code signature-counter}, {@code format}); an
 * assertion made for another request (a replay) is {@code REPLAY}, other refusals {@code DENIED}, an
 * expired request {@code EXPIRED}. Client-supplied values are never quoted.
 *
 * <h2>Passkey sign-in</h2>
 * With {@code passkeys=true} (off by default) a registered key is also a passkey: usernameless sign-in as a
 * first factor, standing for the password and the second factor together. Registration then asks for a
 * discoverable credential ({@code resident-key} defaults to {@code required}) and records the entry's user
 * handle (32 random bytes) in the core's index before the activation is written, so the core can find the
 * user by it. {@code Mfa.passkeyPrompt(session)} returns {@value #VIEW_REQUEST_OPTIONS} with no allowed
 * credentials and user verification required (a PIN or biometric: one touch must not stand for two
 * factors); {@code Mfa.passkeySignIn(input, session, users)} finds the user by the handle the assertion
 * names and finishes it exactly as a sign-in of that user (the entry's keys only, the same checks, the
 * counter by compare-and-set, failures counted). Keys registered while the setting was off are not
 * indexed: register them again to use them as passkeys.
 *
 * <h2>Settings</h2>
 * <ul>
 *   <li>{@code rp-id}: the relying party id, the site's registrable domain or a host under it, such as
 *       {@code example.com}; keys are bound to it. Required.</li>
 *   <li>{@code rp-name}: shown by some browsers. The default is the RP id.</li>
 *   <li>{@code origins}: comma-separated exact origins (scheme, host and port) the pages run on; https, or
 *       http for {@code localhost}. No port or subdomain wildcards. The default is {@code https://<rp-id>}.</li>
 *   <li>{@code user-verification}: {@code discouraged}, {@code preferred} or {@code required} (a PIN or
 *       biometric, checked at registration and sign-in). The default is {@code preferred}.</li>
 *   <li>{@code attestation}: {@code none}, {@code indirect}, {@code direct} or {@code enterprise}. The default is
 *       {@code none}: no attestation is checked against a trust source, so an AAGUID is the
 *       authenticator's claim.</li>
 *   <li>{@code authenticator-attachment}: {@code any}, {@code platform} or {@code cross-platform}. The
 *       default is {@code any}.</li>
 *   <li>{@code resident-key}: {@code discouraged}, {@code preferred} or {@code required}. The default is
 *       {@code discouraged} (a second factor needs no discoverable credential), or {@code required} with
 *       {@code passkeys} on.</li>
 *   <li>{@code timeout}: how long the browser waits and how long a request is accepted, 10 s to 10 min
 *       ({@code PT2M} or {@code 120}). The default is 2 minutes.</li>
 *   <li>{@code aaguids}: comma-separated AAGUIDs allowed at registration (UUIDs or 32 hex digits). The
 *       default is none: any authenticator. Meaningful only with attestation checked elsewhere.</li>
 *   <li>{@code app-id}: the U2F AppID (an https URL) old U2F keys were registered with, offered as the
 *       {@code appid} extension at sign-in. The default is none.</li>
 *   <li>{@code passkeys}: {@code true} to offer passkey sign-in (above). The default is {@code false}.</li>
 * </ul>
 * Not supported: attestation trust (FIDO MDS).
 */
public final class U2fProviderFactory implements MfaProviderFactory {

    /** The provider id. */
    public static final String ID = "u2f";
    /** Setup view: the creation options JSON (the {@code publicKey} member). */
    public static final String VIEW_CREATION_OPTIONS = "creationOptions";
    /** Challenge view: the request options JSON (the {@code publicKey} member). */
    public static final String VIEW_REQUEST_OPTIONS = "requestOptions";
    /** Input: the browser's {@code credential.toJSON()}, as JSON text. */
    public static final String INPUT_CREDENTIAL = "credential";
    /** Setup input: the new key's label. */
    public static final String INPUT_LABEL = "label";
    /** The label of a key registered without one. */
    public static final String DEFAULT_LABEL = "Security key";
    /** Result detail and notice attribute: the core's id of the credential used. */
    public static final String DETAIL_CREDENTIAL = "credential";
    /** Notice: a key's signature counter went backwards. */
    public static final String NOTICE_COUNTER_REGRESSION = "counter-regression";
    /**
     * Notice: a passkey sign-in named a user handle that the core's index gives to this user but the user's
     * entry does not hold (the entry was reset or re-created since, or an activation crashed before its write).
     * Attribute {@value #ATTRIBUTE_HANDLE_HASH}: never the handle itself.
     */
    public static final String NOTICE_UNKNOWN_USER_HANDLE = "unknown-user-handle";
    /** Notice attribute: the first 8 bytes of the SHA-256 of a user handle, base64url (to correlate notices). */
    public static final String ATTRIBUTE_HANDLE_HASH = "handle-hash";

    private static final ProviderDescriptor DESCRIPTOR = ProviderDescriptor.builder(ID)
            .title("Security key")
            .description("A security key or passkey (WebAuthn): touch it or unlock it to sign in.")
            .setupInstructions("Insert or unlock your security key and follow your browser's prompt.")
            .iconKey("mfa-u2f")
            .phishingResistant(true)
            .multipleCredentials(true)
            .build();

    /** The factory {@code ServiceLoader} uses. */
    public U2fProviderFactory() {
    }

    @Override
    public ProviderDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        return new U2fProvider(U2fSettings.from(context.settings()), context.clock(), context.random(),
                context.events());
    }

    @Override
    public String toString() {
        return "U2fProviderFactory[id=" + ID + "]";
    }
}
