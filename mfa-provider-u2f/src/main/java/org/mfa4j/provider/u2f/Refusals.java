package org.mfa4j.provider.u2f;

import java.util.Map;
import java.util.Optional;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.Outcome;

/**
 * Turns Yubico's refusal of a ceremony into an {@link Outcome}: which check failed becomes the detail
 * {@value #DETAIL_CHECK}, one fixed word, since Yubico's messages quote what the client sent (an origin, a
 * credential id) and caller input is never echoed.
 */
final class Refusals {

    /** Result detail of a refused ceremony: the check that failed. */
    static final String DETAIL_CHECK = "check";

    private Refusals() {
    }

    static Outcome of(Throwable refusal) {
        String check = check(Optional.ofNullable(refusal.getMessage()).orElse(""));
        FailureReason reason = "challenge".equals(check) ? FailureReason.REPLAY : FailureReason.DENIED;
        return Outcome.reject(reason, Map.of(DETAIL_CHECK, check));
    }

    static Outcome malformed() {
        return Outcome.reject(FailureReason.MALFORMED_INPUT, Map.of(DETAIL_CHECK, "format"));
    }

    /** The check a message of Yubico's {@code FinishRegistrationSteps} or {@code FinishAssertionSteps} names. */
    private static String check(String m) {
        if (m.contains("Incorrect origin")) {
            return "origin";
        } else if (m.contains("RP ID hash")) {
            return "rp-id";
        } else if (m.contains("Incorrect challenge")) {
            return "challenge";
        } else if (m.contains("User Presence")) {
            return "user-presence";
        } else if (m.contains("User Verification")) {
            return "user-verification";
        } else if (m.contains("signature")) {
            return "signature";
        } else if (m.contains("credential") || m.contains("Credential") || m.contains("user handle")
                || m.contains("username")) {
            return "credential";
        } else if (m.contains("\"type\"")) {
            return "type";
        }
        return "other";
    }
}
