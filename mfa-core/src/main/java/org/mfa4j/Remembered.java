package org.mfa4j;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link MfaDevices#remember}, as a value: switch over {@link #status()}.
 *
 * @param status how it ended
 * @param token  for {@link Status#REMEMBERED}: the device's token, shown this once
 * @param stepUp for {@link Status#STEP_UP_REQUIRED}: why the session's proof was not enough
 */
public record Remembered(Status status, Optional<DeviceToken> token, Optional<ProofStatus> stepUp) {

    public Remembered {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(stepUp, "stepUp");
        if ((status == Status.REMEMBERED) != token.isPresent()) {
            throw new IllegalArgumentException("exactly the remembered outcomes carry a token");
        }
        if ((status == Status.STEP_UP_REQUIRED) != stepUp.isPresent()) {
            throw new IllegalArgumentException("exactly the step-up refusals say why");
        }
    }

    /** How a {@link MfaDevices#remember} ended. */
    public enum Status {
        /** The device is remembered: put the token in its cookie. */
        REMEMBERED,
        /** The device policy does not let this user remember devices. */
        NOT_ALLOWED,
        /** The user has no active factor: there is no second factor to skip. */
        NO_FACTOR,
        /** The session holds no recent proof from a factor ({@link ProtectedOperation#REMEMBER_DEVICE}). */
        STEP_UP_REQUIRED,
        /** The account is locked. */
        LOCKED
    }
}
