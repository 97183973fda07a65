package org.mfa4j.provider.u2f;

import com.yubico.webauthn.CredentialRepository;
import com.yubico.webauthn.RegisteredCredential;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.PublicKeyCredentialDescriptor;
import com.yubico.webauthn.data.exception.Base64UrlException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.mfa4j.MfaSecretException;
import org.mfa4j.spi.Credential;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.SecretBytes;

/**
 * Yubico's {@link CredentialRepository} over one user's entry, built for one call: it knows this user's
 * WebAuthn name and user handle, and the keys among the entry's credentials. Every other user name, user
 * handle or credential id is unknown to it (empty answers), so a ceremony can only ever succeed with a key
 * of this entry. There is no table of its own: the credentials are the core's, written with the rest of
 * the operation in one compare-and-set.
 */
final class EntryCredentials implements CredentialRepository {

    /** Entry property, sealed: the user handle, random, the same for all the user's keys. */
    static final String USER_HANDLE = "user-handle";
    /** Credential property: the WebAuthn credential id, Base64URL. */
    static final String CREDENTIAL_ID = "credential-id";
    /** Credential property: the COSE public key, Base64URL. */
    static final String PUBLIC_KEY = "cose-key";
    /** Credential property: the last signature counter the authenticator reported. */
    static final String SIGNATURE_COUNT = "signature-count";
    /** Credential properties: the backup flags reported at registration (they must not change). */
    static final String BACKUP_ELIGIBLE = "backup-eligible";
    static final String BACKED_UP = "backed-up";

    /** The repository of a passkey request, made before anybody is known: it knows no user and no key. */
    static final EntryCredentials NOBODY = new EntryCredentials();

    private final PropertyManager properties;
    private final String username;
    private final Optional<ByteArray> userHandle;

    EntryCredentials(PropertyManager properties, String username) {
        this.properties = properties;
        this.username = username;
        this.userHandle = userHandle(properties);
    }

    private EntryCredentials() {
        this.properties = null;
        this.username = ""; // no account label is blank: no name matches
        this.userHandle = Optional.empty();
    }

    /** The entry's user handle as read when this view was made (opened once). */
    Optional<ByteArray> userHandle() {
        return userHandle;
    }

    static Optional<ByteArray> userHandle(PropertyManager properties) {
        return properties.getSecret(USER_HANDLE).map(s -> s.read(b -> new ByteArray(b.clone())));
    }

    static void putUserHandle(PropertyManager properties, ByteArray handle) {
        properties.putSecret(USER_HANDLE, SecretBytes.copyOf(handle.getBytes()));
    }

    /** The entry's credential with this WebAuthn credential id. */
    Optional<Credential> find(ByteArray credentialId) {
        if (properties == null) {
            return Optional.empty();
        }
        String id = credentialId.getBase64Url();
        for (Credential c : properties.credentials()) {
            if (c.getString(CREDENTIAL_ID).filter(id::equals).isPresent()) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @Override
    public Set<PublicKeyCredentialDescriptor> getCredentialIdsForUsername(String name) {
        Set<PublicKeyCredentialDescriptor> ids = new LinkedHashSet<>();
        if (username.equals(name)) {
            for (Credential c : properties.credentials()) {
                c.getString(CREDENTIAL_ID).ifPresent(id ->
                        ids.add(PublicKeyCredentialDescriptor.builder().id(decode(id)).build()));
            }
        }
        return ids;
    }

    @Override
    public Optional<ByteArray> getUserHandleForUsername(String name) {
        return username.equals(name) ? userHandle : Optional.empty();
    }

    @Override
    public Optional<String> getUsernameForUserHandle(ByteArray handle) {
        return userHandle.filter(handle::equals).map(h -> username);
    }

    @Override
    public Optional<RegisteredCredential> lookup(ByteArray credentialId, ByteArray handle) {
        if (userHandle.filter(handle::equals).isEmpty()) {
            return Optional.empty();
        }
        return find(credentialId).map(c -> registered(c, credentialId, handle));
    }

    @Override
    public Set<RegisteredCredential> lookupAll(ByteArray credentialId) {
        return userHandle.flatMap(h -> lookup(credentialId, h)).map(Set::of).orElse(Set.of());
    }

    private static RegisteredCredential registered(Credential c, ByteArray credentialId, ByteArray handle) {
        return RegisteredCredential.builder().credentialId(credentialId).userHandle(handle)
                .publicKeyCose(decode(c.getString(PUBLIC_KEY).orElseThrow(EntryCredentials::damaged)))
                .signatureCount(c.getLong(SIGNATURE_COUNT).orElse(0L))
                .backupEligible(c.getBoolean(BACKUP_ELIGIBLE).orElse(null))
                .backupState(c.getBoolean(BACKED_UP).orElse(null))
                .build();
    }

    private static ByteArray decode(String base64Url) {
        try {
            return ByteArray.fromBase64Url(base64Url);
        } catch (Base64UrlException e) {
            throw damaged();
        }
    }

    private static MfaSecretException damaged() {
        return new MfaSecretException("a stored WebAuthn credential of this entry is damaged; remove the key and "
                + "register it again");
    }

    @Override
    public String toString() {
        return "EntryCredentials[keys=" + (properties == null ? 0 : properties.credentials().size()) + "]";
    }
}
