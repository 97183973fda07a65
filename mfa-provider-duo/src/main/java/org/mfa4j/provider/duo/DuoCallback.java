package org.mfa4j.provider.duo;

import java.util.Optional;
import org.mfa4j.MfaInput;

/**
 * The parameters of Duo's redirect back to the application, read from an {@link MfaInput}: {@code state}
 * (always), {@code duo_code} (or {@code code}) after a round trip through Duo, {@code error} when Duo
 * reports one instead. Only the shapes are checked here; nothing of the input is ever quoted.
 *
 * @param state the callback's state, when it has the shape of one (Base64url, 22 to 1024 characters)
 * @param code  the code to exchange, when there is exactly one of visible ASCII, at most 1024 characters
 * @param error whether Duo sent an {@code error} parameter
 */
record DuoCallback(Optional<String> state, Optional<String> code, boolean error) {

    static final String STATE = "state";
    static final String DUO_CODE = "duo_code";
    static final String ERROR = "error";

    static DuoCallback of(MfaInput input) {
        Optional<String> state = input.param(STATE).filter(DuoState::wellFormed);
        Optional<String> duoCode = input.param(DUO_CODE);
        Optional<String> code = input.param(MfaInput.CODE);
        Optional<String> one = duoCode.isPresent() && code.isPresent() ? Optional.empty() : duoCode.or(() -> code);
        return new DuoCallback(state, one.filter(DuoGateway::wellFormedCode), input.param(ERROR).isPresent());
    }

    @Override
    public String toString() {
        return "DuoCallback[state=" + (state.isPresent() ? "present" : "absent") + ", code="
                + (code.isPresent() ? "present" : "absent") + ", error=" + error + "]";
    }
}
