package org.mfa4j.provider.u2f;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfa4j.Change;
import org.mfa4j.ChangeStatus;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/**
 * Each way a ceremony can go wrong, through {@link Mfa} against the real provider and Yubico's checks, with a
 * software authenticator: refused with its reason and the failed check, never quoting the client's values.
 */
class U2fFailurePathsTest {

    private static final String ID = U2fProviderFactory.ID;
    private static final String RP_ID = "mfa4j.test";
    private static final String ORIGIN = "https://mfa4j.test";

    private final MutableClock clock = MutableClock.startingAt2026();
    private final RecordingListener events = new RecordingListener();
    private final MfaUser alice = MfaUser.builder("alice").build();
    private final MfaUser bob = MfaUser.builder("bob").build();
    private final SoftKey aliceKey = new SoftKey(ORIGIN, RP_ID);
    private final SoftKey bobKey = new SoftKey(ORIGIN, RP_ID);
    private Mfa mfa = build(Map.of());

    private InMemoryMfaStore store;

    private Mfa build(Map<String, String> extra) {
        store = new InMemoryMfaStore();
        Map<String, String> settings = new HashMap<>(Map.of("rp-id", RP_ID, "timeout", "PT1M"));
        settings.putAll(extra);
        return Mfa.builder().store(store).keys(SecretKeys.ephemeral(new SecureRandom()))
                .clock(clock).listener(events).lockout(LockoutPolicy.builder().maxFailures(20).build())
                .provider(new U2fProviderFactory()).configure(ID, settings).build();
    }

    private void register(MfaUser user, SoftKey key) {
        MfaSession s = MfaSession.of("enrol-" + user.id());
        Change setup = mfa.setup(user, ID, s);
        assertThat(setup.status()).isEqualTo(ChangeStatus.DONE);
        assertThat(mfa.activate(user, ID, key.register(setup.view().orElseThrow()), s).status())
                .isEqualTo(Status.ACCEPTED);
    }

    private Prompt prompt(MfaUser user, String session) {
        Prompt p = mfa.prompt(user, ID, MfaSession.of(session));
        assertThat(p.issued()).isTrue();
        return p;
    }

    private Result verify(MfaUser user, MfaInput input, String session) {
        return mfa.verify(user, ID, input, MfaSession.of(session));
    }

    /** A refused activation: the core reports the reason (activation results carry no details). */
    private static void refusedActivation(Result r, FailureReason reason) {
        refused(r, reason, null);
    }

    private static void refused(Result r, FailureReason reason, String check) {
        assertThat(r.status()).as("%s", r).isNotEqualTo(Status.ACCEPTED);
        assertThat(r.reason()).contains(reason);
        if (check != null) {
            assertThat(r.details()).containsEntry(Refusals.DETAIL_CHECK, check);
        }
    }

