package org.mfa4j.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the enforcement policy decided for one user, with the rules that produced it.
 *
 * @param required    whether the user must use MFA
 * @param allowed     providers the user may use, in display order
 * @param recommended the provider to suggest at setup, if allowed
 * @param forced      providers the user must have set up (all of them), in display order
 * @param reasons     one line per rule that applied, in the order they were evaluated
 * @param unrestrictedAlternative whether a user whose active factors are all restricted (SMS) must set up an
 *                    unrestricted one ({@link Rules#requireUnrestrictedAlternative})
 */
public record PolicyDecision(boolean required, List<String> allowed, Optional<String> recommended,
                             List<String> forced, List<String> reasons, boolean unrestrictedAlternative) {

    public PolicyDecision {
        allowed = List.copyOf(allowed);
        Objects.requireNonNull(recommended, "recommended");
        forced = List.copyOf(forced);
        reasons = List.copyOf(reasons);
    }

    /** A decision that requires no unrestricted alternative. */
    public PolicyDecision(boolean required, List<String> allowed, Optional<String> recommended, List<String> forced,
                          List<String> reasons) {
        this(required, allowed, recommended, forced, reasons, false);
    }

    /** This decision with one more reason at the end (what the user's factors add to the rules). */
    public PolicyDecision withReason(String reason) {
        List<String> more = new java.util.ArrayList<>(reasons);
        more.add(Objects.requireNonNull(reason, "reason"));
        return new PolicyDecision(required, allowed, recommended, forced, more, unrestrictedAlternative);
    }

    public boolean isAllowed(String providerId) {
        return allowed.contains(providerId);
    }
}
