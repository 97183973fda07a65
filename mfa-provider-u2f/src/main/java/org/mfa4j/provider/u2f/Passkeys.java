package org.mfa4j.provider.u2f;

import com.yubico.webauthn.StartAssertionOptions;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.UserVerificationRequirement;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.MfaInput;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PasskeySignIn;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.PropertyMap;
import org.mfa4j.spi.SecretBytes;

/**
 * Usernameless sign-in with discoverable credentials, when {@code passkeys} is on: a request that allows any
 * credential of this RP id and requires user verification (the passkey stands for both factors), and the
 * assertion finished as a sign-in of the user whose handle it names, exactly as {@link U2fProvider#verify}
 * finishes one (the entry's keys only, origin, RP id, signature, counter).
 */
final class Passkeys implements PasskeySignIn {

    /** The longest user handle WebAuthn allows. */
    private static final int MAX_HANDLE_BYTES = 64;

    private final U2fProvider provider;

    Passkeys(U2fProvider provider) {
        this.provider = provider;
    }

    @Override
    public Challenge challenge(PropertyMap request, Instant now) {
        return provider.startAssertion(EntryCredentials.NOBODY, StartAssertionOptions.builder()
                .userVerification(UserVerificationRequirement.REQUIRED), request, now);
    }

    @Override
    public Optional<SecretBytes> userHandle(MfaInput input) {
        return provider.json.assertion(input.param(U2fProviderFactory.INPUT_CREDENTIAL).orElse(null))
                .flatMap(c -> c.getResponse().getUserHandle())
                .filter(h -> !h.isEmpty() && h.size() <= MAX_HANDLE_BYTES)
                .map(h -> SecretBytes.copyOf(h.getBytes()));
    }

    @Override
    public Outcome verify(MfaInput input, PropertyMap request, PropertyManager properties) {
        Optional<SecretBytes> stored = request.getSecret(U2fProvider.REQUEST);
        if (stored.isEmpty()) {
            return Outcome.reject(FailureReason.NO_CHALLENGE);
        }
        Optional<SecretBytes> claimed = userHandle(input);
        Optional<ByteArray> held = EntryCredentials.userHandle(properties);
        if (claimed.isPresent() && !claimed.get().read(c -> held.filter(h -> MessageDigest.isEqual(c, h.getBytes()))
                .isPresent())) {
            return unknownUserHandle(claimed.get(), properties);
        }
        return provider.finishAssertion(input, stored.get(), request.getInstant(U2fProvider.EXPIRES), properties);
    }

    /** Told to listeners (a short hash of the handle, never the handle) and refused. */
    private Outcome unknownUserHandle(SecretBytes handle, PropertyManager properties) {
        byte[] digest = handle.read(h -> {
            try {
                return MessageDigest.getInstance("SHA-256").digest(h);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        });
        String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 8));
        provider.events.notice(properties.user().id(), U2fProviderFactory.NOTICE_UNKNOWN_USER_HANDLE,
                Map.of(U2fProviderFactory.ATTRIBUTE_HANDLE_HASH, hash));
        return Outcome.reject(FailureReason.DENIED, Map.of(Refusals.DETAIL_CHECK, "user-handle"));
    }

    @Override
    public String toString() {
        return "Passkeys[" + provider + "]";
    }
}
