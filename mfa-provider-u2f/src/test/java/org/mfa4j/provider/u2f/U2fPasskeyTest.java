package org.mfa4j.provider.u2f;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mfa4j.Change;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.MfaStoreException;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.store.Document;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;
import org.mfa4j.store.VersionedDocument;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/**
 * Passkey sign-in (usernameless, as a first factor) through {@link Mfa} with the software authenticator:
 * off by default; when on, the user is found by the handle the assertion names and the assertion is checked
 * as that user's sign-in.
 */
class U2fPasskeyTest {

    private static final String ID = U2fProviderFactory.ID;
    private static final String RP_ID = "mfa4j.test";
    private static final String ORIGIN = "https://mfa4j.test";

    private final MutableClock clock = MutableClock.startingAt2026();
    private final MfaUser alice = MfaUser.builder("alice").accountLabel("alice@example.test").build();
    private final MfaUser bob = MfaUser.builder("bob").build();
    private final Map<String, MfaUser> directory = new HashMap<>(Map.of("alice", alice, "bob", bob));
    private final Function<String, Optional<MfaUser>> users = id -> Optional.ofNullable(directory.get(id));
    private final SoftKey aliceKey = new SoftKey(ORIGIN, RP_ID);
    private final SoftKey bobKey = new SoftKey(ORIGIN, RP_ID);
    /** When set, the next write of a user's document fails, as a crash between two writes would. */
    private final AtomicBoolean failNextUserWrite = new AtomicBoolean();
    private final RecordingListener events = new RecordingListener();
    private final Mfa mfa = build(Map.of("passkeys", "true"));

