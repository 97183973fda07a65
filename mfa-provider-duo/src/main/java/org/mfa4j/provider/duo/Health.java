package org.mfa4j.provider.duo;

import java.util.Objects;

/**
 * What Duo's health check said. {@code reason} is mfa4j's own words (and, for a failure, the class of the
 * exception), never the text of Duo's answer or of an SDK exception.
 */
record Health(Status status, String reason) {

    enum Status {
        /** Duo answered {@code stat: OK}. */
        UP,
        /** Anything else: {@code stat: FAIL}, an error status, a timeout, no connection, a broken answer. */
        DOWN
    }

    Health {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    static Health up() {
        return new Health(Status.UP, "Duo answered stat OK");
    }

    static Health down(String reason) {
        return new Health(Status.DOWN, reason);
    }

    boolean isUp() {
        return status == Status.UP;
    }
}
