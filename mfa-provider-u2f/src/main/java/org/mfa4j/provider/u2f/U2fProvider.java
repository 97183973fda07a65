package org.mfa4j.provider.u2f;

import com.yubico.webauthn.AssertionRequest;
import com.yubico.webauthn.AssertionResult;
import com.yubico.webauthn.FinishAssertionOptions;
import com.yubico.webauthn.FinishRegistrationOptions;
import com.yubico.webauthn.RegistrationResult;
import com.yubico.webauthn.RelyingParty;
import com.yubico.webauthn.StartAssertionOptions;
import com.yubico.webauthn.StartRegistrationOptions;
import com.yubico.webauthn.data.AuthenticatorAssertionResponse;
import com.yubico.webauthn.data.AuthenticatorSelectionCriteria;
import com.yubico.webauthn.data.ByteArray;
import com.yubico.webauthn.data.ClientAssertionExtensionOutputs;
import com.yubico.webauthn.data.PublicKeyCredential;
import com.yubico.webauthn.data.PublicKeyCredentialCreationOptions;
import com.yubico.webauthn.data.RelyingPartyIdentity;
import com.yubico.webauthn.data.UserIdentity;
import com.yubico.webauthn.exception.AssertionFailedException;
import com.yubico.webauthn.exception.InvalidSignatureCountException;
import com.yubico.webauthn.exception.RegistrationFailedException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.MfaInput;
import org.mfa4j.View;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.Credential;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.Identifiers;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PasskeySignIn;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.PropertyMap;
import org.mfa4j.spi.ProviderEvents;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.Setup;

/** The WebAuthn ceremonies; see {@link U2fProviderFactory} for what it does and why. */
final class U2fProvider implements MfaProvider {

    private static final String PENDING_REQUEST = "pending.request";
    private static final String PENDING_EXPIRES = "pending.expires";
    private static final String PENDING_LABEL = "pending.label";
    static final String REQUEST = "request";
    static final String EXPIRES = "expires";
    private static final int USER_HANDLE_BYTES = 32;
    private static final int CHALLENGE_BYTES = 32;

    private final U2fSettings settings;
    private final RelyingPartyIdentity identity;
    private final Clock clock;
    private final SecureRandom random;
    final ProviderEvents events;
    final Json json = new Json();
    private final Optional<PasskeySignIn> passkeys;

    U2fProvider(U2fSettings settings, Clock clock, SecureRandom random, ProviderEvents events) {
        this.settings = settings;
        this.identity = RelyingPartyIdentity.builder().id(settings.rpId()).name(settings.rpName()).build();
        this.clock = clock;
        this.random = random;
        this.events = events;
        this.passkeys = settings.passkeys() ? Optional.of(new Passkeys(this)) : Optional.empty();
    }

    @Override
    public boolean canProcess(MfaInput input) {
        return input.param(U2fProviderFactory.INPUT_CREDENTIAL).isPresent();
    }

    @Override
    public Setup setup(PropertyManager properties) {
        return setup(MfaInput.empty(), properties);
    }

    @Override
    public Setup setup(MfaInput input, PropertyManager properties) {
        String label = input.param(U2fProviderFactory.INPUT_LABEL).orElse(U2fProviderFactory.DEFAULT_LABEL).strip();
        Identifiers.require("label", label, 4 * Credential.MAX_LABEL_LENGTH);
        if (label.codePointCount(0, label.length()) > Credential.MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("label must be at most " + Credential.MAX_LABEL_LENGTH + " characters");
        }
        ByteArray handle = EntryCredentials.userHandle(properties).orElseGet(() -> {
            ByteArray fresh = new ByteArray(bytes(USER_HANDLE_BYTES));
            EntryCredentials.putUserHandle(properties, fresh);
            return fresh;
        });
        String name = properties.user().accountLabel();
        StartRegistrationOptions start = StartRegistrationOptions.builder()
                .user(UserIdentity.builder().name(name).displayName(name).id(handle).build())
                .authenticatorSelection(AuthenticatorSelectionCriteria.builder()
                        .authenticatorAttachment(settings.attachment())
                        .residentKey(settings.residentKey())
                        .userVerification(settings.userVerification()).build())
                .timeout(settings.timeout().toMillis())
                .build();
        PublicKeyCredentialCreationOptions options = relyingParty(new EntryCredentials(properties, name))
                .startRegistration(start);
        options = options.toBuilder().challenge(new ByteArray(bytes(CHALLENGE_BYTES))).build();
        properties.putSecret(PENDING_REQUEST, json.seal(options));
        properties.putInstant(PENDING_EXPIRES, properties.now().plus(settings.timeout()));
        properties.putString(PENDING_LABEL, label);
        return Setup.of(View.builder().put(U2fProviderFactory.VIEW_CREATION_OPTIONS, json.write(options)).build());
    }

