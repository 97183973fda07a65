package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.internal.DocumentJson;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.policy.DevicePolicy;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.testing.logging.LogCapture;

/** "Remember this browser": what a device token is worth, when it stops counting, and who can see it. */
class RememberedDevicesTest {

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    private Fixture f = new Fixture();
    private final MfaUser alice = MfaUser.of("alice");
    private String code;
    /** Alice's browser, where she just verified with her code. */
    private MfaSession web;

    @BeforeEach
    void aliceVerifiedInHerBrowser() {
        code = f.enrol(alice, "code");
        web = signedIn(alice, "web-1");
    }

    private MfaSession signedIn(MfaUser user, String sessionId) {
        Result r = f.mfa.verify(user, "code", MfaInput.code(code), MfaSession.of(sessionId));
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        return MfaSession.of(sessionId).withProof(r.proof().orElseThrow());
    }

    private DeviceToken remember(MfaSession session) {
        Remembered r = f.mfa.devices().remember(alice, session, "Firefox on Linux");
        assertThat(r.status()).isEqualTo(Remembered.Status.REMEMBERED);
        return r.token().orElseThrow();
    }

    /** A new login in the same browser: the password passed, the session holds no proof yet. */
    private Result nextLogin(MfaUser user, String token) {
        return f.mfa.devices().signIn(user, token, MfaSession.of("web-next"));
    }

