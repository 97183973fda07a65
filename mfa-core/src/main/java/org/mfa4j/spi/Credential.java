package org.mfa4j.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * One credential of a provider's entry for a user: a security key, an authenticator app, a phone number. A
 * user may hold several per provider (at most 16); each has an id the core chose, the user's label, and the
 * provider's own properties of it (a public key and signature counter, a sealed seed, a sealed number),
 * read and written like the entry's. The core keeps the times, lists credentials in the overview (never
 * their properties), and renames or removes one without touching the others
 * ({@code Mfa.renameCredential}, {@code Mfa.removeCredential}, both protected operations).
 */
public interface Credential extends PropertyMap {

    /** Longest label, in characters. */
    int MAX_LABEL_LENGTH = 64;

    /** The id the core gave it: 22 URL-safe characters from {@code SecureRandom}, unique within the entry. */
    String id();

    /** The user's name for it ("YubiKey 5C", "work phone"). */
    String label();

    /** When it was added. */
    Instant created();

    /** When an answer with it was last accepted. */
    Optional<Instant> lastUsed();

    /** Records that an answer with this credential was accepted now (the provider calls it in verify). */
    void markUsed();
}
