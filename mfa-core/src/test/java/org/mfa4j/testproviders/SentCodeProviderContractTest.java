package org.mfa4j.testproviders;

import org.mfa4j.ChallengeResult;
import org.mfa4j.spi.MfaInput;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.View;
import org.mfa4j.testing.MfaProviderContractTest;

/**
 * The kit against the challenge provider. Its side effects are counted the kit's default way, by the
 * challenge deliveries the core ran: the provider also sends its activation code from inside {@code setup}
 * (the SPI has no delivery after commit for a setup), and counted by its outbox it fails
 * {@code aSetupRunAgainAfterAConflictHasItsSideEffectsOnce}: a setup the core re-runs sends two codes, of
 * which only the second works.
 */
class SentCodeProviderContractTest extends MfaProviderContractTest {

    private final SentCodeProvider factory = new SentCodeProvider();

    @Override
    protected MfaProviderFactory factory() {
        return factory;
    }

    @Override
    protected MfaInput activationInput(View setupView) {
        return MfaInput.code(factory.lastCode());
    }

    @Override
    protected MfaInput validInput(View setupView, ChallengeResult challenge) {
        return MfaInput.code(factory.lastCode());
    }

    @Override
    protected MfaInput wrongInput() {
        return MfaInput.code("12345x");
    }
}