    @Test
    void acceptedWithinItsLifetime() {
        DeviceToken token = remember(web);
        assertThat(token.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofDays(30)));
        f.clock.advance(Duration.ofDays(30).minusSeconds(1));
        MfaSession next = MfaSession.of("web-next");
        assertThat(f.mfa.state(alice, next).status()).isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);

        Result r = f.mfa.devices().signIn(alice, token.value(), next);

        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        Proof proof = r.proof().orElseThrow();
        assertThat(proof.fromRememberedDevice()).isTrue();
        assertThat(proof.providers()).isEmpty();
        assertThat(f.mfa.state(alice, next.withProof(proof)).status()).isEqualTo(MfaState.Step.SATISFIED);
        assertThat(f.mfa.state(alice, MfaSession.of("elsewhere").withProof(proof)).status())
                .as("bound to the session it signed in").isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);
        RememberedDevice listed = f.mfa.devices().list(alice).get(0);
        assertThat(listed.id()).isEqualTo(token.id());
        assertThat(listed.label()).isEqualTo("Firefox on Linux");
        assertThat(listed.lastSeen()).contains(f.clock.instant());
        assertThat(f.events.events(MfaEvent.DeviceSignedIn.class)).singleElement()
                .satisfies(e -> assertThat(e.deviceId()).isEqualTo(token.id()));
    }

    @Test
    void refusedAfterItsLifetimeWhichThePolicySets() {
        DeviceToken token = remember(web);
        f.clock.advance(Duration.ofDays(30));
        assertThat(nextLogin(alice, token.value()).status()).isEqualTo(Status.EXPIRED);
        assertThat(f.mfa.devices().list(alice)).isEmpty();

        f = new Fixture(b -> b.devices(DevicePolicy.builder().lifetime(Duration.ofDays(7)).build()));
        code = f.enrol(alice, "code");
        DeviceToken weekly = remember(signedIn(alice, "web-1"));
        f.clock.advance(Duration.ofDays(6));
        assertThat(nextLogin(alice, weekly.value()).status()).isEqualTo(Status.ACCEPTED);
        f.clock.advance(Duration.ofDays(1));
        Result late = nextLogin(alice, weekly.value());
        assertThat(late.status()).isEqualTo(Status.EXPIRED);
        assertThat(late.reason()).contains(FailureReason.EXPIRED);
        assertThat(f.events.events(MfaEvent.DeviceRefused.class)).last()
                .satisfies(e -> assertThat(e.status()).isEqualTo(Status.EXPIRED));
    }

    @Test
    void refusedAfterAnyChangeOfTheFactors() {
        DeviceToken token = remember(web);
        String card = f.mfa.setup(alice, "card", web).view().orElseThrow().require("code");
        assertThat(f.mfa.activate(alice, "card", MfaInput.code(card), web).status()).isEqualTo(Status.ACCEPTED);

        assertThat(nextLogin(alice, token.value()).status()).isEqualTo(Status.EXPIRED);
        assertThat(f.mfa.devices().list(alice)).as("void, so not listed").isEmpty();
    }

    @Test
    void refusedAfterRevocationByTheUserOrAnAdministrator() {
        DeviceToken laptop = remember(web);
        DeviceToken phone = remember(web);
        DeviceToken tablet = remember(web);

        Change one = f.mfa.devices().revoke(alice, laptop.id(), web);
        assertThat(one.status()).isEqualTo(ChangeStatus.DONE);
        assertThat(one.removed()).containsExactly(laptop.id());
        assertThat(nextLogin(alice, laptop.value()).status()).isEqualTo(Status.REJECTED);
        assertThat(nextLogin(alice, phone.value()).status()).isEqualTo(Status.ACCEPTED);
        assertThat(f.mfa.devices().revoke(alice, laptop.id(), web).status()).isEqualTo(ChangeStatus.UNCHANGED);

        assertThat(f.mfa.admin().revokeDevice("alice", phone.id())).isTrue();
        assertThat(nextLogin(alice, phone.value()).status()).isEqualTo(Status.REJECTED);
        assertThat(f.mfa.admin().devices("alice")).extracting(RememberedDevice::id).containsExactly(tablet.id());

        remember(web);
        assertThat(f.mfa.devices().revokeAll(alice, web).removed()).hasSize(2);
        assertThat(nextLogin(alice, tablet.value()).status()).isEqualTo(Status.REJECTED);
        assertThat(f.mfa.admin().revokeDevices("alice")).isEmpty();
        assertThat(f.events.events(MfaEvent.DevicesRevoked.class)).extracting(MfaEvent.DevicesRevoked::byAdministrator)
                .containsExactly(false, true, false);
    }

    @Test
    void refusedForAnotherUser() {
        DeviceToken token = remember(web);
        MfaUser bob = MfaUser.of("bob");
        f.enrol(bob, "code");

        Result r = nextLogin(bob, token.value());

        assertThat(r.status()).isEqualTo(Status.REJECTED);
        assertThat(r.proof()).isEmpty();
    }

    @Test
    void refusedWhenTamperedWith() {
        String token = remember(web).value();
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c != '.') {
                forged.add(token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1));
            }
        }
        forged.add(token.substring(0, token.length() - 1));
        forged.add(token + "A");
        forged.add(token.replace('.', '_'));
        forged.add(token.toUpperCase(java.util.Locale.ROOT));
        forged.add("");
        forged.add(null);
        for (String t : forged) {
            assertThat(nextLogin(alice, t).status()).as("forged %s", t).isEqualTo(Status.REJECTED);
        }
        assertThat(nextLogin(alice, token).status()).as("the real one still counts").isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aDeviceProofIsNeverAFreshVerification() {
        DeviceToken token = remember(web);
        MfaSession device = MfaSession.of("web-next")
                .withProof(nextLogin(alice, token.value()).proof().orElseThrow());

        assertThat(f.mfa.checkProof(alice, device, Duration.ofHours(1))).isEqualTo(ProofStatus.INSUFFICIENT);
        assertThat(f.mfa.checkProof(alice, device, "change-password")).isEqualTo(ProofStatus.INSUFFICIENT);
        assertThat(f.mfa.setup(alice, "card", device).stepUp()).contains(ProofStatus.INSUFFICIENT);
        assertThat(f.mfa.deactivate(alice, "code", device).stepUp()).contains(ProofStatus.INSUFFICIENT);
        assertThat(f.mfa.devices().revoke(alice, token.id(), device).stepUp()).contains(ProofStatus.INSUFFICIENT);
        assertThat(f.mfa.devices().revokeAll(alice, device).status()).isEqualTo(ChangeStatus.STEP_UP_REQUIRED);
        Remembered again = f.mfa.devices().remember(alice, device, "again");
        assertThat(again.status()).isEqualTo(Remembered.Status.STEP_UP_REQUIRED);
        assertThat(again.stepUp()).contains(ProofStatus.INSUFFICIENT);
        assertThat(f.mfa.devices().list(alice)).hasSize(1);
    }

    @Test
    void rememberingNeedsARecentProofFromAFactor() {
        Remembered none = f.mfa.devices().remember(alice, MfaSession.of("web-1"), "x");
        assertThat(none.status()).isEqualTo(Remembered.Status.STEP_UP_REQUIRED);
        assertThat(none.stepUp()).contains(ProofStatus.MISSING);
        f.clock.advance(Duration.ofMinutes(6));
        assertThat(f.mfa.devices().remember(alice, web, "x").stepUp()).contains(ProofStatus.EXPIRED);
        MfaUser carol = MfaUser.of("carol");
        assertThat(f.mfa.devices().remember(carol, MfaSession.of("c"), "x").status())
                .as("nothing to skip").isEqualTo(Remembered.Status.NO_FACTOR);
        assertThat(f.events.events(MfaEvent.DeviceRemembered.class)).isEmpty();
    }

    @Test
    void thePolicyMayForbidAdministratorsToRememberOrUseDevices() {
        f = new Fixture(b -> b.devices(DevicePolicy.builder().forbidAdministrators().build()));
        MfaUser admin = MfaUser.builder("root").administrator(true).build();
        code = f.enrol(admin, "code");
        MfaSession session = signedIn(admin, "root-web");

        assertThat(f.mfa.devices().remember(admin, session, "x").status()).isEqualTo(Remembered.Status.NOT_ALLOWED);
        code = f.enrol(alice, "code");
        DeviceToken token = f.mfa.devices().remember(alice, signedIn(alice, "web-1"), "x").token().orElseThrow();
        MfaUser promoted = MfaUser.builder("alice").administrator(true).build();
        assertThat(nextLogin(promoted, token.value()).status()).isEqualTo(Status.NOT_ALLOWED);
        assertThat(nextLogin(alice, token.value()).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aUserKeepsAtMostSixteenDevicesTheLeastRecentlySeenGoesFirst() {
        DeviceToken first = remember(web);
        DeviceToken second = remember(web);
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(nextLogin(alice, first.value()).status()).isEqualTo(Status.ACCEPTED);
        for (int i = 0; i < DocumentJson.MAX_DEVICES - 1; i++) {
            remember(web);
        }
        assertThat(f.mfa.devices().list(alice)).hasSize(DocumentJson.MAX_DEVICES);
        assertThat(nextLogin(alice, second.value()).status()).isEqualTo(Status.REJECTED);
        assertThat(nextLogin(alice, first.value()).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void theTokenIsStoredOnlyAsAKeyedHashAndNeverShown() {
        Remembered remembered = f.mfa.devices().remember(alice, web, "Firefox on Linux");
        DeviceToken token = remembered.token().orElseThrow();
        String secret = token.value().substring(token.value().indexOf('.') + 1);
        Result signedIn = nextLogin(alice, token.value());
        nextLogin(alice, token.value() + "x");
        f.mfa.devices().revoke(alice, token.id(), web);

        UserDocument stored = UserDocument.of(f.store.load("alice").orElseThrow().document());
        String json = stored.toJson();
        assertThat(DocumentJson.decode(json)).as("the codec keeps devices exactly").isEqualTo(stored);
        List<String> texts = new ArrayList<>(logs.texts());
        texts.add(json);
        texts.add(token.toString());
        texts.add(remembered.toString());
        texts.add(signedIn.toString());
        texts.add(stored.toString());
        f.events.events().forEach(e -> texts.add(e.toString()));
        for (String text : texts) {
            assertThat(text).doesNotContain(secret);
        }
        assertThat(token.toString()).contains(token.id());
        assertThat(logs.messages()).anyMatch(m -> m.contains("event=device-remembered user=alice device=" + token.id()));
    }

    @Test
    void theDocumentKeepsTheHashNotTheSecret() {
        DeviceToken token = remember(web);
        String secret = token.value().substring(token.value().indexOf('.') + 1);
        UserDocument stored = UserDocument.of(f.store.load("alice").orElseThrow().document());
        assertThat(stored.devices()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(token.id());
            assertThat(d.hash()).startsWith("h1.").doesNotContain(secret);
        });
    }
}
