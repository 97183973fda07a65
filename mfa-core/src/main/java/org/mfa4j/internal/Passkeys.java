package org.mfa4j.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaProviderException;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaStoreException;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.PasskeySignIn;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.store.MfaStore;

/**
 * Usernameless sign-in: the request before anybody is known, the user found by the handle the answer names,
 * and then the answer checked as that user's sign-in ({@link SignIn}). Two kinds of engine documents
 * ({@link MfaStore#ENGINE_ID_PREFIX}):
 * <ul>
 *   <li>{@code passkey-request/<flow>}: the pending request of one session (the digest that names its login
 *       flow), replaced by the next prompt in that session, and deleted by the next answer in the
 *       compare-and-set that takes it, which uses it up whatever the verdict; {@link PasskeyRequests} keeps
 *       them bounded and deletes the expired ones.</li>
 *   <li>{@code passkey-user/<SHA-256 of the handle>}: the user a handle names. Written when an activation
 *       adds a credential with the handle, <em>before</em> the user's document, by compare-and-set from
 *       "no document" only, and never changed or deleted afterwards.</li>
 * </ul>
 *
 * <p>Why an index and not a handle that carries the user id, sealed under the application key: WebAuthn
 * allows 64 bytes and a sealed value costs 29 or more of them, so many user ids (255 bytes allowed, a UUID
 * string is 36) would not fit; a handle would die with a retired key while the authenticator keeps it for
 * years; and the specification asks for random handles. The index cannot be written in the user's
 * compare-and-set (the store has no transactions across documents), so it is made safe by order instead:
 * a crash after the index and before the user's write leaves a handle that names a user whose entry does
 * not hold it, and the provider's {@link PasskeySignIn#verify} refuses it, as it refuses a handle whose
 * entry was reset or whose user was erased (a re-created id gets new random handles). A handle, 32 random
 * bytes, is never reissued, and an index document is never overwritten: it cannot come to name another
 * user. The handle's hash, not the handle, names the document; it is not keyed, so it survives key
 * rotation.
 */
public final class Passkeys {

    /** The longest user handle WebAuthn allows. */
    public static final int MAX_USER_HANDLE_BYTES = 64;

    private static final String INDEX = "passkey-user";
    private static final String USER = "user";
    private static final StagedMap.Owner DETACHED = new Detached();

    /** The characters of a handle's keyed hash an event shows (66 bits). */
    private static final int HASH_CHARS = 11;

    private final Engine e;
    private final PasskeyRequests requests;

    Passkeys(Engine engine) {
        this.e = engine;
        this.requests = new PasskeyRequests(engine.tx);
    }

    /** See {@code Mfa.passkeyPrompt}. */
    public Prompt prompt(MfaSession session) {
        ProviderRegistry.Entry entry = offering();
        String flow = e.proofs.sessionDigest(session);
        String requestId = PasskeyRequests.requestId(flow);
        Instant now = e.clock.instant();
        StagedMap request = new StagedMap(Map.of(), DETACHED, e.cipher, requestId, entry.id(), "");
        Challenge c = Engine.call(entry, "passkeys().challenge",
                () -> entry.provider().passkeys().orElseThrow().challenge(request, now));
        if (c.dispatch().isPresent()) {
            throw new MfaProviderException("provider '" + entry.id() + "' asked for a delivery in a passkey "
                    + "prompt, which has nobody to deliver to; nothing was changed");
        }
        PasskeyRequests.Opened opened = requests.open(flow, c.expiresAt(), now);
        if (opened == PasskeyRequests.Opened.FULL) {
            e.events.publish(List.of(new MfaEvent.PasskeyRefused(now, MfaEvent.PasskeyRefused.Reason.TOO_MANY_REQUESTS,
                    Optional.empty())));
            return Prompt.refused(Status.THROTTLED, entry.id());
        } else if (opened == PasskeyRequests.Opened.DROPPED_OLDEST) {
            e.events.publish(List.of(new MfaEvent.PasskeyRefused(now, MfaEvent.PasskeyRefused.Reason.REQUEST_DROPPED,
                    Optional.empty())));
        }
        ProviderRecord record = ProviderRecord.created(now).withProperties(request.current());
        Prompt prompt = new Prompt(Status.ACCEPTED, entry.id(), Optional.of("Sign in with your passkey."), true,
                c.view(), c.expiresAt());
        return e.tx.run(requestId, doc -> Step.write(UserDocument.empty().withFactorEpoch(doc.factorEpoch())
                .withProvider(entry.id(), record), prompt));
    }

