package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.FailureReason;

class LockoutTest {

    @Test
    void locksAtTheLimitAndStopsEvaluating() {
        Fixture f = new Fixture();
        String code = f.enrol(f.alice, "code");
        int before = f.code.evaluations.get();

        Result r1 = f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        assertThat(r1.status()).isEqualTo(Status.REJECTED);
        assertThat(r1.reason()).contains(FailureReason.WRONG_CODE);
        assertThat(r1.remainingAttempts()).isEqualTo(2);
        Result r2 = f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        assertThat(r2.remainingAttempts()).isEqualTo(1);
        Result r3 = f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        assertThat(r3.status()).isEqualTo(Status.LOCKED);
        assertThat(r3.lockScope()).contains(LockScope.PROVIDER);
        assertThat(r3.lockedUntil()).isEmpty();
        assertThat(r3.remainingAttempts()).isZero();
        assertThat(f.code.evaluations.get() - before).isEqualTo(3);

        Result r4 = f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s"));
        assertThat(r4.status()).as("right answer while locked").isEqualTo(Status.LOCKED);
        assertThat(f.code.evaluations.get() - before).as("not even evaluated").isEqualTo(3);
        assertThat(f.events.events(MfaEvent.Locked.class)).singleElement()
                .satisfies(e -> assertThat(e.scope()).isEqualTo(LockScope.PROVIDER));
    }

    @Test
    void successResetsTheCount() {
        Fixture f = new Fixture();
        String code = f.enrol(f.alice, "code");
        f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
        assertThat(f.mfa.overview(f.alice).provider("code").orElseThrow().failures()).isZero();
        assertThat(f.mfa.overview(f.alice).accountFailures()).isZero();
        Result again = f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s2"));
        assertThat(again.remainingAttempts()).isEqualTo(2);
    }