    @Test
    void aGoodAssertionIsAcceptedAndItsCounterStored() {
        register(alice, aliceKey);
        assertThat(verify(alice, aliceKey.sign(prompt(alice, "s").view()), "s").status()).isEqualTo(Status.ACCEPTED);
        assertThat(verify(alice, aliceKey.sign(prompt(alice, "s2").view()), "s2").status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void wrongOrigin() {
        register(alice, aliceKey);
        aliceKey.origin = "https://mfa4j.test.evil.example";
        Result r = verify(alice, aliceKey.sign(prompt(alice, "s").view()), "s");
        refused(r, FailureReason.DENIED, "origin");
        assertThat(r.toString()).doesNotContain("evil");
    }

    @Test
    void anOriginOnAnotherPortIsNotTheOrigin() {
        register(alice, aliceKey);
        aliceKey.origin = ORIGIN + ":8443";
        refused(verify(alice, aliceKey.sign(prompt(alice, "s").view()), "s"), FailureReason.DENIED, "origin");
    }

    @Test
    void wrongOriginAtRegistration() {
        aliceKey.origin = "https://evil.example";
        Change setup = mfa.setup(alice, ID, MfaSession.of("e"));
        Result r = mfa.activate(alice, ID, aliceKey.register(setup.view().orElseThrow()), MfaSession.of("e"));
        refusedActivation(r, FailureReason.DENIED);
        assertThat(mfa.overview(alice).provider(ID).orElseThrow().active()).isFalse();
    }

    @Test
    void wrongRpId() {
        register(alice, aliceKey);
        aliceKey.rpId = "evil.example";
        refused(verify(alice, aliceKey.sign(prompt(alice, "s").view()), "s"), FailureReason.DENIED, "rp-id");
    }

    @Test
    void aReplayedAssertionIsRefused() {
        register(alice, aliceKey);
        MfaInput answer = aliceKey.sign(prompt(alice, "s").view());
        assertThat(verify(alice, answer, "s").status()).isEqualTo(Status.ACCEPTED);
        refused(verify(alice, answer, "s"), FailureReason.NO_CHALLENGE, null);
        prompt(alice, "s2");
        refused(verify(alice, answer, "s2"), FailureReason.REPLAY, "challenge");
    }

    @Test
    void anyAnswerUsesTheRequestUp() {
        register(alice, aliceKey);
        Prompt p = prompt(alice, "s");
        aliceKey.origin = "https://evil.example";
        refused(verify(alice, aliceKey.sign(p.view()), "s"), FailureReason.DENIED, "origin");
        aliceKey.origin = ORIGIN;
        refused(verify(alice, aliceKey.sign(p.view()), "s"), FailureReason.NO_CHALLENGE, null);
    }

    @Test
    void anAssertionForAnotherUsersRequestIsRefused() {
        register(alice, aliceKey);
        register(bob, bobKey);
        Prompt forBob = prompt(bob, "bob-login");
        Result r = verify(bob, aliceKey.sign(forBob.view()), "bob-login");
        refused(r, FailureReason.DENIED, "credential");
        Prompt forAlice = prompt(alice, "alice-login");
        refused(verify(bob, aliceKey.sign(forAlice.view()), "bob-login"), FailureReason.NO_CHALLENGE, null);
        prompt(bob, "bob-login");
        refused(verify(bob, aliceKey.sign(forAlice.view()), "bob-login"), FailureReason.DENIED, "credential");
        assertThat(verify(alice, aliceKey.sign(forAlice.view()), "alice-login").status())
                .as("Alice's own request is still hers").isEqualTo(Status.ACCEPTED);
    }

    @Test
    void anExpiredRequestIsRefused() {
        register(alice, aliceKey);
        Prompt p = prompt(alice, "s");
        clock.advance(Duration.ofMinutes(1));
        refused(verify(alice, aliceKey.sign(p.view()), "s"), FailureReason.EXPIRED, null);
    }

    @Test
    void anExpiredRegistrationIsRefused() {
        Change setup = mfa.setup(alice, ID, MfaSession.of("e"));
        clock.advance(Duration.ofMinutes(2));
        refusedActivation(mfa.activate(alice, ID, aliceKey.register(setup.view().orElseThrow()),
                MfaSession.of("e")), FailureReason.EXPIRED);
    }

    @Test
    void aCounterThatGoesBackwardsIsRefusedAndReported() {
        register(alice, aliceKey);
        aliceKey.counter = 41;
        assertThat(verify(alice, aliceKey.sign(prompt(alice, "s").view()), "s").status()).isEqualTo(Status.ACCEPTED);
        aliceKey.counter = 10; // a clone that signed less often
        Result r = verify(alice, aliceKey.sign(prompt(alice, "s2").view()), "s2");
        refused(r, FailureReason.COUNTER_REGRESSION, "signature-counter");
        String credential = mfa.overview(alice).provider(ID).orElseThrow().credentials().get(0).id();
        assertThat(events.events(MfaEvent.Notice.class)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(U2fProviderFactory.NOTICE_COUNTER_REGRESSION);
            assertThat(n.attributes()).containsEntry(U2fProviderFactory.DETAIL_CREDENTIAL, credential)
                    .containsEntry("received", "11");
        });
        aliceKey.counter = 41; // the stored counter again is refused too
        refused(verify(alice, aliceKey.sign(prompt(alice, "s3").view()), "s3"), FailureReason.COUNTER_REGRESSION, null);
        assertThat(verify(alice, aliceKey.sign(prompt(alice, "s4").view()), "s4").status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void userPresenceMissing() {
        register(alice, aliceKey);
        aliceKey.flags = SoftKey.UV;
        refused(verify(alice, aliceKey.sign(prompt(alice, "s").view()), "s"), FailureReason.DENIED, "user-presence");
    }

    @Test
    void userVerificationRequiredButAbsent() {
        mfa = build(Map.of("user-verification", "required"));
        register(alice, aliceKey);
        aliceKey.flags = SoftKey.UP;
        refused(verify(alice, aliceKey.sign(prompt(alice, "s").view()), "s"), FailureReason.DENIED,
                "user-verification");
    }

    @Test
    void userVerificationRequiredButAbsentAtRegistration() {
        mfa = build(Map.of("user-verification", "required"));
        aliceKey.flags = SoftKey.UP;
        Change setup = mfa.setup(alice, ID, MfaSession.of("e"));
        refusedActivation(mfa.activate(alice, ID, aliceKey.register(setup.view().orElseThrow()),
                MfaSession.of("e")), FailureReason.DENIED);
    }

    @Test
    void userVerificationPreferredAcceptsPresenceAlone() {
        register(alice, aliceKey);
        aliceKey.flags = SoftKey.UP;
        assertThat(verify(alice, aliceKey.sign(prompt(alice, "s").view()), "s").status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aTamperedSignatureIsRefused() {
        register(alice, aliceKey);
        SoftKey impostor = new SoftKey(ORIGIN, RP_ID);
        MfaInput forged = impostor.sign(prompt(alice, "s").view());
        refused(verify(alice, forged, "s"), FailureReason.DENIED, "credential");
    }

    @Test
    void malformedResponsesAreRefusedWithoutQuotingThem() {
        register(alice, aliceKey);
        prompt(alice, "s");
        Result r = verify(alice, MfaInput.of(Map.of(U2fProviderFactory.INPUT_CREDENTIAL, "{\"id\":\"<script>\"")), "s");
        refused(r, FailureReason.MALFORMED_INPUT, "format");
        assertThat(r.toString()).doesNotContain("script");
        prompt(alice, "s");
        refused(verify(alice, MfaInput.of(Map.of(U2fProviderFactory.INPUT_CREDENTIAL, "x".repeat(70_000))), "s"),
                FailureReason.MALFORMED_INPUT, null);
    }

    @Test
    void aKeyIsNotRegisteredTwice() {
        register(alice, aliceKey);
        Result signedIn = verify(alice, aliceKey.sign(prompt(alice, "account").view()), "account");
        MfaSession proven = MfaSession.of("account").withProof(signedIn.proof().orElseThrow());
        Change again = mfa.setup(alice, ID, MfaInput.of(Map.of("label", "again")), proven);
        assertThat(again.status()).isEqualTo(ChangeStatus.DONE);
        String options = SoftKey.creationOptions(again.view().orElseThrow());
        assertThat(SoftKey.read(options).path("excludeCredentials")).as("the registered key is excluded").hasSize(1);
        Result r = mfa.activate(alice, ID, aliceKey.register(again.view().orElseThrow()), proven);
        refusedActivation(r, FailureReason.DENIED);
        assertThat(mfa.overview(alice).provider(ID).orElseThrow().credentials()).hasSize(1);
    }

    /** Names of the request values in a user's stored document: registration and sign-in requests. */
    private String storedRequests(MfaUser user) {
        String json = store.load(user.id()).orElseThrow().document().json();
        return java.util.regex.Pattern.compile("\"[^\"]*(request|expires)\"").matcher(json).results()
                .map(java.util.regex.MatchResult::group).toList().toString();
    }

    @Test
    void usedAndExpiredRequestsAreNotLeftInTheUsersDocument() {
        register(alice, aliceKey);
        assertThat(storedRequests(alice)).as("after activation").isEqualTo("[]");
        Result signedIn = verify(alice, aliceKey.sign(prompt(alice, "account").view()), "account");
        assertThat(signedIn.status()).isEqualTo(Status.ACCEPTED);
        assertThat(storedRequests(alice)).as("after sign-in").isEqualTo("[]");

        MfaSession proven = MfaSession.of("account").withProof(signedIn.proof().orElseThrow());
        mfa.setup(alice, ID, MfaInput.of(Map.of("label", "second")), proven);
        assertThat(storedRequests(alice)).as("a pending registration").contains("pending.request");
        clock.advance(Duration.ofMinutes(2));
        Prompt p = prompt(alice, "later");
        assertThat(storedRequests(alice)).as("the expired registration purged by the next write")
                .doesNotContain("pending").contains("request");
        clock.advance(Duration.ofMinutes(2));
        refused(verify(alice, aliceKey.sign(p.view()), "later"), FailureReason.EXPIRED, null);
        assertThat(storedRequests(alice)).as("after an expired answer").isEqualTo("[]");
    }
}
