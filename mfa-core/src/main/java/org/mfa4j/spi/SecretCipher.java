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

    /**
     * A keyed hash of {@code value} for {@code context}, for what must be checked but never read back (a
     * one-time code, a destination's budget key): HMAC-SHA256 under a key derived from the application's
     * current key, with the key id in the output. Without the key nothing in it can be tried offline.
     */
    String hash(SecretBytes value, String... context);

    /**
     * Whether {@code candidate} is the value {@link #hash} hashed for {@code context}, compared in constant
     * time; false (never an exception) for a hash under a key no longer configured or in another format.
     */
    boolean matchesHash(String hash, SecretBytes candidate, String... context);

    /** The id of the key new values are sealed under. */
    String currentKeyId();
}
