package org.mfa4j.provider.u2f;

import java.util.Base64;
import java.util.Map;
import org.mfa4j.MfaInput;
import org.mfa4j.Prompt;
import org.mfa4j.View;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.testing.MfaProviderContractTest;

/** The core's provider contract, answered by a software authenticator. */
class U2fProviderContractTest extends MfaProviderContractTest {

    static final String RP_ID = "mfa4j.test";
    static final String ORIGIN = "https://mfa4j.test";

    private final SoftKey key = new SoftKey(ORIGIN, RP_ID);
    private final SoftKey stranger = new SoftKey(ORIGIN, RP_ID);

    @Override
    protected MfaProviderFactory factory() {
        return new U2fProviderFactory();
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("rp-id", RP_ID);
    }

    @Override
    protected MfaInput activationInput(View setupView) {
        return key.register(setupView);
    }

    @Override
    protected MfaInput validInput(View setupView, Prompt challenge) {
        return challenge.issued() ? key.sign(challenge.view()) : wrongInput();
    }

    /** An assertion of a key this user never registered, over a challenge nobody issued. */
    @Override
    protected MfaInput wrongInput() {
        return stranger.sign(Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]));
    }
}
