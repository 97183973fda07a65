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
 */
public record PolicyDecision(boolean required, List<String> allowed, Optional<String> recommended,
                             List<String> forced, List<String> reasons) {

    public PolicyDecision {
        allowed = List.copyOf(allowed);
        Objects.requireNonNull(recommended, "recommended");
        forced = List.copyOf(forced);
        reasons = List.copyOf(reasons);
    }

    public boolean isAllowed(String providerId) {
        return allowed.contains(providerId);
    }
}
