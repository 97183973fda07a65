package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.MfaUser;
import org.mfa4j.Status;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.policy.PolicyDecision;
import org.mfa4j.policy.Require;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.testing.ContractBaseProvider;

/**
 * Auth0's rule as an option: with {@code sole-factor=true} Duo is allowed for a user only when no other
 * provider is, and {@code explain} says why. (That a sole factor must also be the user's only active one is
 * the core's rule, tested there with a provider of its own: {@code MfaFlowTest}.)
 */
@DuoPeerTest
class DuoSoleFactorTest {

    private static final EnforcementPolicy POLICY = EnforcementPolicy.builder().require(Require.ALL)
            .group("duo-only", r -> r.allow(DuoProviderFactory.ID)).build();

    private final MfaUser plain = MfaUser.of("plain");
    private final MfaUser duoOnly = MfaUser.builder("duo-user").groups("duo-only").build();

    private static DuoMfa mfa(boolean sole) {
        return new DuoMfa(Map.of("sole-factor", Boolean.toString(sole)),
                b -> b.provider(new ContractBaseProvider()).policy(POLICY));
    }

    private static ProviderDescriptor duo(DuoMfa t) {
        return t.mfa.providers().stream().filter(d -> d.id().equals(DuoProviderFactory.ID)).findFirst().orElseThrow();
    }

    @Test
    void withoutTheSettingDuoIsAFactorLikeAnyOther() {
        DuoMfa t = mfa(false);

        assertThat(duo(t).soleFactor()).isFalse();
        assertThat(new DuoProviderFactory().descriptor().soleFactor()).as("the default").isFalse();
        assertThat(t.mfa.explain(plain).allowed()).containsExactly(DuoProviderFactory.ID, ContractBaseProvider.ID);
    }

    @Test
    void aSoleDuoIsNotAllowedBesideAnotherProviderAndExplainSaysWhy() {
        DuoMfa t = mfa(true);

        PolicyDecision decision = t.mfa.explain(plain);

        assertThat(duo(t).soleFactor()).isTrue();
        assertThat(decision.allowed()).containsExactly(ContractBaseProvider.ID);
        assertThat(decision.reasons()).anyMatch(r -> r.contains("'duo' is a sole factor and other providers are "
                + "allowed for this user, so it is not allowed"));
        assertThat(t.mfa.prompt(plain, DuoProviderFactory.ID, MfaSession.of("s")).status())
                .isEqualTo(Status.NOT_ALLOWED);
        assertThatThrownBy(() -> t.mfa.setup(plain, DuoProviderFactory.ID, MfaSession.of("s")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("not allowed");
        assertThat(t.mfa.state(plain, MfaSession.of("s")).allowed()).containsExactly(ContractBaseProvider.ID);
    }

    @Test
    void aSoleDuoIsAllowedWhereNothingElseIs() {
        DuoMfa t = mfa(true);
        MfaSession session = MfaSession.of("login");

        assertThat(t.mfa.explain(duoOnly).allowed()).containsExactly(DuoProviderFactory.ID);
        assertThat(t.mfa.state(duoOnly, session).status()).isEqualTo(MfaState.Step.SETUP_REQUIRED);
        t.enrol(duoOnly, session);
        assertThat(t.verify(duoOnly, t.promptAndFollow(duoOnly, "login"), "login").status())
                .isEqualTo(Status.ACCEPTED);
        assertThat(t.mfa.explain(duoOnly).reasons()).noneMatch(r -> r.contains("sole factor"));
    }
}
