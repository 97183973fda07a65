package org.mfa4j.spi;

/**
 * Seals secrets for storage: AES-256-GCM under the application's current key, with the key id in the
 * output so older keys still open what they sealed (rotation). The context (user, provider, property) is
 * authenticated as associated data: a sealed value copied to another context does not open.
 */
public interface SecretCipher {

    /** Seals {@code plaintext} for {@code context}; the result is printable ASCII. */
    String seal(SecretBytes plaintext, String... context);

    /**
     * Opens a value from {@link #seal}.
     *
     * @throws org.mfa4j.MfaSecretException when altered, sealed for another context, or under an unknown key
     */
    SecretBytes open(String sealed, String... context);

    /** The id of the key new values are sealed under. */
    String currentKeyId();
}
