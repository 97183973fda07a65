package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mfa4j.policy.LockoutPolicy;

/**
 * Written from the attacker's side: someone who knows only Alice's password (so holds a session with no
 * proof) tries every path that used to change her factors or pass MFA. Each is refused with a step-up or a
 * lock, and the same operation goes through for Alice with a fresh proof from a factor she already has.
 */
class StepUpAttackTest {

    private final Fixture f = new Fixture(b -> b.lockout(LockoutPolicy.builder().maxFailures(3).accountCeiling(6)
            .build()));
    private final MfaUser alice = f.alice;
    /** The attacker's session: the password was right, nothing more. */
    private final MfaSession attacker = MfaSession.of("attacker-session");

    /** Alice's first enrolment of {@code code}, in her own session; returns the code of her card. */
    private String aliceEnrolsCode() {
        Change setup = f.mfa.setup(alice, "code", MfaSession.of("alice-enrol"));
        assertThat(setup.status()).as("first enrolment needs no proof (trust on first use)").isEqualTo(ChangeStatus.DONE);
        String code = setup.view().orElseThrow().require("code");
        Result r = f.mfa.activate(alice, "code", MfaInput.code(code), MfaSession.of("alice-enrol"));
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(r.proof().orElseThrow().fromEnrolment()).isTrue();
        return code;
    }

    /** Alice verifies {@code code} in {@code sessionId} and holds the proof. */
    private MfaSession aliceSignsIn(String sessionId, String code) {
        MfaSession s = MfaSession.of(sessionId);
        Result r = f.mfa.verify(alice, "code", MfaInput.code(code), s);
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        return s.withProof(r.proof().orElseThrow());
    }

    private boolean active(String providerId) {
        return f.mfa.overview(alice).provider(providerId).orElseThrow().active();
    }

    @Test
    void aPasswordAloneCannotSetUpAnotherFactor() {
        aliceEnrolsCode();
        long before = f.store.load(alice.id()).orElseThrow().version();

        Change setup = f.mfa.setup(alice, "card", attacker);

        assertThat(setup.status()).isEqualTo(ChangeStatus.STEP_UP_REQUIRED);
        assertThat(setup.stepUp()).contains(ProofStatus.MISSING);
        assertThat(setup.view()).isEmpty();
        assertThat(f.store.load(alice.id()).orElseThrow().version()).as("nothing written").isEqualTo(before);
        assertThat(f.events.events(MfaEvent.StepUpRequired.class)).singleElement()
                .satisfies(e -> assertThat(e.operation()).isEqualTo(ProtectedOperation.ADD_FACTOR));
    }