    private Mfa build(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("rp-id", RP_ID, "timeout", "PT1M"));
        settings.putAll(extra);
        return Mfa.builder().store(new CrashingStore()).keys(SecretKeys.ephemeral(new SecureRandom())).clock(clock)
                .listener(events).provider(new U2fProviderFactory()).configure(ID, settings).build();
    }

    private void register(MfaUser user, SoftKey key) {
        MfaSession s = MfaSession.of("enrol-" + user.id());
        Change setup = mfa.setup(user, ID, s);
        JsonNode options = SoftKey.read(SoftKey.creationOptions(setup.view().orElseThrow()));
        assertThat(options.path("authenticatorSelection").path("residentKey").asText()).isEqualTo("required");
        assertThat(mfa.activate(user, ID, key.register(setup.view().orElseThrow()), s).status())
                .isEqualTo(Status.ACCEPTED);
    }

    private Result signIn(SoftKey key, String session) {
        Prompt p = mfa.passkeyPrompt(MfaSession.of(session));
        assertThat(p.issued()).isTrue();
        return mfa.passkeySignIn(key.sign(p.view()), MfaSession.of(session), users);
    }

    @Test
    void offByDefault() {
        Mfa plain = build(Map.of());
        assertThatThrownBy(() -> plain.passkeyPrompt(MfaSession.of("s"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("passkeys=true");
    }

    @Test
    void theRequestNamesNoUserAndRequiresUserVerification() {
        Prompt p = mfa.passkeyPrompt(MfaSession.of("s"));
        JsonNode options = SoftKey.read(p.view().require(U2fProviderFactory.VIEW_REQUEST_OPTIONS));
        assertThat(options.has("allowCredentials")).isFalse();
        assertThat(options.path("userVerification").asText()).isEqualTo("required");
        assertThat(options.path("rpId").asText()).isEqualTo(RP_ID);
    }

    @Test
    void theAssertionNamesItsUserAndSignsThemIn() {
        register(alice, aliceKey);
        register(bob, bobKey);
        Result r = signIn(aliceKey, "login-1");
        assertThat(r.status()).as("%s", r).isEqualTo(Status.ACCEPTED);
        assertThat(r.proof().orElseThrow().userId()).isEqualTo("alice");
        MfaSession signedIn = MfaSession.of("login-1").withProof(r.proof().orElseThrow());
        assertThat(mfa.state(alice, signedIn).status()).isEqualTo(MfaState.Step.SATISFIED);
        assertThat(signIn(bobKey, "login-2").proof().orElseThrow().userId()).isEqualTo("bob");
        assertThat(signIn(aliceKey, "login-3").proof().orElseThrow().userId()).as("the counter moved on")
                .isEqualTo("alice");
    }

    @Test
    void anAnswerUsesTheRequestUpAndAReplayIsRefused() {
        register(alice, aliceKey);
        Prompt p = mfa.passkeyPrompt(MfaSession.of("s"));
        MfaInput answer = aliceKey.sign(p.view());
        assertThat(mfa.passkeySignIn(answer, MfaSession.of("s"), users).status()).isEqualTo(Status.ACCEPTED);
        Result again = mfa.passkeySignIn(answer, MfaSession.of("s"), users);
        assertThat(again.reason()).contains(FailureReason.NO_CHALLENGE);
        mfa.passkeyPrompt(MfaSession.of("s"));
        Result replay = mfa.passkeySignIn(answer, MfaSession.of("s"), users);
        assertThat(replay.reason()).contains(FailureReason.REPLAY);
        assertThat(replay.details()).containsEntry(Refusals.DETAIL_CHECK, "challenge");
    }

    @Test
    void aRequestOfAnotherSessionIsNotThisOne() {
        register(alice, aliceKey);
        Prompt other = mfa.passkeyPrompt(MfaSession.of("other"));
        assertThat(mfa.passkeySignIn(aliceKey.sign(other.view()), MfaSession.of("mine"), users).reason())
                .contains(FailureReason.NO_CHALLENGE);
    }

    @Test
    void anExpiredRequestIsRefused() {
        register(alice, aliceKey);
        Prompt p = mfa.passkeyPrompt(MfaSession.of("s"));
        clock.advance(java.time.Duration.ofMinutes(1));
        Result r = mfa.passkeySignIn(aliceKey.sign(p.view()), MfaSession.of("s"), users);
        assertThat(r.status()).isEqualTo(Status.EXPIRED);
    }

    @Test
    void userVerificationIsRequired() {
        register(alice, aliceKey);
        aliceKey.flags = SoftKey.UP;
        Result r = signIn(aliceKey, "s");
        assertThat(r.reason()).contains(FailureReason.DENIED);
        assertThat(r.details()).containsEntry(Refusals.DETAIL_CHECK, "user-verification");
        assertThat(r.remainingAttempts()).as("a failure of alice's, counted").isEqualTo(2);
    }

    @Test
    void anUnknownHandleOrAUserTheApplicationNoLongerHasIsDenied() {
        SoftKey stranger = new SoftKey(ORIGIN, RP_ID);
        stranger.register(mfa.setup(MfaUser.of("carol"), ID, MfaSession.of("e")).view().orElseThrow());
        assertThat(signIn(stranger, "s").reason()).as("never activated: never indexed").contains(FailureReason.DENIED);
        register(alice, aliceKey);
        directory.remove("alice");
        assertThat(signIn(aliceKey, "s2").reason()).contains(FailureReason.DENIED);
    }

    @Test
    void aHandleNobodyIsRegisteredUnderIsToldToListenersWithAShortKeyedHashOnly() {
        SoftKey stranger = new SoftKey(ORIGIN, RP_ID);
        stranger.register(mfa.setup(MfaUser.of("carol"), ID, MfaSession.of("e")).view().orElseThrow());
        events.clear();

        assertThat(signIn(stranger, "s").reason()).contains(FailureReason.DENIED);
        List<MfaEvent.PasskeyRefused> refused = events.events(MfaEvent.PasskeyRefused.class);
        assertThat(refused).hasSize(1);
        MfaEvent.PasskeyRefused first = refused.get(0);
        assertThat(first.reason()).isEqualTo(MfaEvent.PasskeyRefused.Reason.UNKNOWN_HANDLE);
        assertThat(first.userId()).isEmpty();
        assertThat(first.at()).isEqualTo(clock.instant());
        String hash = first.handleHash().orElseThrow();
        assertThat(hash).hasSize(11);
        String handle = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(stranger.userHandle());
        assertThat(first.toString()).doesNotContain(handle).doesNotContain(handle.substring(0, 11))
                .doesNotContain(java.util.HexFormat.of().formatHex(stranger.userHandle()).substring(0, 11));
        assertThat(events.events(MfaEvent.Failed.class)).as("nobody's failures").isEmpty();

        signIn(stranger, "s2");
        assertThat(events.events(MfaEvent.PasskeyRefused.class)).as("the same handle probed again")
                .extracting(e -> e.handleHash().orElseThrow()).containsExactly(hash, hash);

        register(alice, aliceKey);
        directory.remove("alice");
        events.clear();
        signIn(aliceKey, "s3");
        MfaEvent.PasskeyRefused gone = events.events(MfaEvent.PasskeyRefused.class).get(0);
        assertThat(gone.reason()).isEqualTo(MfaEvent.PasskeyRefused.Reason.UNKNOWN_USER);
        assertThat(gone.handleHash()).isPresent().isNotEqualTo(first.handleHash());
    }

    @Test
    void theUserLookupMustAnswerForTheUserAskedFor() {
        register(alice, aliceKey);
        Prompt p = mfa.passkeyPrompt(MfaSession.of("s"));
        assertThatThrownBy(() -> mfa.passkeySignIn(aliceKey.sign(p.view()), MfaSession.of("s"),
                id -> Optional.of(bob))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aKeyOfAResetEntryDoesNotSignIn() {
        register(alice, aliceKey);
        mfa.admin().reset("alice", ID);
        assertThat(signIn(aliceKey, "s").status()).isEqualTo(Status.NOT_ACTIVE);
        SoftKey newKey = new SoftKey(ORIGIN, RP_ID);
        register(alice, newKey);
        assertThat(signIn(aliceKey, "s2").reason()).as("the old handle is not the entry's").contains(FailureReason.DENIED);
        assertThat(signIn(newKey, "s3").status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aHandleTheNamedEntryDoesNotHoldIsATypedRefusalAndANoticeWithoutTheHandle() {
        register(alice, aliceKey);
        mfa.admin().reset("alice", ID);
        register(alice, new SoftKey(ORIGIN, RP_ID));
        events.clear();

        Result r = signIn(aliceKey, "s");
        assertThat(r.reason()).contains(FailureReason.DENIED);
        assertThat(r.details()).containsEntry(Refusals.DETAIL_CHECK, "user-handle");
        MfaEvent.Notice notice = events.events(MfaEvent.Notice.class).stream()
                .filter(n -> n.kind().equals(U2fProviderFactory.NOTICE_UNKNOWN_USER_HANDLE)).findFirst().orElseThrow();
        assertThat(notice.userId()).isEqualTo("alice");
        assertThat(notice.providerId()).isEqualTo(ID);
        String hash = notice.attributes().get(U2fProviderFactory.ATTRIBUTE_HANDLE_HASH);
        assertThat(hash).hasSize(11);
        String handle = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(aliceKey.userHandle());
        assertThat(notice.toString() + r).doesNotContain(handle)
                .doesNotContain(java.util.HexFormat.of().formatHex(aliceKey.userHandle()));
        assertThat(signIn(aliceKey, "s2").status()).as("the same again").isNotEqualTo(Status.ACCEPTED);
        assertThat(events.events(MfaEvent.Notice.class)).filteredOn(n -> n.attributes().containsValue(hash)).hasSize(2);
    }

    @Test
    void aCrashAfterTheIndexLeavesTheHandleWithItsOwnUserAndTheRetryWorks() {
        Change setup = mfa.setup(alice, ID, MfaSession.of("e"));
        MfaInput attestation = aliceKey.register(setup.view().orElseThrow());
        failNextUserWrite.set(true);
        assertThatThrownBy(() -> mfa.activate(alice, ID, attestation, MfaSession.of("e")))
                .isInstanceOf(MfaStoreException.class);
        assertThat(signIn(aliceKey, "s").status()).as("indexed, but not active").isEqualTo(Status.NOT_ACTIVE);
        assertThat(mfa.activate(alice, ID, attestation, MfaSession.of("e")).status()).isEqualTo(Status.ACCEPTED);
        assertThat(signIn(aliceKey, "s2").proof().orElseThrow().userId()).isEqualTo("alice");
    }

    @Test
    void parallelSignInsOfTwoUsersEachFindTheirOwnEntry() throws Exception {
        register(alice, aliceKey);
        register(bob, bobKey);
        int rounds = 20;
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<String>>> runs = new ArrayList<>();
            for (SoftKey key : List.of(aliceKey, bobKey)) {
                runs.add(pool.submit(() -> {
                    List<String> names = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        String session = key + "-" + i;
                        Prompt p = mfa.passkeyPrompt(MfaSession.of(session));
                        MfaInput answer = key.sign(p.view());
                        barrier.await();
                        Result r = mfa.passkeySignIn(answer, MfaSession.of(session), users);
                        names.add(r.proof().map(proof -> proof.userId()).orElse(r.status().toString()));
                    }
                    return names;
                }));
            }
            assertThat(runs.get(0).get()).hasSize(rounds).containsOnly("alice");
            assertThat(runs.get(1).get()).hasSize(rounds).containsOnly("bob");
        } finally {
            pool.shutdownNow();
        }
    }

    /** The in-memory store, whose next write of a user's document fails once when asked to. */
    private final class CrashingStore implements MfaStore {
        private final InMemoryMfaStore store = new InMemoryMfaStore();

        @Override
        public Optional<VersionedDocument> load(String userId) {
            return store.load(userId);
        }

        @Override
        public boolean compareAndSet(String userId, long expectedVersion, Document next) {
            if (!userId.startsWith(ENGINE_ID_PREFIX) && failNextUserWrite.getAndSet(false)) {
                throw new MfaStoreException("the store went away");
            }
            return store.compareAndSet(userId, expectedVersion, next);
        }

        @Override
        public boolean delete(String userId, long expectedVersion, Instant at) {
            return store.delete(userId, expectedVersion, at);
        }
    }
}
