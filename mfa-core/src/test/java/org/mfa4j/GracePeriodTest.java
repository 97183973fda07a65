package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mfa4j.internal.ProofPayload;
import org.mfa4j.internal.Proofs;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testproviders.CodeProvider;

class GracePeriodTest {

    private static String login(Fixture f, String code, String session) {
        Result r = f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of(session));
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        return r.proof().orElseThrow().token();
    }

    @Test
    void insideAndAfterTheWindow() {
        Fixture f = new Fixture(b -> b.gracePeriod(Duration.ofMinutes(5))
                .protectedAction("delete-account", Duration.ofMinutes(1)));
        String code = f.enrol(f.alice, "code");
        String proof = login(f, code, "s");

        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof), "change-email")).isEqualTo(ProofStatus.VALID);
        f.clock.advance(Duration.ofMinutes(1));
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof), "delete-account")).as("exactly at the limit").isEqualTo(ProofStatus.VALID);
        f.clock.advance(Duration.ofSeconds(1));
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof), "delete-account")).isEqualTo(ProofStatus.EXPIRED);
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof), "change-email")).isEqualTo(ProofStatus.VALID);
        f.clock.advance(Duration.ofMinutes(4));
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.EXPIRED);
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof), "change-email")).isEqualTo(ProofStatus.EXPIRED);
        assertThat(f.mfa.gracePeriod()).isEqualTo(Duration.ofMinutes(5));

        String fresh = login(f, code, "s");
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", fresh), Duration.ofMinutes(5))).as("step-up gives a new proof")
                .isEqualTo(ProofStatus.VALID);
    }

    @Test
    void anotherSessionIsRefused() {
        Fixture f = new Fixture();
        String proof = login(f, f.enrol(f.alice, "code"), "s");
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("other", proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.WRONG_SESSION);
        assertThat(f.mfa.state(f.alice, MfaSession.of("other", proof)).status()).isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);
        assertThat(f.mfa.state(f.alice, MfaSession.of("s", proof)).status()).isEqualTo(MfaState.Step.SATISFIED);
    }

    @Test
    void anyFactorChangeVoidsProofs() {
        Fixture f = new Fixture();
        String code = f.enrol(f.alice, "code");
        String proof = login(f, code, "s");
        f.enrol(f.alice, "card");
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.FACTORS_CHANGED);
        assertThat(f.mfa.state(f.alice, MfaSession.of("s", proof)).status()).isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);

        String second = login(f, code, "s");
        Change removed = f.mfa.deactivate(f.alice, "card", MfaSession.of("s", second));
        assertThat(removed.status()).isEqualTo(ChangeStatus.DONE);
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", second), Duration.ofMinutes(5))).isEqualTo(ProofStatus.FACTORS_CHANGED);
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s").withProof(removed.proof().orElseThrow()),
                Duration.ofMinutes(5))).as("the change's successor proof").isEqualTo(ProofStatus.VALID);

        String third = login(f, code, "s");
        f.mfa.admin().reset("alice", "card");
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", third), Duration.ofMinutes(5))).as("nothing removed, nothing changed")
                .isEqualTo(ProofStatus.VALID);
        f.mfa.admin().resetAll("alice");
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", third), Duration.ofMinutes(5))).isEqualTo(ProofStatus.FACTORS_CHANGED);
    }

    @Test
    void lockAndUnlockAreNotFactorChanges() {
        Fixture f = new Fixture();
        String code = f.enrol(f.alice, "code");
        String proof = login(f, code, "s");
        f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        f.mfa.admin().unlock("alice", "code");
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.VALID);
    }

    @Test
    void tamperedForeignAndMalformedProofsAreInvalid() {
        Fixture f = new Fixture();
        String proof = login(f, f.enrol(f.alice, "code"), "s");
        Proofs.Signed signed = Proofs.signed(proof);
        ProofPayload claims = signed.payload();
        // Claim a later issue time under the same MAC: the MAC no longer matches.
        ProofPayload.Writer later = new ProofPayload(claims.keyId(), claims.userId(), claims.flowDigest(),
                claims.factorEpoch(), claims.issuedAt().plusSeconds(600), claims.providers(), claims.enrolment())
                .encode(Proofs.MAC_LENGTH);
        System.arraycopy(signed.body(), signed.payloadLength(), later.array(), later.length(), Proofs.MAC_LENGTH);
        String forged = Proofs.token(later.array());
        assertThat(Proofs.signed(forged).payload().issuedAt()).isEqualTo(claims.issuedAt().plusSeconds(600));
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", forged), Duration.ofMinutes(5))).isEqualTo(ProofStatus.INVALID);
        // Any single flipped bit of the body, payload or MAC, is refused.
        for (int i = 0; i < signed.body().length; i++) {
            byte[] flipped = signed.body().clone();
            flipped[i] ^= 1;
            String t = Proofs.token(flipped);
            assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", t), Duration.ofMinutes(5))).as("bit flipped in byte %d", i)
                    .isEqualTo(ProofStatus.INVALID);
        }
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof + "x"), Duration.ofMinutes(5))).isEqualTo(ProofStatus.INVALID);
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof.substring(0, proof.length() - 2)), Duration.ofMinutes(5)))
                .isEqualTo(ProofStatus.INVALID);
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", "p1.bm9wZQ.AAAA"), Duration.ofMinutes(5))).isEqualTo(ProofStatus.INVALID);
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", "p2."), Duration.ofMinutes(5))).isEqualTo(ProofStatus.INVALID);
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", "garbage"), Duration.ofMinutes(5))).isEqualTo(ProofStatus.INVALID);
        // A forged token naming no valid user is refused before any store read, not thrown at the caller.
        ProofPayload.Writer blank = new ProofPayload(claims.keyId(), "", claims.flowDigest(), 0, Instant.EPOCH,
                List.of("code"), false).encode(Proofs.MAC_LENGTH);
        System.arraycopy(signed.body(), signed.payloadLength(), blank.array(), blank.length(), Proofs.MAC_LENGTH);
        String blankUser = Proofs.token(blank.array());
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", blankUser), Duration.ofMinutes(5))).isEqualTo(ProofStatus.INVALID);
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", null), Duration.ofMinutes(5))).as("no token at all")
                .isEqualTo(ProofStatus.MISSING);
        assertThat(f.mfa.state(f.alice, MfaSession.of("s", "garbage")).status()).isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);

        // The same user and store, but another application's keys: not ours.
        Mfa other = Mfa.builder().store(f.store).keys(SecretKeys.ephemeral(new SecureRandom())).clock(f.clock)
                .provider(new CodeProvider("code")).build();
        assertThat(other.checkProof(f.alice, MfaSession.of("s", proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.INVALID);
    }

    /**
     * After a key rotation a proof signed under the retired key is genuine, but proofs count only under the
     * current key: the status says so (not a misleading "other session"), and the user proves again. With
     * the old key gone it is not ours at all.
     */
    @Test
    void aProofFromBeforeAKeyRotationIsRetired() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        java.util.Arrays.fill(a, (byte) 1);
        java.util.Arrays.fill(b, (byte) 2);
        SecretKeys old = SecretKeys.of("old", a);
        Fixture f = new Fixture(x -> x.keys(old));
        String proof = login(f, f.enrol(f.alice, "code"), "s");
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.VALID);

        Mfa rotated = Mfa.builder().store(f.store).keys(SecretKeys.of("new", b).withRetired(old)).clock(f.clock)
                .provider(new CodeProvider("code")).build();
        assertThat(rotated.checkProof(f.alice, MfaSession.of("s", proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.KEY_RETIRED);
        assertThat(rotated.state(f.alice, MfaSession.of("s", proof)).status()).isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);
        Mfa forgotten = Mfa.builder().store(f.store).keys(SecretKeys.of("new", b)).clock(f.clock)
                .provider(new CodeProvider("code")).build();
        assertThat(forgotten.checkProof(f.alice, MfaSession.of("s", proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.INVALID);
    }

    @Test
    void aProofIsForItsUserOnly() {
        Fixture f = new Fixture();
        String proof = login(f, f.enrol(f.alice, "code"), "s");
        org.mfa4j.MfaUser bob = org.mfa4j.MfaUser.of("bob");
        f.enrol(bob, "code");
        assertThat(f.mfa.state(bob, MfaSession.of("s", proof)).status()).isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);
        assertThat(f.mfa.checkProof(bob, MfaSession.of("s", proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.INVALID);
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.VALID);
    }

    @Test
    void proofsDescribeThemselvesAndHideTheirToken() {
        Fixture f = new Fixture();
        String code = f.mfa.setup(f.alice, "code", MfaSession.of("s")).view().orElseThrow().require("code");
        Proof enrolment = f.mfa.activate(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).proof()
                .orElseThrow();
        assertThat(enrolment.fromEnrolment()).as("a first enrolment").isTrue();
        assertThat(enrolment.toString()).doesNotContain(enrolment.token()).contains("enrolment");
        f.clock.advance(Duration.ofSeconds(1));
        Proof p = f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).proof().orElseThrow();
        String token = p.token();
        assertThat(p.userId()).isEqualTo("alice");
        assertThat(p.providers()).containsExactly("code");
        assertThat(p.issuedAt()).isEqualTo(f.clock.instant());
        assertThat(p.fromEnrolment()).as("a verification").isFalse();
        assertThat(p.toString()).doesNotContain(token).contains("alice").doesNotContain("enrolment");
        Proof same = new Proof(token, "alice", List.of("code"), p.issuedAt(), false);
        assertThat(p).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(enrolment).isNotEqualTo(token);
        // A token read back from a session is only a string until Mfa verified it; the reader refuses junk.
        assertThatThrownBy(() -> Proofs.signed("x".repeat(3000))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Proofs.signed("p2.a.b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badArgumentsAreRefused() {
        Fixture f = new Fixture();
        assertThatThrownBy(() -> f.mfa.checkProof(f.alice, MfaSession.of(" ", "t"), Duration.ofMinutes(1)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("session id");
        assertThatThrownBy(() -> f.mfa.checkProof(f.alice, MfaSession.of("s", "t"), Duration.ofMinutes(-1)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Mfa.builder().gracePeriod(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Mfa.builder().protectedAction("", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new InMemoryMfaStore().size()).isZero();
    }
}