    @Override
    public Outcome activate(MfaInput input, PropertyManager properties) {
        Optional<SecretBytes> stored = properties.getSecret(PENDING_REQUEST);
        if (stored.isEmpty()) {
            return Outcome.reject(FailureReason.NO_CHALLENGE);
        }
        if (expired(properties, properties.getInstant(PENDING_EXPIRES))) {
            clearPending(properties);
            return Outcome.reject(FailureReason.EXPIRED);
        }
        var response = json.registration(input.param(U2fProviderFactory.INPUT_CREDENTIAL).orElse(null));
        if (response.isEmpty()) {
            return Refusals.malformed();
        }
        EntryCredentials keys = new EntryCredentials(properties, properties.user().accountLabel());
        RegistrationResult result;
        try {
            FinishRegistrationOptions finish = FinishRegistrationOptions.builder()
                    .request(json.creationOptions(stored.get())).response(response.get()).build();
            result = relyingParty(keys).finishRegistration(finish);
        } catch (RegistrationFailedException | IllegalArgumentException e) {
            return Refusals.of(e);
        }
        if (!settings.aaguids().isEmpty() && !settings.aaguids().contains(result.getAaguid())) {
            return Outcome.reject(FailureReason.DENIED, Map.of(Refusals.DETAIL_CHECK, "aaguid"));
        }
        if (keys.find(result.getKeyId().getId()).isPresent()) {
            return Outcome.reject(FailureReason.DENIED, Map.of(Refusals.DETAIL_CHECK, "credential"));
        }
        Credential c = properties.addCredential(properties.getString(PENDING_LABEL)
                .orElse(U2fProviderFactory.DEFAULT_LABEL));
        c.putString(EntryCredentials.CREDENTIAL_ID, result.getKeyId().getId().getBase64Url());
        c.putString(EntryCredentials.PUBLIC_KEY, result.getPublicKeyCose().getBase64Url());
        c.putLong(EntryCredentials.SIGNATURE_COUNT, result.getSignatureCount());
        c.putBoolean(EntryCredentials.BACKUP_ELIGIBLE, result.isBackupEligible());
        c.putBoolean(EntryCredentials.BACKED_UP, result.isBackedUp());
        SecretBytes handle = properties.getSecret(EntryCredentials.USER_HANDLE).orElseThrow();
        c.putSecret(EntryCredentials.USER_HANDLE, handle);
        if (settings.passkeys()) {
            properties.addUserHandle(handle);
        }
        clearPending(properties);
        return Outcome.accept(Map.of(U2fProviderFactory.DETAIL_CREDENTIAL, c.id()));
    }

    @Override
    public Optional<Challenge> challenge(PropertyManager properties) {
        purgeExpiredRegistration(properties);
        return Optional.of(startAssertion(new EntryCredentials(properties, properties.user().accountLabel()),
                StartAssertionOptions.builder()
                .username(properties.user().accountLabel()).userVerification(settings.userVerification()),
                properties.challenge(), properties.now()));
    }

    /**
     * Starts an assertion for the user of {@code keys} ({@link EntryCredentials#NOBODY}: a passkey request)
     * with a challenge from the core's random source, keeps the request sealed in {@code request} until it
     * expires, and returns the request options to show.
     */
    Challenge startAssertion(EntryCredentials keys, StartAssertionOptions.StartAssertionOptionsBuilder options,
                             PropertyMap request, Instant now) {
        StartAssertionOptions start = options.timeout(settings.timeout().toMillis()).build();
        AssertionRequest started = assertingParty(keys).startAssertion(start);
        started = started.toBuilder().publicKeyCredentialRequestOptions(started.getPublicKeyCredentialRequestOptions()
                .toBuilder().challenge(new ByteArray(bytes(CHALLENGE_BYTES))).build()).build();
        Instant expires = now.plus(settings.timeout());
        request.putSecret(REQUEST, json.seal(started));
        request.putInstant(EXPIRES, expires);
        View view = View.builder().put(U2fProviderFactory.VIEW_REQUEST_OPTIONS,
                json.write(started.getPublicKeyCredentialRequestOptions())).build();
        return new Challenge(view, Optional.of(expires), Optional.empty());
    }

    @Override
    public Optional<PasskeySignIn> passkeys() {
        return passkeys;
    }

    @Override
    public Optional<String> instructions(PropertyManager properties) {
        return Optional.of("Use your security key.");
    }

    /**
     * Checks one assertion against the request stored in this flow, which any answer uses up: a second
     * answer needs a new challenge.
     */
    @Override
    public Outcome verify(MfaInput input, PropertyManager properties) {
        purgeExpiredRegistration(properties);
        PropertyMap flow = properties.challenge();
        Optional<SecretBytes> stored = flow.getSecret(REQUEST);
        if (stored.isEmpty()) {
            return Outcome.reject(FailureReason.NO_CHALLENGE);
        }
        Optional<Instant> expires = flow.getInstant(EXPIRES);
        flow.remove(REQUEST);
        flow.remove(EXPIRES);
        return finishAssertion(input, stored.get(), expires, properties);
    }

