package org.mfa4j.provider.u2f;

import com.yubico.webauthn.StartAssertionOptions;
import com.yubico.webauthn.data.UserVerificationRequirement;
import java.time.Instant;
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
        return provider.finishAssertion(input, stored.get(), request.getInstant(U2fProvider.EXPIRES), properties);
    }

    @Override
    public String toString() {
        return "Passkeys[" + provider + "]";
    }
}
