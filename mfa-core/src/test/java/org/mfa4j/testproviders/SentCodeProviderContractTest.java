package org.mfa4j.testproviders;

import org.mfa4j.MfaInput;
import org.mfa4j.Prompt;
import org.mfa4j.View;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.testing.MfaProviderContractTest;

/**
 * The kit against the challenge provider, its side effects counted where they land: the codes in its
 * outbox, sent at setup (to verify the destination) and at each challenge, each once per committed run.
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
    protected MfaInput validInput(View setupView, Prompt challenge) {
        return MfaInput.code(factory.lastCode());
    }

    @Override
    protected long sideEffects() {
        return factory.outbox.size();
    }

    @Override
    protected MfaInput wrongInput() {
        return MfaInput.code("12345x");
    }
}