    /**
     * Finishes an assertion against a stored request (this flow's, or a passkey request of the core's): it
     * is accepted only for a key of this user's entry, whose handle the assertion names when it names one.
     */
    Outcome finishAssertion(MfaInput input, SecretBytes stored, Optional<Instant> expires,
                            PropertyManager properties) {
        if (expired(properties, expires)) {
            return Outcome.reject(FailureReason.EXPIRED);
        }
        var response = json.assertion(input.param(U2fProviderFactory.INPUT_CREDENTIAL).orElse(null));
        if (response.isEmpty()) {
            return Refusals.malformed();
        }
        EntryCredentials keys = new EntryCredentials(properties, properties.user().accountLabel());
        AssertionResult result;
        try {
            result = finish(keys, json.assertionRequest(stored), response.get());
        } catch (InvalidSignatureCountException e) {
            return counterRegressed(properties, keys, e);
        } catch (AssertionFailedException | IllegalArgumentException e) {
            return Refusals.of(e);
        }
        Optional<Credential> used = keys.find(result.getCredentialId())
                .filter(c -> keys.userHandle().filter(result.getUserHandle()::equals).isPresent());
        if (!result.isSuccess() || used.isEmpty()) {
            return Outcome.reject(FailureReason.DENIED, Map.of(Refusals.DETAIL_CHECK, "credential"));
        }
        used.get().putLong(EntryCredentials.SIGNATURE_COUNT, result.getSignatureCount());
        used.get().markUsed();
        return Outcome.accept(Map.of(U2fProviderFactory.DETAIL_CREDENTIAL, used.get().id()));
    }

    private AssertionResult finish(EntryCredentials keys, AssertionRequest request,
                                   PublicKeyCredential<AuthenticatorAssertionResponse,
                                           ClientAssertionExtensionOutputs> response) throws AssertionFailedException {
        FinishAssertionOptions finish = FinishAssertionOptions.builder().request(request).response(response).build();
        return assertingParty(keys).finishAssertion(finish);
    }

    /** A signature counter at or below the stored one: possibly a cloned key. Refused, and told to listeners. */
    private Outcome counterRegressed(PropertyManager properties, EntryCredentials keys,
                                     InvalidSignatureCountException e) {
        String credential = keys.find(e.getCredentialId()).map(Credential::id).orElse("unknown");
        events.notice(properties.user().id(), U2fProviderFactory.NOTICE_COUNTER_REGRESSION, Map.of(
                U2fProviderFactory.DETAIL_CREDENTIAL, credential,
                "stored", Long.toString(e.getExpectedMinimum() - 1), "received", Long.toString(e.getReceived())));
        return Outcome.reject(FailureReason.COUNTER_REGRESSION, Map.of(U2fProviderFactory.DETAIL_CREDENTIAL, credential,
                Refusals.DETAIL_CHECK, "signature-counter"));
    }

    /**
     * Yubico's relying party over one user's entry, built for each call: it costs about 7 µs against a few
     * milliseconds for the ceremony (mfa-benchmarks/NOTES.md), and a repository that knows one entry needs
     * no state shared between threads.
     */
    private RelyingParty relyingParty(EntryCredentials keys) {
        return relyingPartyBuilder(keys).build();
    }

    /**
     * The relying party for an assertion: the same, without the key algorithms offered at registration, which
     * Yubico uses only to start one and otherwise looks up in the JCA for every relying party built.
     */
    private RelyingParty assertingParty(EntryCredentials keys) {
        return relyingPartyBuilder(keys).preferredPubkeyParams(List.of()).build();
    }

    private RelyingParty.RelyingPartyBuilder relyingPartyBuilder(EntryCredentials keys) {
        return RelyingParty.builder().identity(identity).credentialRepository(keys)
                .origins(settings.origins()).allowOriginPort(false).allowOriginSubdomain(false)
                .attestationConveyancePreference(settings.attestation()).appId(settings.appId())
                .validateSignatureCounter(true).clock(clock);
    }

    private static boolean expired(PropertyManager properties, Optional<Instant> expires) {
        return expires.isEmpty() || !properties.now().isBefore(expires.get());
    }

    /**
     * Removes a registration request that expired unanswered, on the next sign-in write of the entry: one
     * look-up, no scan. (Sign-in requests are the flow's: an answer uses one up, and the core voids a flow's
     * values when it completes or resets, and bounds those of other sessions.)
     */
    private static void purgeExpiredRegistration(PropertyManager properties) {
        if (properties.contains(PENDING_REQUEST) && expired(properties, properties.getInstant(PENDING_EXPIRES))) {
            clearPending(properties);
        }
    }

    private static void clearPending(PropertyManager properties) {
        properties.remove(PENDING_REQUEST);
        properties.remove(PENDING_EXPIRES);
        properties.remove(PENDING_LABEL);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Override
    public String toString() {
        return "U2fProvider[rpId=" + settings.rpId() + "]";
    }
}