    @Test
    void aPasswordAloneCannotActivateAFactorAliceSetUp() {
        String code = aliceEnrolsCode();
        MfaSession alices = aliceSignsIn("alice", code);
        String card = f.mfa.setup(alice, "card", alices).view().orElseThrow().require("code");

        Result r = f.mfa.activate(alice, "card", MfaInput.code(card), attacker);

        assertThat(r.status()).isEqualTo(Status.STEP_UP_REQUIRED);
        assertThat(r.stepUp()).contains(ProofStatus.MISSING);
        assertThat(r.proof()).isEmpty();
        assertThat(active("card")).isFalse();
        assertThat(f.mfa.state(alice, attacker).status()).isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);
    }

    @Test
    void withAFreshProofAddingAFactorWorksAndTheSessionStaysSignedIn() {
        String code = aliceEnrolsCode();
        f.clock.advance(Duration.ofMinutes(1));
        Proof signIn = f.mfa.verify(alice, "code", MfaInput.code(code), MfaSession.of("alice")).proof()
                .orElseThrow();
        MfaSession alices = MfaSession.of("alice").withProof(signIn);
        f.clock.advance(Duration.ofMinutes(2));

        String card = f.mfa.setup(alice, "card", alices).view().orElseThrow().require("code");
        Result r = f.mfa.activate(alice, "card", MfaInput.code(card), alices);

        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        Proof next = r.proof().orElseThrow();
        assertThat(next.fromEnrolment()).as("not a sign-in of its own").isFalse();
        assertThat(next.providers()).as("what Alice verified").containsExactly("code");
        assertThat(next.issuedAt()).as("as old as the proof that allowed it").isEqualTo(signIn.issuedAt());
        assertThat(f.mfa.checkProof(alice, alices, Duration.ofMinutes(5))).as("the old proof").isEqualTo(
                ProofStatus.FACTORS_CHANGED);
        MfaSession after = alices.withProof(next);
        assertThat(f.mfa.state(alice, after).status()).isEqualTo(MfaState.Step.SATISFIED);
        f.clock.advance(Duration.ofMinutes(3).plusMillis(1));
        assertThat(f.mfa.setDefaultProvider(alice, "card", after).stepUp())
                .as("a chain of changes never makes a proof younger").contains(ProofStatus.EXPIRED);
    }

    @Test
    void aPasswordAloneCannotDeactivateAFactor() {
        String code = aliceEnrolsCode();

        Change c = f.mfa.deactivate(alice, "code", attacker);

        assertThat(c.status()).isEqualTo(ChangeStatus.STEP_UP_REQUIRED);
        assertThat(active("code")).isTrue();
        assertThat(f.mfa.state(alice, attacker).status()).isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);

        MfaSession alices = aliceSignsIn("alice", code);
        Change done = f.mfa.deactivate(alice, "code", alices);
        assertThat(done.status()).isEqualTo(ChangeStatus.DONE);
        assertThat(done.removed()).containsExactly("code");
        assertThat(f.mfa.checkProof(alice, alices.withProof(done.proof().orElseThrow()), Duration.ofMinutes(5)))
                .isEqualTo(ProofStatus.VALID);
    }

    @Test
    void aPasswordAloneCannotRegenerateCodesOrChangeTheDefault() {
        String code = aliceEnrolsCode();

        Change update = f.mfa.update(alice, "code", MfaInput.empty(), attacker);
        Change dflt = f.mfa.setDefaultProvider(alice, "code", attacker);

        assertThat(update.status()).isEqualTo(ChangeStatus.STEP_UP_REQUIRED);
        assertThat(update.view()).as("no fresh codes handed out").isEmpty();
        assertThat(dflt.status()).isEqualTo(ChangeStatus.STEP_UP_REQUIRED);
        assertThat(f.mfa.verify(alice, "code", MfaInput.code(code), MfaSession.of("x")).status())
                .as("the old card still works: nothing changed").isEqualTo(Status.ACCEPTED);

        MfaSession alices = aliceSignsIn("alice", code);
        Change regenerated = f.mfa.update(alice, "code", MfaInput.empty(), alices);
        assertThat(regenerated.status()).isEqualTo(ChangeStatus.DONE);
        assertThat(regenerated.view().orElseThrow().require("code")).hasSize(8);
        assertThat(regenerated.proof()).isPresent();
    }

    @Test
    void anotherSessionsProofOrAnotherUsersProofIsNoStepUp() {
        String code = aliceEnrolsCode();
        MfaSession alices = aliceSignsIn("alice", code);
        MfaSession stolen = MfaSession.of("attacker-session", alices.proofToken().orElseThrow());

        assertThat(f.mfa.setup(alice, "card", stolen).stepUp()).contains(ProofStatus.WRONG_SESSION);
        MfaUser bob = MfaUser.of("bob");
        assertThat(f.mfa.checkProof(bob, alices, Duration.ofMinutes(5))).isEqualTo(ProofStatus.INVALID);
        assertThat(f.mfa.state(bob, alices).status()).isNotEqualTo(MfaState.Step.SATISFIED);
    }

    @Test
    void atTheAccountCeilingNothingCanBeAddedAndNoStateIsSatisfied() {
        String code = aliceEnrolsCode();
        MfaSession alices = aliceSignsIn("alice", code);
        String card = f.mfa.setup(alice, "card", alices).view().orElseThrow().require("code");
        MfaSession withCard = alices.withProof(f.mfa.activate(alice, "card", MfaInput.code(card), alices).proof()
                .orElseThrow());
        // Three wrong codes each on two providers: the account ceiling of 6.
        lockBoth(code, card);
        assertThat(f.mfa.overview(alice).accountLocked()).isTrue();

        assertThat(f.mfa.state(alice, withCard).status()).as("a valid proof, but the account is locked")
                .isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);
        assertThat(f.mfa.setup(alice, "sent", withCard).status()).isEqualTo(ChangeStatus.LOCKED);
        assertThat(f.mfa.setup(alice, "sent", withCard).lockScope()).contains(LockScope.ACCOUNT);
        assertThat(f.mfa.unlock(alice, "code", withCard).status()).as("the ceiling is the administrator's")
                .isEqualTo(ChangeStatus.LOCKED);
        assertThat(f.mfa.verify(alice, "code", MfaInput.code(code), alices).status()).isEqualTo(Status.LOCKED);
    }

    @Test
    void whileAFactorIsLockedNoOtherCanBeAddedAndItsOwnProofCannotUnlockIt() {
        String code = aliceEnrolsCode();
        MfaSession alices = aliceSignsIn("alice", code);
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(alice, "code", MfaInput.code(Fixture.wrong(code)), attacker);
        }

        Change setup = f.mfa.setup(alice, "card", alices);
        Change unlock = f.mfa.unlock(alice, "code", alices);

        assertThat(setup.status()).isEqualTo(ChangeStatus.LOCKED);
        assertThat(setup.lockScope()).contains(LockScope.PROVIDER);
        assertThat(unlock.status()).isEqualTo(ChangeStatus.STEP_UP_REQUIRED);
        assertThat(unlock.stepUp()).contains(ProofStatus.INSUFFICIENT);
        assertThat(f.mfa.verify(alice, "code", MfaInput.code(code), alices).status()).isEqualTo(Status.LOCKED);
    }

    @Test
    void anEnrolmentProofUnlocksNothingButAProofFromAnotherActiveFactorDoes() {
        // Alice's first enrolment proof, and the card she added with it: its successor is still an enrolment.
        Change setup = f.mfa.setup(alice, "code", MfaSession.of("s"));
        String code = setup.view().orElseThrow().require("code");
        MfaSession s = MfaSession.of("s").withProof(f.mfa.activate(alice, "code", MfaInput.code(code),
                MfaSession.of("s")).proof().orElseThrow());
        String card = f.mfa.setup(alice, "card", s).view().orElseThrow().require("code");
        s = s.withProof(f.mfa.activate(alice, "card", MfaInput.code(card), s).proof().orElseThrow());
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(alice, "card", MfaInput.code(Fixture.wrong(card)), attacker);
        }

        Change byEnrolment = f.mfa.unlock(alice, "card", s);
        assertThat(byEnrolment.stepUp()).contains(ProofStatus.INSUFFICIENT);

        MfaSession verified = aliceSignsIn("s", code);
        Change unlocked = f.mfa.unlock(alice, "card", verified);
        assertThat(unlocked.status()).isEqualTo(ChangeStatus.DONE);
        assertThat(f.mfa.verify(alice, "card", MfaInput.code(card), verified).status()).isEqualTo(Status.ACCEPTED);
        assertThat(f.mfa.unlock(alice, "card", aliceSignsIn("s", code)).status()).as("not locked any more")
                .isEqualTo(ChangeStatus.UNCHANGED);
    }

    @Test
    void whileTheDefaultIsLockedTheStateOffersAnUnlockedAlternativeFirst() {
        String code = aliceEnrolsCode();
        MfaSession alices = aliceSignsIn("alice", code);
        String card = f.mfa.setup(alice, "card", alices).view().orElseThrow().require("code");
        assertThat(f.mfa.activate(alice, "card", MfaInput.code(card), alices).status()).isEqualTo(Status.ACCEPTED);
        assertThat(f.mfa.state(alice, attacker).defaultProvider()).contains("code");
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(alice, "code", MfaInput.code(Fixture.wrong(code)), attacker);
        }

        MfaState state = f.mfa.state(alice, attacker);

        assertThat(state.defaultProvider()).contains("card");
        assertThat(state.alternatives()).containsExactly("code");
        assertThat(state.locked()).containsExactly("code");
    }

    @Test
    void anAdministratorsResetOfEverythingLetsTheUserEnrolAgainAtTheCeiling() {
        String code = aliceEnrolsCode();
        MfaSession alices = aliceSignsIn("alice", code);
        String card = f.mfa.setup(alice, "card", alices).view().orElseThrow().require("code");
        f.mfa.activate(alice, "card", MfaInput.code(card), alices);
        lockBoth(code, card);
        assertThat(f.mfa.overview(alice).accountLocked()).isTrue();

        assertThat(f.mfa.admin().resetAll(alice.id())).containsExactlyInAnyOrder("code", "card");

        assertThat(f.mfa.overview(alice).accountFailures()).isZero();
        assertThat(f.mfa.state(alice, attacker).status()).isIn(MfaState.Step.NOT_REQUIRED,
                MfaState.Step.SETUP_REQUIRED);
        assertThat(aliceEnrolsCodeAgain()).isEqualTo(Status.ACCEPTED);
    }

    private void lockBoth(String code, String card) {
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(alice, "code", MfaInput.code(Fixture.wrong(code)), attacker);
            f.mfa.verify(alice, "card", MfaInput.code(Fixture.wrong(card)), attacker);
        }
    }

    private Status aliceEnrolsCodeAgain() {
        String code = f.mfa.setup(alice, "code", MfaSession.of("again")).view().orElseThrow().require("code");
        return f.mfa.activate(alice, "code", MfaInput.code(code), MfaSession.of("again")).status();
    }

    @Test
    void aProofFromBeforeAnErasureStaysVoidAfterTheIdEnrolsAgain() {
        String code = aliceEnrolsCode();
        MfaSession alices = aliceSignsIn("alice", code);

        assertThat(f.mfa.admin().delete(alice.id())).isTrue();
        assertThat(f.store.load(alice.id())).isEmpty();
        assertThat(f.events.events(MfaEvent.Erased.class)).hasSize(1);
        assertThat(f.mfa.admin().delete(alice.id())).as("nothing left to erase").isFalse();
        assertThat(aliceEnrolsCodeAgain()).isEqualTo(Status.ACCEPTED);

        assertThat(f.mfa.checkProof(alice, alices, Duration.ofMinutes(5))).isEqualTo(ProofStatus.FACTORS_CHANGED);
        assertThat(f.mfa.state(alice, alices).status()).isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);
    }

    @Test
    void noProofIsAStatusNotAThrow() {
        aliceEnrolsCode();
        assertThat(f.mfa.checkProof(alice, MfaSession.of("x", null), Duration.ofDays(1)))
                .isEqualTo(ProofStatus.MISSING);
        assertThat(f.mfa.checkProof(alice, MfaSession.of("x", "not a token"), Duration.ofDays(1)))
                .isEqualTo(ProofStatus.INVALID);
        assertThat(f.mfa.state(alice, MfaSession.of("x", null)).status())
                .isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);
        assertThat(Optional.of(f.mfa.state(alice, MfaSession.of("x", "x".repeat(100_000))).status()))
                .contains(MfaState.Step.VERIFICATION_REQUIRED);
    }
}
