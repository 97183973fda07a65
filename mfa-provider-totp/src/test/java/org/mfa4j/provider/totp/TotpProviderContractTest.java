package org.mfa4j.provider.totp;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.mfa4j.MfaInput;
import org.mfa4j.Prompt;
import org.mfa4j.View;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.otp.Base32;
import org.mfa4j.testing.MfaProviderContractTest;

/**
 * The core's provider contract, with fresh secrets from the context's random source; codes come from
 * googleauth, the independent reference.
 */
class TotpProviderContractTest extends MfaProviderContractTest {

    /** The secret of the latest setup, seen on its way from the random source into the provider. */
    private final AtomicReference<byte[]> lastSecret = new AtomicReference<>();

    private final TotpProviderFactory factory = new TotpProviderFactory((SecureRandom random) -> {
        byte[] key = new byte[20];
        random.nextBytes(key);
        lastSecret.set(key.clone());
        return key;
    });

    @Override
    protected MfaProviderFactory factory() {
        return factory;
    }

    /** The credential's parameters are shown and stored as they are; only the seed is secret. */
    @Override
    protected Set<String> publicViewKeys() {
        return Set.of(TotpProviderFactory.VIEW_ALGORITHM, TotpProviderFactory.VIEW_DIGITS,
                TotpProviderFactory.VIEW_PERIOD);
    }

    @Override
    protected MfaInput activationInput(View setupView) {
        return MfaInput.code(TotpTestKit.reference(setupView.require(TotpProviderFactory.VIEW_SECRET), clock.instant()));
    }

    @Override
    protected MfaInput validInput(View setupView, Prompt challenge) {
        return activationInput(setupView);
    }

    /** Six digits that are no code of the pending or active secret anywhere near now. */
    @Override
    protected MfaInput wrongInput() {
        String base32 = Base32.encode(lastSecret.get());
        Set<String> near = new HashSet<>();
        for (int s = -3; s <= 3; s++) {
            near.add(TotpTestKit.reference(base32, clock.instant().plusSeconds(30L * s)));
        }
        for (int candidate = 0; ; candidate++) {
            String code = String.format("%06d", candidate);
            if (!near.contains(code)) {
                return MfaInput.code(code);
            }
        }
    }
}
