package org.mfa4j;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the login page does next for a user who passed the first factor.
 *
 * @param status          the next step
 * @param allowed         providers the user may set up or use, in display order
 * @param recommended     for {@link Step#SETUP_REQUIRED}: the provider to suggest
 * @param missingForced   forced providers the user has not set up yet
 * @param defaultProvider for {@link Step#VERIFICATION_REQUIRED}: the provider to offer first
 * @param alternatives    the user's other usable providers, in display order
 * @param locked          the user's active providers that are locked now
 * @param unrestrictedMissing for {@link Step#SETUP_REQUIRED}: every active factor is a restricted authenticator
 *                        (SMS) and the policy requires an unrestricted one
 *                        ({@link org.mfa4j.policy.Rules#requireUnrestrictedAlternative}): offer the allowed
 *                        providers whose descriptor is not {@code restricted}
 * @param maySkipSetup    for {@link Step#SETUP_REQUIRED} of a user with no factor: an administrator set an
 *                        enrolment deadline that is not reached ({@link EnrolmentDeadline}); the page may offer
 *                        "later", which calls {@link Mfa#skipSetup}
 */
public record MfaState(Step status, List<String> allowed, Optional<String> recommended, List<String> missingForced,
                       Optional<String> defaultProvider, List<String> alternatives, List<String> locked,
                       boolean unrestrictedMissing, boolean maySkipSetup) {

    public MfaState {
        Objects.requireNonNull(status, "status");
        allowed = List.copyOf(allowed);
        Objects.requireNonNull(recommended, "recommended");
        missingForced = List.copyOf(missingForced);
        Objects.requireNonNull(defaultProvider, "defaultProvider");
        alternatives = List.copyOf(alternatives);
        locked = List.copyOf(locked);
    }

    /** A state that offers no skip of setup. */
    public MfaState(Step status, List<String> allowed, Optional<String> recommended, List<String> missingForced,
                    Optional<String> defaultProvider, List<String> alternatives, List<String> locked,
                    boolean unrestrictedMissing) {
        this(status, allowed, recommended, missingForced, defaultProvider, alternatives, locked, unrestrictedMissing,
                false);
    }

    /** The next step of the login flow. */
    public enum Step {
        /** MFA is not required and the user has no factor: let them in. */
        NOT_REQUIRED,
        /** The user must set up a factor (or a missing forced or unrestricted one) before anything else. */
        SETUP_REQUIRED,
        /** The user must verify with one of their factors. */
        VERIFICATION_REQUIRED,
        /** The session's proof is valid and nothing is missing: let them in. */
        SATISFIED
    }
}
