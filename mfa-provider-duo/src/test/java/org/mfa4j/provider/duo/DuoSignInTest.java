package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.provider.duo.DuoPeer.Callback;
import org.mfa4j.spi.FailureReason;

/**
 * Sign-in through {@code Mfa} with the real SDK against the fake Duo: the whole round trip, and every way a
 * callback's state can be wrong, each refused with its reason and without a call to Duo's token endpoint;
 * the exchange exactly once per verification, whatever the compare-and-set conflicts.
 */
@DuoPeerTest
class DuoSignInTest {

    private final DuoMfa t = new DuoMfa();
    private final DuoPeer peer = t.peer;
    private final MfaUser alice = MfaUser.of("alice");
    private final MfaUser bob = MfaUser.of("bob");

    private DuoSignInTest enrolled(MfaUser... users) {
        for (MfaUser user : users) {
            t.enrol(user, MfaSession.of("enrol-" + user.id()));
        }
        peer.reset();
        return this;
    }

    /** Alice enrolled, prompted in session {@code login}, and back from Duo with the callback. */
    private Callback aliceBackFromDuo() {
        enrolled(alice);
        return t.promptAndFollow(alice, "login");
    }

    @Test
    void aFullSignInGoesToDuoAndBack() {
        View setup = t.mfa.setup(alice, DuoProviderFactory.ID, MfaSession.of("enrol")).view().orElseThrow();
        assertThat(peer.duo.healthCalls).as("a setup asks no health check").hasValue(0);
        Result activated = t.mfa.activate(alice, DuoProviderFactory.ID, DuoMfa.input(t.follow(setup)),
                MfaSession.of("enrol"));
        assertThat(activated.status()).isEqualTo(Status.ACCEPTED);
        assertThat(t.mfa.overview(alice).provider(DuoProviderFactory.ID).orElseThrow().active()).isTrue();

        Prompt prompt = t.prompt(alice, "login");
        URI url = URI.create(prompt.view().require(DuoProviderFactory.VIEW_URL));
        assertThat(prompt.status()).isEqualTo(Status.ACCEPTED);
        assertThat(prompt.issued()).isTrue();
        assertThat(prompt.instructions()).contains("Continue with Duo.");
        assertThat(prompt.expiresAt()).contains(t.clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(url.getHost()).isEqualTo(DuoPeer.API_HOST);
        assertThat(url.getPath()).isEqualTo("/oauth/v1/authorize");
        Result r = t.verify(alice, peer.browse(url), "login");

        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(r.proof()).isPresent();
        assertThat(r.details()).containsEntry(DuoProviderFactory.DETAIL_DUO, "allow");
        assertThat(t.mfa.state(alice, MfaSession.of("login").withProof(r.proof().orElseThrow())).status())
                .isEqualTo(org.mfa4j.MfaState.Step.SATISFIED);
        assertThat(peer.duo.requestObjects()).extracting(o -> o.get("duo_uname")).containsOnly("alice");
        assertThat(peer.duo.healthCalls).as("one per prompt").hasValue(1);
        assertThat(peer.duo.tokenCalls).as("activation and sign-in").hasValue(2);
        assertThat(t.events.events(MfaEvent.Verified.class)).singleElement()
                .satisfies(v -> assertThat(v.details()).containsEntry(DuoProviderFactory.DETAIL_DUO, "allow"));
    }

    @Test
    void aWrongStateIsRefusedWithoutAskingDuo() {
        Callback real = aliceBackFromDuo();
        String other = DuoState.generate(new java.security.SecureRandom()).value();

        Result r = t.verify(alice, new Callback(real.location(), real.code(), other), "login");

        assertThat(r.status()).isEqualTo(Status.REJECTED);
        assertThat(r.reason()).contains(FailureReason.WRONG_CODE);
        assertThat(r.details()).containsEntry(DuoProviderFactory.DETAIL_DUO, "wrong-state");
        assertThat(r.remainingAttempts()).isEqualTo(2);
        assertThat(peer.duo.tokenCalls).hasValue(0);
        assertThat(t.verify(alice, real, "login").status()).as("the pending state is still good").isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aReusedStateIsAReplayThatDuoIsNotAskedAbout() {
        Callback callback = aliceBackFromDuo();
        assertThat(t.verify(alice, callback, "login").status()).isEqualTo(Status.ACCEPTED);

        Result doubleSubmit = t.verify(alice, callback, "login");
        Result elsewhere = t.verify(alice, callback, "another-session");

        assertThat(doubleSubmit.status()).isEqualTo(Status.REJECTED);
        assertThat(doubleSubmit.reason()).contains(FailureReason.REPLAY);
        assertThat(doubleSubmit.remainingAttempts()).as("a double submit in the session it signed in counts not")
                .isEqualTo(3);
        assertThat(elsewhere.reason()).contains(FailureReason.REPLAY);
        assertThat(elsewhere.remainingAttempts()).as("in another session it counts").isEqualTo(2);
        assertThat(peer.duo.tokenCalls).as("only the first").hasValue(1);
    }

    @Test
    void aRefusedStateUsedAgainIsAReplayThatCounts() {
        Callback callback = aliceBackFromDuo();
        peer.duo.idToken = c -> {
            c.put("auth_result", Map.of("result", "deny", "status", "deny", "status_msg", "denied"));
            return c;
        };
        assertThat(t.verify(alice, callback, "login").reason()).contains(FailureReason.DENIED);

        Result again = t.verify(alice, callback, "login");

        assertThat(again.reason()).contains(FailureReason.REPLAY);
        assertThat(again.remainingAttempts()).isEqualTo(1);
        assertThat(peer.duo.tokenCalls).hasValue(1);
    }

    @Test
    void aStateFromAnotherUsersFlowIsRefusedWithoutAskingDuo() {
        enrolled(alice, bob);
        Callback alices = t.promptAndFollow(alice, "alice-login");

        Result bobWithNothingPending = t.verify(bob, alices, "bob-login");
        t.promptAndFollow(bob, "bob-login");
        Result bobWithHisOwnPending = t.verify(bob, alices, "bob-login");

        assertThat(bobWithNothingPending.reason()).contains(FailureReason.NO_CHALLENGE);
        assertThat(bobWithHisOwnPending.reason()).contains(FailureReason.WRONG_CODE);
        assertThat(peer.duo.tokenCalls).hasValue(0);
        assertThat(t.verify(alice, alices, "alice-login").status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aStateFromAnotherLoginFlowOfTheSameUserIsNeverExchanged() {
        enrolled(alice);
        Callback first = t.promptAndFollow(alice, "first-tab");

        Result r = t.verify(alice, first, "second-tab");

        assertThat(r.reason()).as("the other flow's state is void in this one").contains(FailureReason.NO_CHALLENGE);
        assertThat(peer.duo.tokenCalls).as("its code was not spent at Duo").hasValue(0);
    }

    @Test
    void anExpiredStateIsRefusedWithoutAskingDuo() {
        Callback callback = aliceBackFromDuo();
        t.clock.advance(Duration.ofMinutes(5));

        Result r = t.verify(alice, callback, "login");

        assertThat(r.status()).isEqualTo(Status.EXPIRED);
        assertThat(r.details()).containsEntry(DuoProviderFactory.DETAIL_DUO, "expired-state");
        assertThat(peer.duo.tokenCalls).hasValue(0);
        assertThat(t.verify(alice, callback, "login").reason()).as("and it is used up").contains(FailureReason.REPLAY);
    }

    @Test
    void duosErrorCallbackIsADenial() {
        Callback callback = aliceBackFromDuo();

        Result r = t.verify(alice, MfaInput.of(Map.of("state", callback.state(), "error", "access_denied",
                "error_description", "<script>echo me</script>")), "login");

        assertThat(r.reason()).contains(FailureReason.DENIED);
        assertThat(r.details()).containsEntry(DuoProviderFactory.DETAIL_DUO, "error");
        assertThat(r.toString()).doesNotContain("script", "access_denied");
        assertThat(peer.duo.tokenCalls).hasValue(0);
    }

    @Test
    void malformedCallbacksAreNotEvaluatedAndLeaveThePendingStateAlone() {
        DuoMfa t = new DuoMfa(Map.of(), b -> b.lockout(LockoutPolicy.builder().maxFailures(10).build()));
        t.enrol(alice, MfaSession.of("enrol"));
        t.peer.reset();
        Callback callback = t.promptAndFollow(alice, "login");

        assertThat(t.verify(alice, MfaInput.of(Map.of("duo_code", callback.code())), "login").reason())
                .contains(FailureReason.MALFORMED_INPUT);
        assertThat(t.verify(alice, MfaInput.of(Map.of("state", "short", "duo_code", callback.code())), "login")
                .reason()).contains(FailureReason.MALFORMED_INPUT);
        assertThat(t.verify(alice, MfaInput.of(Map.of("state", callback.state())), "login").reason())
                .as("neither a code nor an error").contains(FailureReason.MALFORMED_INPUT);
        assertThat(t.verify(alice, MfaInput.of(Map.of("state", callback.state(), "duo_code", "two words")), "login")
                .reason()).contains(FailureReason.MALFORMED_INPUT);

        assertThat(peer.duo.tokenCalls).hasValue(0);
        assertThat(t.verify(alice, MfaInput.of(Map.of("state", callback.state(), "code", callback.code())), "login")
                .status()).as("the callback, code under the name 'code'").isEqualTo(Status.ACCEPTED);
    }

    @Test
    void theTokenEndpointIsCalledOncePerVerificationDespiteAConflict() {
        Callback callback = aliceBackFromDuo();
        int before = t.store.conflictsInjected();
        t.store.conflictOnNextWrite();

        Result r = t.verify(alice, callback, "login");

        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(t.store.conflictsInjected() - before).as("the transaction ran again").isEqualTo(1);
        assertThat(peer.duo.tokenCalls).as("counted at Duo").hasValue(1);
    }

    @Test
    void theTokenEndpointIsCalledOncePerActivationDespiteAConflict() {
        MfaSession enrol = MfaSession.of("enrol");
        View setup = t.mfa.setup(alice, DuoProviderFactory.ID, enrol).view().orElseThrow();
        Callback callback = t.follow(setup);
        t.store.conflictOnNextWrite();

        Result r = t.mfa.activate(alice, DuoProviderFactory.ID, DuoMfa.input(callback), enrol);

        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(t.store.conflictsInjected()).isEqualTo(1);
        assertThat(peer.duo.tokenCalls).hasValue(1);
    }

    @Test
    void aPromptRunAgainAfterAConflictAsksTheHealthCheckAgainAndKeepsTheCommittedState() {
        enrolled(alice);
        t.store.conflictOnNextWrite();

        Prompt prompt = t.prompt(alice, "login");

        assertThat(t.store.conflictsInjected()).isEqualTo(1);
        assertThat(peer.duo.healthCalls).as("a read, made again with the re-run challenge").hasValue(2);
        assertThat(t.verify(alice, t.follow(prompt.view()), "login").status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void oneCallbackSentByFourRequestsAtOncePassesOnce() throws Exception {
        Callback callback = aliceBackFromDuo();
        int requests = 4;
        CyclicBarrier start = new CyclicBarrier(requests);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<Future<Result>> results = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                results.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return t.verify(alice, callback, "login");
                }));
            }
            List<Status> statuses = new ArrayList<>();
            for (Future<Result> f : results) {
                statuses.add(f.get(20, TimeUnit.SECONDS).status());
            }
            assertThat(statuses).filteredOn(Status.ACCEPTED::equals).hasSize(1);
            assertThat(statuses).filteredOn(s -> s != Status.ACCEPTED).containsOnly(Status.REJECTED);
        } finally {
            pool.shutdownNow();
        }
        assertThat(peer.duo.tokenCalls.get()).as("at most one exchange per request").isBetween(1, requests);
    }
}
