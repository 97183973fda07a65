package org.mfa4j.provider.duo;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.mfa4j.MfaInput;
import org.mfa4j.Prompt;
import org.mfa4j.View;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.testing.MfaProviderContractTest;

/**
 * The core's provider contract, with the real SDK against the fake Duo: every valid answer is a real round
 * trip (the authorization URL followed to its callback), and the side effects the kit counts are the calls
 * to Duo's token endpoint, the one call that must never run twice for one answer. The health check a prompt
 * makes is a read that changes nothing at Duo, and the core runs {@code challenge} again after a conflict;
 * {@code DuoSignInTest} counts those separately.
 */
@DuoPeerTest
class DuoProviderContractTest extends MfaProviderContractTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DuoPeer peer = DuoPeer.get();

    @Override
    protected MfaProviderFactory factory() {
        return new DuoProviderFactory();
    }

    @Override
    protected Map<String, String> settings() {
        return peer.providerSettings();
    }

    @Override
    protected MfaInput activationInput(View setupView) {
        return DuoMfa.input(peer.browse(URI.create(setupView.require(DuoProviderFactory.VIEW_URL))));
    }

    @Override
    protected MfaInput validInput(View setupView, Prompt challenge) {
        return challenge.issued() ? DuoMfa.input(peer.browse(URI.create(challenge.view().require(
                DuoProviderFactory.VIEW_URL)))) : wrongInput();
    }

    /** A well-formed callback with a state nobody issued and a code Duo never gave. */
    @Override
    protected MfaInput wrongInput() {
        byte[] state = new byte[32];
        byte[] code = new byte[20];
        RANDOM.nextBytes(state);
        RANDOM.nextBytes(code);
        return MfaInput.of(Map.of("state", Base64.getUrlEncoder().withoutPadding().encodeToString(state),
                "duo_code", HexFormat.of().formatHex(code)));
    }

    @Override
    protected long sideEffects() {
        return peer.duo.tokenCalls.get() + dispatches();
    }
}
