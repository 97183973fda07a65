package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.policy.Require;
import org.mfa4j.spi.FailureReason;

class MfaFlowTest {

    @Test
    void loginStatesFromNotRequiredToSatisfied() {
        Fixture f = new Fixture();
        MfaState none = f.mfa.state(f.alice, MfaSession.of("s"));
        assertThat(none.status()).isEqualTo(MfaState.Step.NOT_REQUIRED);
        assertThat(none.allowed()).as("companions after the rest; a sole factor only where nothing else is allowed")
                .containsExactly("code", "card", "sent", "companion");

        String code = f.enrol(f.alice, "code");
        MfaState verify = f.mfa.state(f.alice, MfaSession.of("s"));
        assertThat(verify.status()).as("a user with a factor uses it").isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);
        assertThat(verify.defaultProvider()).contains("code");
        assertThat(verify.alternatives()).isEmpty();

        f.enrol(f.alice, "card");
        assertThat(f.mfa.state(f.alice, MfaSession.of("s")).alternatives()).containsExactly("card");

        String proof = f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).proof().orElseThrow().token();
        MfaState done = f.mfa.state(f.alice, MfaSession.of("s", proof));
        assertThat(done.status()).isEqualTo(MfaState.Step.SATISFIED);
        assertThat(done.defaultProvider()).isEmpty();
    }

    @Test
    void requiredUsersMustSetUpFirst() {
        Fixture f = new Fixture(b -> b.policy(EnforcementPolicy.builder().require(Require.ADMINS)
                .recommended("code").build()));
        MfaUser admin = MfaUser.builder("root").administrator(true).build();
        MfaState s = f.mfa.state(admin, MfaSession.of("s"));
        assertThat(s.status()).isEqualTo(MfaState.Step.SETUP_REQUIRED);
        assertThat(s.recommended()).contains("code");
        assertThat(f.mfa.state(f.alice, MfaSession.of("s")).status()).isEqualTo(MfaState.Step.NOT_REQUIRED);
        assertThat(f.mfa.explain(admin).required()).isTrue();
    }

    @Test
    void forcedProvidersAreSetUpAfterVerification() {
        Fixture f = new Fixture(b -> b.policy(EnforcementPolicy.builder().forced("code", "card").build()));
        MfaState first = f.mfa.state(f.alice, MfaSession.of("s"));
        assertThat(first.status()).isEqualTo(MfaState.Step.SETUP_REQUIRED);
        assertThat(first.missingForced()).containsExactly("code", "card");
        String code = f.enrol(f.alice, "code");
        assertThat(f.mfa.state(f.alice, MfaSession.of("s")).status()).as("verify before adding a factor")
                .isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);
        String proof = f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s")).proof().orElseThrow().token();
        MfaState then = f.mfa.state(f.alice, MfaSession.of("s", proof));
        assertThat(then.status()).isEqualTo(MfaState.Step.SETUP_REQUIRED);
        assertThat(then.missingForced()).containsExactly("card");
        // Setting up what the policy forces is adding a factor: in the session that holds the fresh proof.
        MfaSession proven = MfaSession.of("s", proof);
        View card = f.mfa.setup(f.alice, "card", proven).view().orElseThrow();
        Result r = f.mfa.activate(f.alice, "card", MfaInput.code(card.require("code")), proven);
        assertThat(f.mfa.state(f.alice, MfaSession.of("s", r.proof().orElseThrow().token())).status())
                .isEqualTo(MfaState.Step.SATISFIED);
    }

    @Test
    void disabledProvidersAreNotUsableEvenIfActive() {
        Fixture plain = new Fixture();
        String code = plain.enrol(plain.alice, "code");
        Mfa restricted = Mfa.builder().store(plain.store).keys(SecretKeys.ephemeral(new java.security.SecureRandom()))
                .provider(new org.mfa4j.testproviders.CodeProvider("code"))
                .provider(new org.mfa4j.testproviders.CodeProvider("card"))
                .policy(EnforcementPolicy.builder().require(Require.ALL).user("alice", r -> r.disable("code")).build())
                .build();
        assertThat(restricted.state(plain.alice, MfaSession.of("s")).status()).isEqualTo(MfaState.Step.SETUP_REQUIRED);
        assertThat(restricted.verify(plain.alice, "code", MfaInput.code(code), MfaSession.of("s")).status())
                .isEqualTo(Status.NOT_ALLOWED);
        assertThat(restricted.prompt(plain.alice, "code", MfaSession.of("s")).status()).isEqualTo(Status.NOT_ALLOWED);
        assertThat(restricted.activate(plain.alice, "code", MfaInput.code(code), MfaSession.of("s")).status())
                .isEqualTo(Status.NOT_ALLOWED);
        assertThatThrownBy(() -> restricted.setup(plain.alice, "code", MfaSession.of("s"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not allowed");
    }

    @Test
    void activationNeedsProofAndDiscardsSetupAfterTooManyFailures() {
        Fixture f = new Fixture();
        View v = f.mfa.setup(f.alice, "code", MfaSession.of("s")).view().orElseThrow();
        String right = v.require("code");
        Result bad = f.mfa.activate(f.alice, "code", MfaInput.code(Fixture.wrong(right)), MfaSession.of("s"));
        assertThat(bad.status()).isEqualTo(Status.REJECTED);
        assertThat(bad.remainingAttempts()).isEqualTo(2);
        Result malformed = f.mfa.activate(f.alice, "code", MfaInput.code("x"), MfaSession.of("s"));
        assertThat(malformed.reason()).contains(FailureReason.MALFORMED_INPUT);
        Result third = f.mfa.activate(f.alice, "code", MfaInput.code(Fixture.wrong(right)), MfaSession.of("s"));
        assertThat(third.details()).containsEntry("setup", "discarded");
        assertThat(UserDocument.of(f.store.load("alice").orElseThrow().document()).provider("code")).isEmpty();
        assertThatThrownBy(() -> f.mfa.activate(f.alice, "code", MfaInput.code(right), MfaSession.of("s")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("call setup first");
        assertThat(f.mfa.overview(f.alice).accountFailures()).as("activation failures are not login failures")
                .isZero();
    }

    @Test
    void setupTwiceReplacesThePendingSecretAndActiveProvidersRefuseSetup() {
        Fixture f = new Fixture();
        View first = f.mfa.setup(f.alice, "code", MfaSession.of("s")).view().orElseThrow();
        View second = f.mfa.setup(f.alice, "code", MfaSession.of("s")).view().orElseThrow();
        if (!first.require("code").equals(second.require("code"))) {
            assertThat(f.mfa.activate(f.alice, "code", MfaInput.code(first.require("code")), MfaSession.of("s")).status())
                    .isEqualTo(Status.REJECTED);
        }
        Result ok = f.mfa.activate(f.alice, "code", MfaInput.code(second.require("code")), MfaSession.of("s"));
        assertThat(ok.status()).isEqualTo(Status.ACCEPTED);
        MfaSession proven = MfaSession.of("s").withProof(ok.proof().orElseThrow());
        assertThatThrownBy(() -> f.mfa.setup(f.alice, "code", proven)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("already active");
        assertThatThrownBy(() -> f.mfa.activate(f.alice, "code", MfaInput.code("1"), proven))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already active");
    }

    @Test
    void companionsNeedAnotherProviderAndGoWithTheLastOne() {
        Fixture f = new Fixture();
        assertThatThrownBy(() -> f.mfa.setup(f.alice, "companion", MfaSession.of("s"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("only be set up while another provider is active");
        f.enrol(f.alice, "code");
        String companion = f.enrol(f.alice, "companion");
        assertThat(companion).isNotEmpty();
        assertThat(f.mfa.state(f.alice, MfaSession.of("s")).defaultProvider()).as("companions are never default").contains("code");

        List<String> removed = f.deactivate(f.alice, "code").removed();
        assertThat(removed).containsExactly("code", "companion");
        assertThat(f.events.events(MfaEvent.Deactivated.class)).extracting(MfaEvent.Deactivated::cause)
                .containsExactly(MfaEvent.Deactivated.Cause.USER, MfaEvent.Deactivated.Cause.COMPANION_REMOVED);
        assertThat(f.mfa.overview(f.alice).hasActiveProvider()).isFalse();
        Change again = f.mfa.deactivate(f.alice, "code", f.session(f.alice));
        assertThat(again.status()).as("nothing left to remove").isEqualTo(ChangeStatus.UNCHANGED);
        assertThat(again.removed()).isEmpty();
    }

    @Test
    void aCompanionStaysWhileAnotherProviderRemains() {
        Fixture f = new Fixture();
        f.enrol(f.alice, "code");
        f.enrol(f.alice, "card");
        f.enrol(f.alice, "companion");
        assertThat(f.deactivate(f.alice, "code").removed()).containsExactly("code");
        assertThat(f.mfa.state(f.alice, MfaSession.of("s")).defaultProvider()).as("default moves on").contains("card");
        assertThat(f.mfa.overview(f.alice).provider("companion").orElseThrow().active()).isTrue();
    }

    /**
     * A sole factor is allowed only where nothing else is (the policy), and is never active beside another
     * factor (the factor rules): a user whose groups change meets the second.
     */
    @Test
    void aSoleFactorExcludesTheOthers() {
        Fixture f = new Fixture(b -> b.policy(EnforcementPolicy.builder().group("sole-only", r -> r.allow("sole"))
                .build()));
        MfaUser aliceSoleOnly = f.alice.toBuilder().groups("sole-only").build();
        assertThat(f.mfa.explain(f.alice).allowed()).doesNotContain("sole");
        assertThat(f.mfa.explain(aliceSoleOnly).allowed()).containsExactly("sole");
        f.enrol(f.alice, "code");
        assertThatThrownBy(() -> f.mfa.setup(f.alice, "sole", f.session(f.alice))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not allowed for this user");
        assertThatThrownBy(() -> f.mfa.setup(aliceSoleOnly, "sole", f.session(aliceSoleOnly)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("must be the user's only provider");
        MfaUser bob = MfaUser.builder("bob").groups("sole-only").build();
        f.enrol(bob, "sole");
        MfaUser bobElsewhere = MfaUser.of("bob");
        assertThatThrownBy(() -> f.mfa.setup(bobElsewhere, "code", f.session(bobElsewhere)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'sole' must be the user's only provider");
    }

    @Test
    void theFirstAndTheRecommendedProviderBecomeDefault() {
        Fixture f = new Fixture(b -> b.policy(EnforcementPolicy.builder().recommended("card").build()));
        f.enrol(f.alice, "code");
        assertThat(f.mfa.state(f.alice, MfaSession.of("s")).defaultProvider()).as("the first one").contains("code");
        f.enrol(f.alice, "card");
        assertThat(f.mfa.state(f.alice, MfaSession.of("s")).defaultProvider()).as("the recommended one").contains("card");
        f.enrol(f.alice, "companion");
        assertThat(f.mfa.state(f.alice, MfaSession.of("s")).defaultProvider()).as("others do not take over").contains("card");
    }

    @Test
    void theDefaultProviderCanBeChosen() {
        Fixture f = new Fixture();
        f.enrol(f.alice, "code");
        f.enrol(f.alice, "card");
        f.enrol(f.alice, "companion");
        assertThat(f.mfa.setDefaultProvider(f.alice, "card", f.session(f.alice)).status()).isEqualTo(ChangeStatus.DONE);
        assertThat(f.mfa.state(f.alice, MfaSession.of("s")).defaultProvider()).contains("card");
        assertThat(f.mfa.overview(f.alice).provider("card").orElseThrow().isDefault()).isTrue();
        assertThat(f.mfa.setDefaultProvider(f.alice, "code", MfaSession.of("s")).status()).as("no proof in the session")
                .isEqualTo(ChangeStatus.STEP_UP_REQUIRED);
        assertThat(f.mfa.state(f.alice, MfaSession.of("s")).defaultProvider()).as("unchanged").contains("card");
        assertThatThrownBy(() -> f.mfa.setDefaultProvider(f.alice, "companion", f.session(f.alice)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cannot be a default");
        assertThatThrownBy(() -> f.mfa.setDefaultProvider(f.alice, "sent", f.session(f.alice)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not active");
    }

    @Test
    void updateIsUnsupportedByDefaultAndNeedsAnActiveProvider() {
        Fixture f = new Fixture();
        f.enrolSent(f.alice);
        // A provider's UnsupportedOperationException is an invalid request, never a bare exception.
        assertThatThrownBy(() -> f.mfa.update(f.alice, "sent", MfaInput.empty(), f.session(f.alice)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("does not support update");
        assertThatThrownBy(() -> f.mfa.update(f.alice, "card", MfaInput.empty(), f.session(f.alice)))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void overviewShowsStateAndProviderDetails() {
        Fixture f = new Fixture();
        f.enrol(f.alice, "code");
        UserOverview o = f.mfa.overview(f.alice);
        ProviderOverview code = o.provider("code").orElseThrow();
        assertThat(code.active()).isTrue();
        assertThat(code.title()).isEqualTo("Code card code");
        assertThat(code.details()).containsEntry("kind", "card");
        assertThat(code.created()).contains(f.clock.instant());
        assertThat(code.lastUsed()).contains(f.clock.instant());
        assertThat(o.provider("card").orElseThrow().details()).isEmpty();
        assertThat(o.providers()).hasSize(5);
        assertThat(f.mfa.admin().overview("alice")).isEqualTo(o);
        assertThat(f.mfa.admin().providers()).hasSize(5);
        assertThat(f.mfa.admin().providerIds()).as("companions after the rest")
                .containsExactly("code", "card", "sent", "sole", "companion");
    }

    @Test
    void callsAreValidated() {
        Fixture f = new Fixture();
        assertThatThrownBy(() -> f.mfa.verify(f.alice, "code", MfaInput.code("1"), MfaSession.of(""))).isInstanceOf(
                InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.verify(f.alice, "code", MfaInput.code("1"), MfaSession.of("x".repeat(1025))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.setup(f.alice, "unknown", MfaSession.of("s"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("registered");
        assertThatThrownBy(() -> f.mfa.admin().reset("alice", "unknown")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.deactivate(f.alice, "unknown", MfaSession.of("s"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> f.mfa.admin().overview(" ")).isInstanceOf(InvalidRequestException.class);
        assertThat(f.mfa.verify(f.alice, "code", MfaInput.code("12345678"), MfaSession.of("s")).status())
                .isEqualTo(Status.NOT_ACTIVE);
        assertThat(f.mfa.toString()).contains("code");
    }
}
