package org.mfa4j.testproviders;

import org.mfa4j.MfaInput;
import org.mfa4j.Prompt;
import org.mfa4j.View;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.testing.MfaProviderContractTest;

class CodeProviderContractTest extends MfaProviderContractTest {

    private final CodeProvider factory = new CodeProvider();

    @Override
    protected MfaProviderFactory factory() {
        return factory;
    }

    @Override
    protected MfaInput activationInput(View setupView) {
        return MfaInput.code(setupView.require("code"));
    }

    @Override
    protected MfaInput validInput(View setupView, Prompt challenge) {
        return MfaInput.code(setupView.require("code"));
    }

    /** A code card's code is the same at every sign-in. */
    @Override
    protected boolean answersAreReusable() {
        return true;
    }

    @Override
    protected MfaInput wrongInput() {
        return MfaInput.code("not a code");
    }
}
