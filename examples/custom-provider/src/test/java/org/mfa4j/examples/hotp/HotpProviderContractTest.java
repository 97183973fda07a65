package org.mfa4j.examples.hotp;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mfa4j.MfaInput;
import org.mfa4j.Prompt;
import org.mfa4j.View;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.otp.Base32;
import org.mfa4j.spi.otp.Hotp;
import org.mfa4j.testing.MfaProviderContractTest;

/**
 * The core's provider contract, with fresh secrets from the context's random source. The answers come from a
 * token per setup secret, as a user's would: each press gives the code of the token's next counter.
 */
class HotpProviderContractTest extends MfaProviderContractTest {

    /** Every secret a setup drew so far, by its Base32 spelling in the setup view. */
    private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
    /** How often each token was pressed. */
    private final Map<String, Long> presses = new ConcurrentHashMap<>();

    private final HotpProviderFactory factory = new HotpProviderFactory((SecureRandom random) -> {
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        secrets.put(Base32.encode(secret), secret.clone());
        return secret;
    });

    @Override
    protected MfaProviderFactory factory() {
        return factory;
    }

    @Override
    protected MfaInput activationInput(View setupView) {
        return press(setupView);
    }

    @Override
    protected MfaInput validInput(View setupView, Prompt challenge) {
        return press(setupView);
    }

    /** Six digits that are no code of any secret drawn so far, at any counter a test reaches. */
    @Override
    protected MfaInput wrongInput() {
        Set<String> codes = new HashSet<>();
        for (byte[] secret : secrets.values()) {
            for (long counter = 0; counter < 64; counter++) {
                codes.add(code(secret, counter));
            }
        }
        for (int candidate = 0; ; candidate++) {
            String code = String.format(Locale.ROOT, "%06d", candidate);
            if (!codes.contains(code)) {
                return MfaInput.code(code);
            }
        }
    }

    /** The token of the view's secret shows its next code. */
    private MfaInput press(View setupView) {
        String base32 = setupView.require(HotpProviderFactory.VIEW_SECRET);
        long counter = presses.merge(base32, 1L, Long::sum) - 1;
        return MfaInput.code(code(secrets.get(base32), counter));
    }

    private static String code(byte[] secret, long counter) {
        return Hotp.format(Hotp.code(HotpProvider.ALGORITHM, SecretBytes.copyOf(secret), counter, HotpProvider.DIGITS),
                HotpProvider.DIGITS);
    }
}
