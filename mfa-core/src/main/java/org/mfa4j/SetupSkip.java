package org.mfa4j;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Mfa#skipSetup}.
 *
 * @param status   what happened
 * @param deadline the user's enrolment deadline after the skip (its {@code skipsLeft} already counted down)
 */
public record SetupSkip(Status status, Optional<EnrolmentDeadline> deadline) {

    public SetupSkip {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(deadline, "deadline");
    }

    /** Whether the application may let the user in without setting a factor up this time. */
    public boolean skipped() {
        return status == Status.SKIPPED;
    }

    /** What {@link Mfa#skipSetup} did. */
    public enum Status {
        /** The skip counted: let the user in this time ({@link MfaState.Step#SETUP_REQUIRED} again next login). */
        SKIPPED,
        /** The date passed or no skip is left (or the user has no deadline): the user must set up a factor now. */
        SETUP_FORCED,
        /** The user need not set up a factor now (MFA not required, or a factor already active): nothing counted. */
        NOT_APPLICABLE
    }
}
