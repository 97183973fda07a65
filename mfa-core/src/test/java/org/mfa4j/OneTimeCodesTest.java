package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mfa4j.internal.Documents;
import org.mfa4j.internal.ProviderRecord;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.code.OneTimeCodes;
import org.mfa4j.spi.code.SendBudget;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.ConflictingStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;
import org.mfa4j.testproviders.OtcProvider;

/** The core's one-time-code block through a provider built only on it (issue 10, item 7). */
class OneTimeCodesTest {

    private static final String P = OtcProvider.ID;
    private final MutableClock clock = MutableClock.startingAt2026();
    private final RecordingListener events = new RecordingListener();
    private final ConflictingStore store = new ConflictingStore(new InMemoryMfaStore());
    private OtcProvider otc;
    private Mfa mfa;

    private void build(Consumer<OneTimeCodes.Builder> settings) {
        otc = new OtcProvider(settings);
        mfa = Mfa.builder().store(store).keys(SecretKeys.ephemeral(new SecureRandom())).clock(clock)
                .lockout(LockoutPolicy.builder().maxFailures(5).build()).listener(events).provider(otc).build();
    }

    private MfaUser enrol(String id, String to) {
        return otc.enrol(mfa, id, to);
    }

    private Result verify(MfaUser u, String session, String code) {
        return mfa.verify(u, P, MfaInput.code(code), MfaSession.of(session));
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    void acceptedOneSecondBeforeTheLifetimeEndsAndExpiredOneSecondAfter() {
        build(b -> b.lifetime(Duration.ofMinutes(5)));
        MfaUser u = enrol("alice", "alice@example.test");
        assertThat(mfa.prompt(u, P, MfaSession.of("a")).expiresAt()).contains(clock.instant().plus(Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(verify(u, "a", otc.lastCode()).status()).isEqualTo(Status.ACCEPTED);

        clock.advance(Duration.ofMinutes(2));
        mfa.prompt(u, P, MfaSession.of("b"));
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        Result late = verify(u, "b", otc.lastCode());
        assertThat(late.status()).isEqualTo(Status.EXPIRED);
    }

    @Test
    void aCodeIsAcceptedOnce() {
        build(b -> { });
        MfaUser u = enrol("alice", "alice@example.test");
        mfa.prompt(u, P, MfaSession.of("a"));
        String code = otc.lastCode();
        assertThat(verify(u, "a", code).status()).isEqualTo(Status.ACCEPTED);
        assertThat(verify(u, "a2", code).status()).as("again, from another session").isEqualTo(Status.REJECTED);
    }

    @Test
    void withinTheCooldownNothingIsSentAndTheCodeSentStaysValid() {
        build(b -> b.cooldown(Duration.ofSeconds(60)));
        MfaUser u = enrol("alice", "alice@example.test");
        int before = otc.outbox.size();
        Prompt first = mfa.prompt(u, P, MfaSession.of("a"));
        clock.advance(Duration.ofSeconds(59));
        Prompt again = mfa.prompt(u, P, MfaSession.of("a"));
        assertThat(otc.outbox).hasSize(before + 1);
        assertThat(again.status()).isEqualTo(Status.ACCEPTED);
        assertThat(again.view().get("resendAt")).isEqualTo(first.view().get("resendAt"));
        clock.advance(Duration.ofSeconds(1));
        mfa.prompt(u, P, MfaSession.of("a"));
        assertThat(otc.outbox).as("after the cooldown").hasSize(before + 2);
    }

    @Test
    void aResendKeepsTheFailureCountAndVoidsTheCodeBefore() {
        build(b -> b.cooldown(Duration.ZERO));
        MfaUser u = enrol("alice", "alice@example.test");
        mfa.prompt(u, P, MfaSession.of("a"));
        String old = otc.lastCode();
        assertThat(verify(u, "a", wrong(old)).remainingAttempts()).isEqualTo(4);
        assertThat(verify(u, "a", wrong(old)).remainingAttempts()).isEqualTo(3);
        mfa.prompt(u, P, MfaSession.of("a"));
        Result r = verify(u, "a", wrong(otc.lastCode()));
        assertThat(r.remainingAttempts()).as("the resend did not reset the count").isEqualTo(2);
        if (!old.equals(otc.lastCode())) {
            assertThat(verify(u, "a", old).status()).as("the code before the resend").isEqualTo(Status.REJECTED);
        }
        assertThat(verify(u, "a", otc.lastCode()).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void twoSessionsPendingCodesAreIndependent() {
        build(b -> { });
        MfaUser u = enrol("alice", "alice@example.test");
        mfa.prompt(u, P, MfaSession.of("laptop"));
        String laptop = otc.lastCode();
        mfa.prompt(u, P, MfaSession.of("phone"));
        String phone = otc.lastCode();
        assertThat(verify(u, "laptop", laptop).status()).as("a flow started in another session voids nothing")
                .isEqualTo(Status.ACCEPTED);
        assertThat(verify(u, "phone", laptop).status()).as("one session's code is not another's").isEqualTo(Status.REJECTED);
    }

    @Test
    void eachBudgetRefusesWithATypedStatusAndAnEventNamingIt() {
        build(b -> b.cooldown(Duration.ZERO).budget(SendBudget.perUser(3, Duration.ofHours(1)))
                .budget(SendBudget.perDestination(4, Duration.ofHours(1)))
                .budget(SendBudget.perPrefix(5, Duration.ofHours(1), 5))
                .budget(SendBudget.overall(7, Duration.ofHours(1))));
        // per user: the setup and two prompts use alice's 3
        MfaUser alice = enrol("alice", "+15550001");
        mfa.prompt(alice, P, MfaSession.of("a"));
        mfa.prompt(alice, P, MfaSession.of("a"));
        assertRefused(mfa.prompt(alice, P, MfaSession.of("a")), "per-user");
        // per destination: bob's setup to alice's number is the 4th send there; his prompt the 5th
        MfaUser bob = enrol("bob", "+15550001");
        assertRefused(mfa.prompt(bob, P, MfaSession.of("b")), "per-destination");
        // per prefix: +15550002 shares "+1555" with +15550001; carol's setup is the 5th send in the range
        enrol("carol", "+15550002");
        Change dave = mfa.setup(MfaUser.of("dave"), P, MfaInput.of(Map.of("to", "+15550003")), MfaSession.of("d"));
        assertThat(dave.status()).isEqualTo(ChangeStatus.THROTTLED);
        assertThat(dave.view().orElseThrow().get("refusedBy")).contains("per-prefix");
        assertThat(mfa.overview(MfaUser.of("dave")).provider(P).orElseThrow().active()).isFalse();
        // overall: alice 3, bob 1, carol 1, then two elsewhere reach 7
        enrol("erin", "+44770001");
        enrol("frank", "+44770002");
        Change gina = mfa.setup(MfaUser.of("gina"), P, MfaInput.of(Map.of("to", "+33600001")), MfaSession.of("g"));
        assertThat(gina.view().orElseThrow().get("refusedBy")).contains("overall");
        assertThat(events.events(MfaEvent.SendRefused.class)).extracting(MfaEvent.SendRefused::budget)
                .containsExactly("per-user", "per-destination", "per-prefix", "overall");
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(mfa.prompt(alice, P, MfaSession.of("a")).status()).as("the window slid on").isEqualTo(Status.ACCEPTED);
    }

    private void assertRefused(Prompt p, String budget) {
        assertThat(p.status()).isEqualTo(Status.THROTTLED);
        assertThat(p.view().get("refusedBy")).contains(budget);
    }

    @Test
    void exactlyOneDeliveryPerCommittedSetupOrPromptUnderInjectedConflicts() {
        build(b -> b.cooldown(Duration.ZERO));
        MfaUser u = MfaUser.of("alice");
        store.conflictOnNextWrite();
        assertThat(mfa.setup(u, P, MfaInput.of(Map.of("to", "a@example.test")), MfaSession.of("s")).status())
                .isEqualTo(ChangeStatus.DONE);
        assertThat(mfa.activate(u, P, MfaInput.code(otc.lastCode()), MfaSession.of("s")).status())
                .isEqualTo(Status.ACCEPTED);
        for (int i = 0; i < 20; i++) {
            store.conflictOnNextWrite();
            assertThat(mfa.prompt(u, P, MfaSession.of("s" + i)).status()).isEqualTo(Status.ACCEPTED);
        }
        assertThat(store.conflictsInjected()).isEqualTo(21);
        assertThat(otc.outbox).as("1 setup + 20 prompts, each sent once").hasSize(21);
    }

    @Test
    void aFailedDeliveryIsATypedResultAndTheCodeIsVoid() {
        build(b -> { });
        MfaUser u = enrol("alice", "alice@example.test");
        otc.failing = true;
        Prompt p = mfa.prompt(u, P, MfaSession.of("a"));
        assertThat(p.status()).isEqualTo(Status.NOT_DELIVERED);
        assertThat(events.events(MfaEvent.DeliveryFailed.class)).hasSize(1);
        UserDocument doc = Documents.decoded(store.load("alice").orElseThrow());
        assertThat(doc.provider(P).orElseThrow().challenge()).as("the unsent code is void").isEmpty();
    }

    @Test
    void theStoredDocumentHoldsNoCodeAndNothingToTryOffline() {
        build(b -> { });
        MfaUser u = enrol("alice", "alice@example.test");
        mfa.prompt(u, P, MfaSession.of("a"));
        String code = otc.lastCode();
        String json = store.load("alice").orElseThrow().document().json();
        assertThat(json).doesNotContain(code).doesNotContain("alice@example.test");
        ProviderRecord rec = Documents.decoded(store.load("alice").orElseThrow()).provider(P).orElseThrow();
        List<Object> values = new ArrayList<>(rec.challenge().values());
        rec.credentials().forEach(c -> values.addAll(c.properties().values()));
        assertThat(values).filteredOn(v -> v instanceof String s && (s.startsWith("h1.") || s.startsWith("v1.")))
                .as("the code is a keyed hash, the destination sealed").hasSizeGreaterThanOrEqualTo(2);
        assertThat(values).allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain(code));
        assertThat(events.events()).allSatisfy(e -> assertThat(e.toString()).doesNotContain(code)
                .doesNotContain("alice@example.test"));
    }
}
