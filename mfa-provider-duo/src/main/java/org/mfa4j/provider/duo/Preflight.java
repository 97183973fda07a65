package org.mfa4j.provider.duo;

import java.util.Objects;
import org.mfa4j.provider.duo.DuoSettings.FailMode;

/**
 * The fail-mode decision before a Duo prompt: what the sign-in does with one health check's result.
 * Every {@link Decision#ALLOWED_FAIL_OPEN} is a sign-in without a second factor and must be reported
 * (an event each time), which is why it is its own value and not a {@code PROMPT} or a boolean.
 */
record Preflight(Decision decision, Health health) {

    enum Decision {
        /** Duo is up: send the browser to Duo. */
        PROMPT,
        /** Duo is down and the fail mode is {@link FailMode#CLOSED}: refuse the sign-in. */
        REFUSED_DUO_DOWN,
        /** Duo is down and the fail mode is {@link FailMode#OPEN}: the user passes without Duo; report it. */
        ALLOWED_FAIL_OPEN
    }

    Preflight {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(health, "health");
    }

    static Preflight decide(FailMode mode, Health health) {
        Objects.requireNonNull(mode, "mode");
        if (health.isUp()) {
            return new Preflight(Decision.PROMPT, health);
        }
        return switch (mode) {
            case CLOSED -> new Preflight(Decision.REFUSED_DUO_DOWN, health);
            case OPEN -> new Preflight(Decision.ALLOWED_FAIL_OPEN, health);
        };
    }
}
