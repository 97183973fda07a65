/**
 * WebAuthn / FIDO2 security keys for mfa4j, through Yubico's {@code webauthn-server-core}: provider id
 * {@code u2f}. Only {@link org.mfa4j.provider.u2f.U2fProviderFactory} is public; it documents the settings,
 * the views and the inputs. The provider keeps everything in the core's store (the user's credentials and
 * the pending requests), verifies origin, RP id, challenge, user presence, user verification when required,
 * signature and signature counter, and is declared phishing-resistant. It does not check attestation
 * against a metadata service. With {@code passkeys=true} it also offers usernameless (passkey) sign-in as
 * a first factor, through {@code Mfa.passkeyPrompt} and {@code Mfa.passkeySignIn}.
 */
package org.mfa4j.provider.u2f;
