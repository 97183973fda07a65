package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.logging.LogCapture;
import org.mfa4j.testproviders.CodeProvider;

/** The provider hooks the engine calls, provider notices, and the audit log line of every event. */
class EngineHooksTest {

    @Test
    void updateRunsTheProviderAndIsAFactorChange() {
        Fixture f = new Fixture();
        String old = f.enrol(f.alice, "code");
        String proof = f.mfa.verify(f.alice, "code", MfaInput.code(old), MfaSession.of("s")).proof().orElseThrow().token();
        Change update = f.mfa.update(f.alice, "code", MfaInput.empty(), MfaSession.of("s", proof));
        String now = update.view().orElseThrow().require("code");
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s", proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.FACTORS_CHANGED);
        assertThat(f.mfa.checkProof(f.alice, MfaSession.of("s").withProof(update.proof().orElseThrow()),
                Duration.ofMinutes(5))).as("the session's next proof").isEqualTo(ProofStatus.VALID);
        if (!now.equals(old)) {
            assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(old), MfaSession.of("s")).status()).isEqualTo(Status.REJECTED);
        }
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(now), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void deactivateAndUnlockReachTheProvider() {
        Fixture f = new Fixture();
        String code = f.enrol(f.alice, "code");
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        }
        f.mfa.admin().unlock("alice", "code");
        assertThat(f.code.unlocks.get()).isEqualTo(1);
        assertThat(UserDocument.of(f.store.load("alice").orElseThrow().document()).provider("code").orElseThrow().properties())
                .as("what the provider staged in unlock is written").containsEntry("unlocks", 1L);
        f.mfa.admin().reset("alice", "code");
        assertThat(f.code.deactivations.get()).isEqualTo(1);
        assertThat(f.events.events(MfaEvent.Reset.class)).extracting(MfaEvent.Reset::providerId)
                .containsExactly("code");
    }

    @Test
    void providerNoticesArePublishedAfterCommitOnly() {
        FailClosedTest.BreakableStore store = new FailClosedTest.BreakableStore();
        Fixture f = new Fixture(store, b -> { });
        String code = f.enrol(f.alice, "code");
        f.events.clear();
        store.conflictsToInject.set(2);
        f.clock.advance(Duration.ofSeconds(1));
        f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s"));
        assertThat(f.events.events(MfaEvent.Notice.class)).as("once, though the provider ran three times")
                .singleElement().satisfies(n -> {
                    assertThat(n.kind()).isEqualTo("card-used");
                    assertThat(n.providerId()).isEqualTo("code");
                    assertThat(n.userId()).isEqualTo("alice");
                    assertThat(n.attributes()).containsEntry("card", "code");
                });
        store.failWrites.set(true);
        f.clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")))
                .isInstanceOf(MfaStoreException.class);
        assertThat(f.events.events(MfaEvent.Notice.class)).as("none for a failed write").hasSize(1);
    }

    @RegisterExtension
    final LogCapture audit = new LogCapture("org.mfa4j.audit");

    @Test
    void everyEventHasOneAuditLine() {
        Fixture f = new Fixture(b -> b.lockout(LockoutPolicy.builder().flowBudget(3).build()));
        String code = f.enrol(f.alice, "code");
        f.enrol(f.alice, "companion");
        f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s"));
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        }
        f.mfa.admin().unlock("alice", "code");
        f.deactivate(f.alice, "code");
        f.enrol(f.alice, "card");
        f.mfa.admin().reset("alice", "card");
        List<String> lines = audit.messages();
        assertThat(lines).contains(
                "mfa4j event=activated user=alice provider=code",
                "mfa4j event=verified user=alice provider=code",
                "mfa4j event=notice user=alice provider=code kind=card-used card=code",
                "mfa4j event=failed user=alice provider=code reason=WRONG_CODE failures=1",
                "mfa4j event=locked user=alice provider=code scope=PROVIDER",
                "mfa4j event=flow-reset user=alice failures=3",
                "mfa4j event=unlocked user=alice provider=code by=ADMINISTRATOR",
                "mfa4j event=deactivated user=alice provider=code cause=USER",
                "mfa4j event=deactivated user=alice provider=companion cause=COMPANION_REMOVED",
                "mfa4j event=reset user=alice provider=card");
        assertThat(lines).hasSize(f.events.events().size());
    }

    @Test
    void aBrokenListenerDoesNotUndoTheChange() {
        Fixture f = new Fixture(b -> b.listener(e -> {
            throw new IllegalStateException("listener bug");
        }));
        String code = f.enrol(f.alice, "code");
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
        assertThat(f.events.events(MfaEvent.Verified.class)).as("later listeners still run").hasSize(1);
    }

    @Test
    void replaysAreNamedInEvents() {
        MfaEvent.Failed replay = new MfaEvent.Failed(java.time.Instant.EPOCH, "u", "totp",
                org.mfa4j.spi.FailureReason.REPLAY, 1);
        assertThat(replay.name()).isEqualTo("replay");
        assertThat(new MfaEvent.Failed(java.time.Instant.EPOCH, "u", "totp",
                org.mfa4j.spi.FailureReason.WRONG_CODE, 1).name()).isEqualTo("failed");
    }

    @Test
    void aProofOfAnotherUserUnlocksNothing() {
        Fixture f = new Fixture();
        String code = f.enrol(f.alice, "code");
        f.enrol(f.alice, "card");
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        }
        MfaUser bob = MfaUser.of("bob");
        String bobCard = f.enrol(bob, "card");
        String bobProof = f.mfa.verify(bob, "card", MfaInput.code(bobCard), MfaSession.of("s")).proof().orElseThrow().token();
        assertThat(f.mfa.unlock(f.alice, "code", MfaSession.of("s", bobProof)).stepUp()).contains(ProofStatus.INVALID);
        assertThat(f.mfa.overview(f.alice).provider("code").orElseThrow().locked()).isTrue();
    }

    @Test
    void theDefaultMovesToTheFirstRemainingProviderThatMayBeDefault() {
        Fixture f = new Fixture();
        f.enrol(f.alice, "card");
        f.enrol(f.alice, "companion");
        f.enrol(f.alice, "code");
        assertThat(f.mfa.setDefaultProvider(f.alice, "card", f.session(f.alice)).status()).isEqualTo(ChangeStatus.DONE);
        f.deactivate(f.alice, "card");
        assertThat(UserDocument.of(f.store.load("alice").orElseThrow().document()).defaultProvider()).contains("code");
        f.deactivate(f.alice, "code");
        assertThat(UserDocument.of(f.store.load("alice").orElseThrow().document()).defaultProvider()).isEmpty();
        // Deactivating a non-default provider keeps the default.
        f.enrol(f.alice, "card");
        f.enrol(f.alice, "code");
        assertThat(f.deactivate(f.alice, "code").removed()).containsExactly("code");
        assertThat(UserDocument.of(f.store.load("alice").orElseThrow().document()).defaultProvider()).contains("card");
    }

    @Test
    void sessionIdsAreRequiredEverywhere() {
        Fixture f = new Fixture();
        f.enrol(f.alice, "code");
        assertThatThrownBy(() -> f.mfa.state(f.alice, MfaSession.of(" ", "t"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.activate(f.alice, "code", MfaInput.code("1"), MfaSession.of(null)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.prompt(f.alice, "code", MfaSession.of(""))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.deactivate(f.alice, "code", null)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("session is missing");
    }

    @Test
    void defaultsOfTheBuilder() {
        Mfa mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .random(new SecureRandom()).provider(new CodeProvider("code")).discoverProviders().build();
        assertThat(mfa.gracePeriod()).isEqualTo(Duration.ofMinutes(5));
        assertThat(mfa.providers()).extracting(p -> p.id()).contains("code");
        assertThat(mfa.checkProof(MfaUser.of("alice"), MfaSession.of("s", "t"), "unconfigured-action"))
                .isEqualTo(ProofStatus.INVALID);
        assertThat(mfa.checkProof(MfaUser.of("alice"), MfaSession.of("s"), "unconfigured-action"))
                .isEqualTo(ProofStatus.MISSING);
    }
}
