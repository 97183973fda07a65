package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testproviders.CodeProvider;

/**
 * Restricted authenticators (NIST SP 800-63B-4: SMS over the telephone network): a user whose only active factors
 * are restricted is told so by the overview and {@code explain}, and {@code requireUnrestrictedAlternative} asks
 * that user, once signed in, to set up an unrestricted one.
 */
class RestrictedFactorsTest {

    private static final ProviderDescriptor PHONE = ProviderDescriptor.builder("phone").title("Phone")
            .restricted(true).build();

    private Mfa mfa(EnforcementPolicy policy, String... unrestricted) {
        Mfa.Builder b = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .provider(new CodeProvider(PHONE)).policy(policy);
        for (String id : unrestricted) {
            b.provider(new CodeProvider(id));
        }
        return b.build();
    }

    private final MfaUser jane = MfaUser.of("jane");

    /** Sets up and activates a fixed-code provider; returns its code. */
    private static String enrol(Mfa mfa, MfaUser user, String id, MfaSession session) {
        String code = mfa.setup(user, id, session).view().orElseThrow().require("code");
        assertThat(mfa.activate(user, id, MfaInput.code(code), session).status()).isEqualTo(Status.ACCEPTED);
        return code;
    }

    private static MfaSession signedIn(Mfa mfa, MfaUser user, String id, String code) {
        Result r = mfa.verify(user, id, MfaInput.code(code), MfaSession.of("login"));
        return MfaSession.of("login", r.proof().orElseThrow().token());
    }

    @Test
    void aUserWithRestrictedFactorsOnlyIsToldSoAndNotOtherwise() {
        Mfa mfa = mfa(EnforcementPolicy.defaults(), "totp");
        assertThat(mfa.overview(jane).restrictedOnly()).as("no factor at all").isFalse();
        String phone = enrol(mfa, jane, "phone", MfaSession.of("enrol"));

        assertThat(mfa.overview(jane).restrictedOnly()).isTrue();
        assertThat(mfa.explain(jane).reasons()).last().asString()
                .contains("restricted", "[phone]", "an unrestricted alternative should be offered");
        MfaSession proven = signedIn(mfa, jane, "phone", phone);
        assertThat(mfa.state(jane, proven).status()).as("without the policy option nothing is asked")
                .isEqualTo(MfaState.Step.SATISFIED);

        enrol(mfa, jane, "totp", proven);
        assertThat(mfa.overview(jane).restrictedOnly()).isFalse();
        assertThat(mfa.explain(jane).reasons()).noneMatch(r -> r.contains("restricted authenticator"));
    }

    @Test
    void thePolicyOptionAsksForAnUnrestrictedFactorOnceSignedIn() {
        Mfa mfa = mfa(EnforcementPolicy.builder().requireUnrestrictedAlternative().build(), "totp");
        String phone = enrol(mfa, jane, "phone", MfaSession.of("enrol"));

        assertThat(mfa.state(jane, MfaSession.of("login")).status()).as("the restricted factor still signs in")
                .isEqualTo(MfaState.Step.VERIFICATION_REQUIRED);
        MfaSession proven = signedIn(mfa, jane, "phone", phone);
        MfaState state = mfa.state(jane, proven);
        assertThat(state.status()).isEqualTo(MfaState.Step.SETUP_REQUIRED);
        assertThat(state.unrestrictedMissing()).isTrue();
        assertThat(state.missingForced()).isEmpty();
        assertThat(mfa.explain(jane).reasons()).last().asString().contains("an unrestricted one must be set up");

        Result totp = mfa.activate(jane, "totp", MfaInput.code(mfa.setup(jane, "totp", proven).view().orElseThrow()
                .require("code")), proven);
        MfaState after = mfa.state(jane, MfaSession.of("login", totp.proof().orElseThrow().token()));
        assertThat(after.status()).isEqualTo(MfaState.Step.SATISFIED);
        assertThat(after.unrestrictedMissing()).isFalse();
    }

    @Test
    void theOptionAppliesPerScopeAndNeverAsksForTheImpossible() {
        EnforcementPolicy policy = EnforcementPolicy.builder().group("staff", r -> r.requireUnrestrictedAlternative())
                .build();
        MfaUser staff = MfaUser.builder("sam").groups("staff").build();
        Mfa mfa = mfa(policy, "totp");
        MfaSession sam = signedIn(mfa, staff, "phone", enrol(mfa, staff, "phone", MfaSession.of("e1")));
        MfaSession other = signedIn(mfa, jane, "phone", enrol(mfa, jane, "phone", MfaSession.of("e2")));
        assertThat(mfa.state(staff, sam).status()).isEqualTo(MfaState.Step.SETUP_REQUIRED);
        assertThat(mfa.state(jane, other).status()).isEqualTo(MfaState.Step.SATISFIED);
        assertThat(mfa.explain(staff).unrestrictedAlternative()).isTrue();
        assertThat(mfa.explain(jane).unrestrictedAlternative()).isFalse();

        Mfa phoneOnly = mfa(EnforcementPolicy.builder().requireUnrestrictedAlternative().build());
        MfaSession p = signedIn(phoneOnly, jane, "phone", enrol(phoneOnly, jane, "phone", MfaSession.of("e3")));
        assertThat(phoneOnly.state(jane, p).status()).as("no unrestricted provider is allowed")
                .isEqualTo(MfaState.Step.SATISFIED);
        assertThat(phoneOnly.explain(jane).reasons()).last().asString()
                .contains("no unrestricted provider is allowed");
    }
}
