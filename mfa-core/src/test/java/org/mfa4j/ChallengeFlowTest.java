package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.testproviders.SentCodeProvider;

class ChallengeFlowTest {

    private static String wrong6(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }

    @Test
    void aSentCodeIsAcceptedOnce() {
        Fixture f = new Fixture();
        f.enrolSent(f.alice);
        Prompt c = f.mfa.prompt(f.alice, "sent", MfaSession.of("s"));
        assertThat(c.status()).isEqualTo(Status.ACCEPTED);
        assertThat(c.issued()).isTrue();
        assertThat(c.expiresAt()).contains(f.clock.instant().plus(SentCodeProvider.TTL));
        String code = f.sent.lastCode();
        assertThat(c.view().keys()).containsExactly("sentTo");
        assertThat(c.view().require("sentTo")).doesNotContain(code);

        Result ok = f.mfa.verify(f.alice, "sent", MfaInput.code(code), MfaSession.of("s"));
        assertThat(ok.status()).isEqualTo(Status.ACCEPTED);
        assertThat(ok.details()).containsEntry("channel", "test");
        Result again = f.mfa.verify(f.alice, "sent", MfaInput.code(code), MfaSession.of("s"));
        assertThat(again.status()).isEqualTo(Status.REJECTED);
        assertThat(again.reason()).contains(FailureReason.NO_CHALLENGE);
    }

    @Test
    void theDeliveryRunsOnceEvenWhenTheWriteIsRetried() {
        FailClosedTest.BreakableStore store = new FailClosedTest.BreakableStore();
        Fixture f = new Fixture(store, b -> { });
        f.enrolSent(f.alice);
        int before = f.sent.outbox.size();
        store.conflictsToInject.set(3);
        f.mfa.prompt(f.alice, "sent", MfaSession.of("s"));
        assertThat(f.sent.outbox).hasSize(before + 1);
        assertThat(f.mfa.verify(f.alice, "sent", MfaInput.code(f.sent.lastCode()), MfaSession.of("s")).status())
                .as("the delivered code is the committed one").isEqualTo(Status.ACCEPTED);
    }

    @Test
    void anExpiredCodeIsRefusedAsExpired() {
        Fixture f = new Fixture();
        f.enrolSent(f.alice);
        f.mfa.prompt(f.alice, "sent", MfaSession.of("s"));
        f.clock.advance(SentCodeProvider.TTL);
        Result r = f.mfa.verify(f.alice, "sent", MfaInput.code(f.sent.lastCode()), MfaSession.of("s"));
        assertThat(r.status()).isEqualTo(Status.EXPIRED);
        assertThat(r.reason()).contains(FailureReason.EXPIRED);
        assertThat(r.remainingAttempts()).as("counted").isEqualTo(2);
    }

    @Test
    void theFlowBudgetResetsTheFlowAndVoidsItsCodes() {
        Fixture f = new Fixture(b -> b.lockout(LockoutPolicy.builder().maxFailures(10).flowBudget(3).build()));
        f.enrolSent(f.alice);
        String card = f.enrol(f.alice, "card");
        f.mfa.prompt(f.alice, "sent", MfaSession.of("s"));
        String code = f.sent.lastCode();

        assertThat(f.mfa.verify(f.alice, "sent", MfaInput.code(wrong6(code)), MfaSession.of("s")).status()).isEqualTo(Status.REJECTED);
        assertThat(f.mfa.verify(f.alice, "card", MfaInput.code(Fixture.wrong(card)), MfaSession.of("s")).status())
                .as("the budget spans providers").isEqualTo(Status.REJECTED);
        Result third = f.mfa.verify(f.alice, "sent", MfaInput.code(wrong6(code)), MfaSession.of("s"));
        assertThat(third.status()).isEqualTo(Status.FLOW_RESET);
        assertThat(f.events.events(MfaEvent.FlowReset.class)).singleElement()
                .satisfies(e -> assertThat(e.failures()).isEqualTo(3));

        Result late = f.mfa.verify(f.alice, "sent", MfaInput.code(code), MfaSession.of("s"));
        assertThat(late.status()).as("the code issued in the reset flow is void").isEqualTo(Status.REJECTED);
        assertThat(late.reason()).contains(FailureReason.NO_CHALLENGE);
        assertThat(UserDocument.of(f.store.load("alice").orElseThrow().document()).provider("sent").orElseThrow().challenge())
                .isEmpty();
    }

