package org.mfa4j.provider.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.mfa4j.Change;
import org.mfa4j.ChangeStatus;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.MfaUser;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;

/**
 * A policy that requires a phishing-resistant factor for administrators (NIST SP 800-63B-4): TOTP, a code typed
 * by hand, does not satisfy them, while it still satisfies everybody else.
 */
class TotpPhishingResistancePolicyTest {

    private final MutableClock clock = MutableClock.startingAt2026();
    private final Mfa mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
            .clock(clock).provider(new TotpProviderFactory())
            .policy(EnforcementPolicy.builder().group("admins", r -> r.requirePhishingResistant()).build())
            .build();

    /** Enrols TOTP for {@code user}: returns the secret. */
    private String enrolWithTotp(Mfa on, MfaUser user) {
        MfaSession s = MfaSession.of("enrol");
        Change setup = on.setup(user, TotpProviderFactory.ID, s);
        assertThat(setup.status()).isEqualTo(ChangeStatus.DONE);
        String secret = setup.view().orElseThrow().require(TotpProviderFactory.VIEW_SECRET);
        assertThat(on.activate(user, TotpProviderFactory.ID, code(secret), s).status()).isEqualTo(Status.ACCEPTED);
        return secret;
    }

    private MfaInput code(String secret) {
        return MfaInput.code(TotpTestKit.reference(secret, clock.instant()));
    }

    @Test
    void totpAloneDoesNotSatisfyAUserWhoNeedsAPhishingResistantFactor() {
        MfaUser admin = MfaUser.builder("root").groups("admins").build();
        assertThat(mfa.state(admin, MfaSession.of("login")).status()).isEqualTo(MfaState.Step.SETUP_REQUIRED);
        assertThat(mfa.state(admin, MfaSession.of("login")).allowed()).doesNotContain(TotpProviderFactory.ID);
        assertThatThrownBy(() -> mfa.setup(admin, TotpProviderFactory.ID, MfaSession.of("enrol")))
                .as("TOTP cannot even be set up").isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void theSameCodeIsRefusedForAnAdministratorAndAcceptedForOthers() {
        MfaUser user = MfaUser.builder("dev").build();
        String secret = enrolWithTotp(mfa, user);
        clock.advance(Duration.ofMinutes(1));
        assertThat(mfa.verify(user, TotpProviderFactory.ID, code(secret), MfaSession.of("login")).status())
                .isEqualTo(Status.ACCEPTED);
        assertThat(mfa.state(user, MfaSession.of("login")).status()).isNotEqualTo(MfaState.Step.SETUP_REQUIRED);

        MfaUser promoted = MfaUser.builder("dev").groups("admins").build();
        clock.advance(Duration.ofMinutes(1));
        assertThat(mfa.verify(promoted, TotpProviderFactory.ID, code(secret), MfaSession.of("admin-login")).status())
                .isEqualTo(Status.NOT_ALLOWED);
        MfaState state = mfa.state(promoted, MfaSession.of("admin-login"));
        assertThat(state.status()).as("an active TOTP does not count").isEqualTo(MfaState.Step.SETUP_REQUIRED);
    }
}