    /** See {@code Mfa.passkeySignIn}. */
    public Result signIn(MfaInput input, MfaSession session, Function<String, Optional<MfaUser>> users) {
        ProviderRegistry.Entry entry = offering();
        PasskeySignIn passkeys = entry.provider().passkeys().orElseThrow();
        String flow = e.proofs.sessionDigest(session);
        Optional<ProviderRecord> request = requests.take(flow).flatMap(doc -> doc.provider(entry.id()));
        if (request.isEmpty()) {
            return refused(entry, FailureReason.NO_CHALLENGE);
        }
        Optional<SecretBytes> handle = Engine.call(entry, "passkeys().userHandle", () -> passkeys.userHandle(input));
        if (handle.isEmpty()) {
            return refused(entry, FailureReason.MALFORMED_INPUT);
        }
        Optional<String> userId = owner(handle.get());
        Optional<MfaUser> user = userId.isEmpty() ? Optional.empty() : users.apply(userId.get());
        if (user.isEmpty()) {
            e.events.publish(List.of(new MfaEvent.PasskeyRefused(e.clock.instant(), userId.isEmpty()
                    ? MfaEvent.PasskeyRefused.Reason.UNKNOWN_HANDLE : MfaEvent.PasskeyRefused.Reason.UNKNOWN_USER,
                    Optional.of(shortHash(handle.get())))));
            return refused(entry, FailureReason.DENIED);
        }
        if (!user.get().id().equals(userId.get())) {
            throw new InvalidRequestException("the user lookup of Mfa.passkeySignIn returned a user with another id "
                    + "than the one it was asked for");
        }
        if (!e.policy.isAllowed(user.get(), entry.descriptor(), e.registry.descriptors())) {
            return Result.refused(Status.NOT_ALLOWED, entry.id(), Optional.empty(), 0, Map.of());
        }
        StagedMap stored = new StagedMap(request.get().properties(), DETACHED, e.cipher,
                PasskeyRequests.requestId(flow), entry.id(), "");
        return e.signIn().answer(user.get(), entry, flow,
                pm -> Engine.call(entry, "passkeys().verify", () -> passkeys.verify(input, stored, pm)));
    }

    /**
     * Records that each handle names {@code userId}, inside the run of the activation that adds the handle's
     * credential and before its write. A re-run finds its own earlier record and goes on.
     *
     * @throws MfaStoreException when a handle already names another user (nothing is changed)
     */
    void index(String userId, List<SecretBytes> handles, Instant now) {
        for (SecretBytes handle : handles) {
            String id = indexId(handle);
            UserDocument record = UserDocument.empty().withProvider(INDEX,
                    ProviderRecord.created(now).withProperties(Map.of(USER, userId)));
            for (int attempt = 1; !e.tx.createIfAbsent(id, record); attempt++) {
                Optional<String> owner = owner(id);
                if (owner.filter(userId::equals).isPresent()) {
                    break;
                }
                if (owner.isPresent() || attempt >= Transaction.MAX_ATTEMPTS) {
                    throw new MfaStoreException("a passkey user handle is already registered; nothing was changed");
                }
            }
        }
    }

    private Optional<String> owner(SecretBytes handle) {
        return owner(indexId(handle));
    }

    private Optional<String> owner(String indexId) {
        return e.tx.document(indexId).provider(INDEX).map(r -> r.properties().get(USER))
                .filter(String.class::isInstance).map(String.class::cast);
    }

    /** The provider that offers passkey sign-in: the first registered one. */
    private ProviderRegistry.Entry offering() {
        for (ProviderRegistry.Entry entry : e.registry.entries()) {
            if (entry.provider().passkeys().isPresent()) {
                return entry;
            }
        }
        throw new InvalidRequestException("no registered provider offers passkey sign-in; enable it in the "
                + "provider's settings (for u2f: passkeys=true)");
    }

    /** A short keyed hash of a handle for events: the same handle gives the same one under one key. */
    private String shortHash(SecretBytes handle) {
        String hash = e.cipher.hash(handle, "passkey-refused");
        return hash.substring(hash.lastIndexOf('.') + 1, hash.lastIndexOf('.') + 1 + HASH_CHARS);
    }

    private static String indexId(SecretBytes handle) {
        byte[] digest = handle.read(h -> {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                sha.update("mfa4j passkey user handle|".getBytes(StandardCharsets.US_ASCII));
                return sha.digest(h);
            } catch (GeneralSecurityException x) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", x);
            }
        });
        return MfaStore.ENGINE_ID_PREFIX + INDEX + "/" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static Result refused(ProviderRegistry.Entry entry, FailureReason reason) {
        return Result.refused(Status.REJECTED, entry.id(), Optional.of(reason), 0, Map.of());
    }

    /** The owner of a request map: no user's entry, nothing to mark as changed. */
    private static final class Detached implements StagedMap.Owner {
        @Override
        public void written() {
        }
    }
}