    @Test
    void aResendNeverResetsTheCount() {
        Fixture f = new Fixture(b -> b.lockout(LockoutPolicy.builder().maxFailures(10).flowBudget(3).build()));
        f.enrolSent(f.alice);
        f.mfa.prompt(f.alice, "sent", MfaSession.of("s"));
        f.mfa.verify(f.alice, "sent", MfaInput.code(wrong6(f.sent.lastCode())), MfaSession.of("s"));
        f.mfa.prompt(f.alice, "sent", MfaSession.of("s"));
        f.mfa.verify(f.alice, "sent", MfaInput.code(wrong6(f.sent.lastCode())), MfaSession.of("s"));
        f.mfa.prompt(f.alice, "sent", MfaSession.of("s"));
        Result r = f.mfa.verify(f.alice, "sent", MfaInput.code(wrong6(f.sent.lastCode())), MfaSession.of("s"));
        assertThat(r.status()).isEqualTo(Status.FLOW_RESET);
        assertThat(f.mfa.overview(f.alice).provider("sent").orElseThrow().failures())
                .as("resends did not reset the provider count either").isEqualTo(3);
    }

    @Test
    void aFlowStartedInAnotherSessionLeavesThePendingCodeOfThisOne() {
        Fixture f = new Fixture();
        f.enrolSent(f.alice);
        f.mfa.prompt(f.alice, "sent", MfaSession.of("browser-1"));
        String first = f.sent.lastCode();
        f.mfa.prompt(f.alice, "sent", MfaSession.of("browser-2"));
        String second = f.sent.lastCode();
        Result r = f.mfa.verify(f.alice, "sent", MfaInput.code(first), MfaSession.of("browser-1"));
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(f.mfa.verify(f.alice, "sent", MfaInput.code(second), MfaSession.of("browser-2")).reason())
                .as("a success voids every session's pending codes").contains(FailureReason.NO_CHALLENGE);
    }

    @Test
    void aCodeIsBoundToItsSession() {
        Fixture f = new Fixture();
        f.enrolSent(f.alice);
        f.mfa.prompt(f.alice, "sent", MfaSession.of("victim"));
        Result r = f.mfa.verify(f.alice, "sent", MfaInput.code(f.sent.lastCode()), MfaSession.of("attacker"));
        assertThat(r.status()).isEqualTo(Status.REJECTED);
        assertThat(r.reason()).contains(FailureReason.NO_CHALLENGE);
    }

    @Test
    void aSuccessEndsTheFlow() {
        Fixture f = new Fixture();
        f.enrolSent(f.alice);
        String card = f.enrol(f.alice, "card");
        f.mfa.prompt(f.alice, "sent", MfaSession.of("s"));
        String code = f.sent.lastCode();
        assertThat(f.mfa.verify(f.alice, "card", MfaInput.code(card), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
        assertThat(UserDocument.of(f.store.load("alice").orElseThrow().document()).flow()).as("restarted by the success")
                .hasValueSatisfying(flow -> assertThat(flow.failures()).isZero());
        assertThat(f.mfa.verify(f.alice, "sent", MfaInput.code(code), MfaSession.of("s")).reason())
                .as("codes of a completed flow are void").contains(FailureReason.NO_CHALLENGE);
    }

    @Test
    void providersWithoutAChallengeSaySo() {
        Fixture f = new Fixture();
        f.enrol(f.alice, "code");
        Prompt c = f.mfa.prompt(f.alice, "code", MfaSession.of("s"));
        assertThat(c.status()).isEqualTo(Status.ACCEPTED);
        assertThat(c.issued()).isFalse();
        assertThat(f.mfa.prompt(f.alice, "card", MfaSession.of("s")).status()).isEqualTo(Status.NOT_ACTIVE);
    }

    @Test
    void aLockedProviderSendsNothing() {
        Fixture f = new Fixture();
        f.enrolSent(f.alice);
        for (int i = 0; i < 3; i++) {
            f.mfa.prompt(f.alice, "sent", MfaSession.of("s" + i));
            f.mfa.verify(f.alice, "sent", MfaInput.code(wrong6(f.sent.lastCode())), MfaSession.of("s" + i));
        }
        int sent = f.sent.outbox.size();
        assertThat(f.mfa.prompt(f.alice, "sent", MfaSession.of("s9")).status()).isEqualTo(Status.LOCKED);
        assertThat(f.sent.outbox).hasSize(sent);
        f.clock.advance(Duration.ofDays(1));
        assertThat(f.mfa.prompt(f.alice, "sent", MfaSession.of("s9")).status()).as("no temporary lockout configured")
                .isEqualTo(Status.LOCKED);
    }
}
