package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.provider.duo.DuoPeer.Callback;
import org.mfa4j.spi.FailureReason;

/**
 * What Duo's token endpoint answers, through {@code Mfa}: only a verified token for this user saying
 * {@code allow} passes; a token for another user, an expired or forged one, a denial and a failed exchange
 * are typed refusals, each counted and with the state used up; bad tokens and failed exchanges are notices.
 */
@DuoPeerTest
class DuoVerdictTest {

    private final MfaUser alice = MfaUser.of("alice");

    private static DuoMfa enrolled(DuoMfa t, MfaUser user) {
        t.enrol(user, MfaSession.of("enrol"));
        t.peer.reset();
        return t;
    }

    /** A prompt followed to its callback, then the token endpoint told to rewrite its claims, then the answer. */
    private Result answerWith(DuoMfa t, UnaryOperator<Map<String, Object>> claims) {
        Callback callback = t.promptAndFollow(alice, "login");
        t.peer.duo.idToken = claims;
        return t.verify(alice, callback, "login");
    }

    private static UnaryOperator<Map<String, Object>> put(String claim, Object value) {
        return c -> {
            c.put(claim, value);
            return c;
        };
    }

    private static void refused(Result r, Status status, FailureReason reason, String detail) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.reason()).contains(reason);
        assertThat(r.details()).containsEntry(DuoProviderFactory.DETAIL_DUO, detail);
        assertThat(r.remainingAttempts()).as("counted").isEqualTo(2);
    }

    private static void noticed(DuoMfa t, String kind, String result) {
        assertThat(t.events.events(MfaEvent.Notice.class)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(kind);
            assertThat(n.userId()).isEqualTo("alice");
            assertThat(n.providerId()).isEqualTo(DuoProviderFactory.ID);
            assertThat(n.attributes()).containsEntry("result", result).containsKey("reason");
        });
    }

    @Test
    void aTokenForAnotherUserIsRefusedWithANotice() {
        DuoMfa t = enrolled(new DuoMfa(), alice);

        refused(answerWith(t, put("preferred_username", "mallory")), Status.REJECTED, FailureReason.WRONG_CODE,
                "username-mismatch");
        noticed(t, DuoProviderFactory.NOTICE_BAD_TOKEN, "USERNAME_MISMATCH");
    }

    @Test
    void anExpiredTokenIsExpiredWithANotice() {
        DuoMfa t = enrolled(new DuoMfa(), alice);

        refused(answerWith(t, DuoRefusalTest.expired(420, 120)), Status.EXPIRED, FailureReason.EXPIRED,
                "expired-token");
        noticed(t, DuoProviderFactory.NOTICE_BAD_TOKEN, "EXPIRED_TOKEN");
    }

    @Test
    void aTokenWithABadSignatureIsRefusedWithANotice() {
        DuoMfa t = enrolled(new DuoMfa(), alice);
        t.peer.duo.tokenKey = DuoPeer.alphanumerics(40).getBytes(StandardCharsets.US_ASCII);

        refused(answerWith(t, UnaryOperator.identity()), Status.REJECTED, FailureReason.WRONG_CODE, "invalid-token");
        noticed(t, DuoProviderFactory.NOTICE_BAD_TOKEN, "INVALID_TOKEN");
    }

    @Test
    void denyIsADenialWithoutANotice() {
        DuoMfa t = enrolled(new DuoMfa(), alice);

        refused(answerWith(t, put("auth_result", Map.of("result", "deny", "status", "deny",
                "status_msg", "Login denied"))), Status.REJECTED, FailureReason.DENIED, "deny");
        assertThat(t.events.events(MfaEvent.Notice.class)).isEmpty();
        assertThat(t.events.events(MfaEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(FailureReason.DENIED));
    }

    @Test
    void aCodeDuoRefusesIsRefused() {
        DuoMfa t = enrolled(new DuoMfa(), alice);
        Callback callback = t.promptAndFollow(alice, "login");
        t.peer.duo.reset(); // Duo forgets the code it issued

        refused(t.verify(alice, callback, "login"), Status.REJECTED, FailureReason.WRONG_CODE, "code-refused");
    }

    @Test
    void aConnectionDroppedDuringTheExchangeIsUnavailableAndUsesTheStateUp() {
        DuoMfa t = enrolled(new DuoMfa(), alice);
        Callback callback = t.promptAndFollow(alice, "login");
        t.peer.duo.dropToken = true;

        Result r = t.verify(alice, callback, "login");

        refused(r, Status.UNAVAILABLE, FailureReason.UNAVAILABLE, "network");
        noticed(t, DuoProviderFactory.NOTICE_UNREACHABLE, "NETWORK");
        assertThat(t.events.events(MfaEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(FailureReason.UNAVAILABLE));
        assertThat(t.verify(alice, callback, "login").reason()).as("the code may be spent at Duo: single use")
                .contains(FailureReason.REPLAY);
        assertThat(t.peer.duo.tokenCalls).hasValue(1);
    }

    @Test
    void aTokenEndpointThatDoesNotAnswerIsUnavailableWithinTheTimeouts() {
        DuoMfa t = enrolled(new DuoMfa(Map.of("read-timeout", "PT1S", "call-timeout", "PT2S"), b -> { }), alice);
        Callback callback = t.promptAndFollow(alice, "login");
        t.peer.duo.delay = Duration.ofSeconds(10);
        t.peer.duo.delayToken = true;

        long started = System.nanoTime();
        Result r = t.verify(alice, callback, "login");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the peer would have waited 10 s")
                .isLessThan(Duration.ofSeconds(5));
        refused(r, Status.UNAVAILABLE, FailureReason.UNAVAILABLE, "network");
        assertThat(t.events.events(MfaEvent.Notice.class)).singleElement()
                .satisfies(n -> assertThat(n.attributes().get("reason")).startsWith("timed out"));
    }

    @Test
    void failModeOpenDoesNotLetAFailedExchangeThrough() {
        DuoMfa t = enrolled(new DuoMfa(Map.of("fail-mode", "open"), b -> { }), alice);
        Callback callback = t.promptAndFollow(alice, "login");
        t.peer.duo.dropToken = true;

        refused(t.verify(alice, callback, "login"), Status.UNAVAILABLE, FailureReason.UNAVAILABLE, "network");
        assertThat(t.notices(DuoProviderFactory.NOTICE_FAIL_OPEN)).isZero();
    }

    @Test
    void anActivationWithAForgedTokenActivatesNothing() {
        DuoMfa t = new DuoMfa();
        MfaSession enrol = MfaSession.of("enrol");
        Callback callback = t.follow(t.mfa.setup(alice, DuoProviderFactory.ID, enrol).view().orElseThrow());
        t.peer.duo.tokenKey = DuoPeer.alphanumerics(40).getBytes(StandardCharsets.US_ASCII);

        Result r = t.mfa.activate(alice, DuoProviderFactory.ID, DuoMfa.input(callback), enrol);

        assertThat(r.status()).isEqualTo(Status.REJECTED);
        assertThat(r.reason()).contains(FailureReason.WRONG_CODE);
        assertThat(t.notices(DuoProviderFactory.NOTICE_BAD_TOKEN)).isEqualTo(1);
        assertThat(t.mfa.overview(alice).provider(DuoProviderFactory.ID).orElseThrow().active()).isFalse();
        assertThat(t.mfa.activate(alice, DuoProviderFactory.ID, DuoMfa.input(callback), enrol).reason())
                .as("the setup's state is used up").contains(FailureReason.REPLAY);
    }
}