    @Test
    void aLockedProviderNeverBlocksTheOthers() {
        Fixture f = new Fixture();
        String code = f.enrol(f.alice, "code");
        String card = f.enrol(f.alice, "card");
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s" + i));
        }
        assertThat(f.mfa.state(f.alice, MfaSession.of("s")).locked()).containsExactly("code");
        assertThat(f.mfa.verify(f.alice, "card", MfaInput.code(card), MfaSession.of("s9")).status()).isEqualTo(Status.ACCEPTED);
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s9")).status())
                .as("a success elsewhere does not unlock").isEqualTo(Status.LOCKED);
    }

    @Test
    void administratorUnlocks() {
        Fixture f = new Fixture();
        String code = f.enrol(f.alice, "code");
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        }
        assertThat(f.mfa.admin().unlock("alice", "code")).isTrue();
        assertThat(f.events.events(MfaEvent.Unlocked.class)).singleElement()
                .satisfies(e -> assertThat(e.by()).isEqualTo(MfaEvent.Unlocked.By.ADMINISTRATOR));
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
        assertThat(f.mfa.admin().unlock("nobody", "code")).as("nothing to unlock").isFalse();
    }

    @Test
    void userUnlocksAfterVerifyingWithAnotherProvider() {
        Fixture f = new Fixture();
        String code = f.enrol(f.alice, "code");
        String card = f.enrol(f.alice, "card");
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        }
        Result viaCard = f.mfa.verify(f.alice, "card", MfaInput.code(card), MfaSession.of("s"));
        String proof = viaCard.proof().orElseThrow().token();

        assertThat(f.mfa.unlock(f.alice, "code", MfaSession.of("other-session", proof)).stepUp()).as("wrong session")
                .contains(ProofStatus.WRONG_SESSION);
        assertThat(f.mfa.unlock(f.alice, "code", MfaSession.of("s", "garbage")).stepUp()).contains(ProofStatus.INVALID);
        assertThat(f.mfa.unlock(f.alice, "code", MfaSession.of("s")).stepUp()).contains(ProofStatus.MISSING);
        assertThat(f.mfa.overview(f.alice).provider("code").orElseThrow().locked()).as("still locked").isTrue();
        assertThat(f.mfa.unlock(f.alice, "code", MfaSession.of("s", proof)).isDone()).isTrue();
        assertThat(f.events.events(MfaEvent.Unlocked.class)).singleElement()
                .satisfies(e -> assertThat(e.by()).isEqualTo(MfaEvent.Unlocked.By.USER));
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aProofFromTheLockedProviderItselfDoesNotUnlockIt() {
        Fixture f = new Fixture(b -> b.lockout(LockoutPolicy.builder().maxFailures(2).build()));
        String code = f.enrol(f.alice, "code");
        String proof = f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).proof().orElseThrow().token();
        f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        Change unlock = f.mfa.unlock(f.alice, "code", MfaSession.of("s", proof));
        assertThat(unlock.status()).isEqualTo(ChangeStatus.STEP_UP_REQUIRED);
        assertThat(unlock.stepUp()).contains(ProofStatus.INSUFFICIENT);
        assertThat(f.mfa.overview(f.alice).provider("code").orElseThrow().locked()).isTrue();
    }

    @Test
    void accountCeilingLocksEveryProvider() {
        Fixture f = new Fixture(b -> b.lockout(LockoutPolicy.builder().maxFailures(50).accountCeiling(5)
                .flowBudget(100).build()));
        String code = f.enrol(f.alice, "code");
        String card = f.enrol(f.alice, "card");
        for (int i = 0; i < 2; i++) {
            f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        }
        for (int i = 0; i < 2; i++) {
            f.mfa.verify(f.alice, "card", MfaInput.code(Fixture.wrong(card)), MfaSession.of("s"));
        }
        Result fifth = f.mfa.verify(f.alice, "card", MfaInput.code(Fixture.wrong(card)), MfaSession.of("s"));
        assertThat(fifth.status()).isEqualTo(Status.LOCKED);
        assertThat(fifth.lockScope()).contains(LockScope.ACCOUNT);
        Result right = f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s"));
        assertThat(right.status()).isEqualTo(Status.LOCKED);
        assertThat(right.lockScope()).contains(LockScope.ACCOUNT);
        assertThat(f.mfa.overview(f.alice).accountLocked()).isTrue();
        assertThat(f.mfa.prompt(f.alice, "code", MfaSession.of("s")).status()).isEqualTo(Status.LOCKED);

        assertThat(f.mfa.admin().unlock("alice", "card")).isTrue();
        assertThat(f.mfa.overview(f.alice).accountLocked()).isFalse();
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void theCeilingCannotExceedOneHundred() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LockoutPolicy.builder().accountCeiling(101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NIST");
        assertThat(LockoutPolicy.defaults().accountCeiling()).isEqualTo(100);
        assertThat(LockoutPolicy.defaults().maxFailures()).isEqualTo(3);
        assertThat(LockoutPolicy.defaults().flowBudget()).isEqualTo(5);
        assertThat(LockoutPolicy.defaults().temporaryLockout()).isEmpty();
    }

    @Test
    void temporaryLockoutGrowsAndEnds() {
        Fixture f = new Fixture(b -> b.lockout(LockoutPolicy.builder().maxFailures(2).flowBudget(100)
                .temporaryLockout(Duration.ofMinutes(1), Duration.ofMinutes(3)).build()));
        String code = f.enrol(f.alice, "code");
        Instant t0 = f.clock.instant();
        f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        Result first = f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        assertThat(first.status()).isEqualTo(Status.LOCKED);
        assertThat(first.lockedUntil()).contains(t0.plus(Duration.ofMinutes(1)));

        f.clock.advance(Duration.ofSeconds(59));
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).status()).isEqualTo(Status.LOCKED);
        f.clock.advance(Duration.ofSeconds(1));
        // The wait is over: two more failures lock again, for twice as long.
        Instant t1 = f.clock.instant();
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s")).remainingAttempts())
                .isEqualTo(1);
        Result second = f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        assertThat(second.lockedUntil()).contains(t1.plus(Duration.ofMinutes(2)));
        f.clock.advance(Duration.ofMinutes(2));
        f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        Instant t2 = f.clock.instant();
        Result third = f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        assertThat(third.lockedUntil()).as("capped").contains(t2.plus(Duration.ofMinutes(3)));
        f.clock.advance(Duration.ofMinutes(3));
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
        // A success resets the growth.
        f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        Instant t3 = f.clock.instant();
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s")).lockedUntil())
                .isEqualTo(Optional.of(t3.plus(Duration.ofMinutes(1))));
    }

    @Test
    void lockoutWaitDoubles() {
        LockoutPolicy p = LockoutPolicy.builder().temporaryLockout(Duration.ofSeconds(10), Duration.ofSeconds(45))
                .build();
        assertThat(p.lockoutWait(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.lockoutWait(2)).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.lockoutWait(3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(p.lockoutWait(4)).isEqualTo(Duration.ofSeconds(45));
        assertThat(p.lockoutWait(1000)).isEqualTo(Duration.ofSeconds(45));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LockoutPolicy.defaults().lockoutWait(1))
                .isInstanceOf(IllegalStateException.class);
    }
}
