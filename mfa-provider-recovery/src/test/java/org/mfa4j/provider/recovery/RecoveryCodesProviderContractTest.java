package org.mfa4j.provider.recovery;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.mfa4j.MfaInput;
import org.mfa4j.Prompt;
import org.mfa4j.View;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.testing.MfaProviderContractTest;

/** The core's provider contract; the kit activates its base provider first, as recovery codes need one. */
class RecoveryCodesProviderContractTest extends MfaProviderContractTest {

    /** Each valid answer is the next unused code of the set (the first one activated it). */
    private final AtomicInteger next = new AtomicInteger(1);

    @Override
    protected MfaProviderFactory factory() {
        return new RecoveryCodesProviderFactory();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("kdf-iterations", "10000");
    }

    @Override
    protected MfaInput activationInput(View setupView) {
        return MfaInput.code(RecoveryTestKit.codes(setupView).get(0));
    }

    @Override
    protected MfaInput validInput(View setupView, Prompt challenge) {
        return MfaInput.code(RecoveryTestKit.codes(setupView).get(next.getAndIncrement()));
    }

    @Override
    protected MfaInput wrongInput() {
        return MfaInput.code(RecoveryTestKit.NOT_IN_ANY_SET);
    }
}
