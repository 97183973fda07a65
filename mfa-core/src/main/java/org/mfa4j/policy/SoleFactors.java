package org.mfa4j.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mfa4j.MfaUser;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * The sole-factor rule of the policy (Auth0: Duo only when every other factor is disabled): a provider whose
 * descriptor says {@link ProviderDescriptor#soleFactor()} is allowed only when no other provider is. Once,
 * for {@link EnforcementPolicy#decide} and its fast path {@link EnforcementPolicy#isAllowed}.
 */
final class SoleFactors {

    private SoleFactors() {
    }

    /** Removes from {@code allowed} each sole factor beside another allowed provider, saying so in {@code reasons}. */
    static void removeBesideOthers(Set<String> allowed, List<ProviderDescriptor> registered, List<String> reasons) {
        if (allowed.size() < 2) {
            return;
        }
        Set<String> kept = new LinkedHashSet<>(allowed);
        for (ProviderDescriptor d : registered) {
            if (d.soleFactor() && allowed.contains(d.id())) {
                kept.remove(d.id());
                List<String> others = new ArrayList<>(allowed);
                others.remove(d.id());
                reasons.add("'" + d.id() + "' is a sole factor and other providers are allowed for this user, so it"
                        + " is not allowed; disable " + others + " for the user or a group to offer it");
            }
        }
        allowed.retainAll(kept);
    }

    /**
     * Whether {@code providerId}, allowed by the rules, stays allowed: it is no sole factor, or no other
     * registered provider is allowed by the rules.
     */
    static boolean alone(EnforcementPolicy policy, MfaUser user, String providerId,
                         List<ProviderDescriptor> registered) {
        boolean sole = false;
        for (ProviderDescriptor d : registered) {
            sole |= d.soleFactor() && d.id().equals(providerId);
        }
        if (!sole) {
            return true;
        }
        for (ProviderDescriptor d : registered) {
            if (!d.id().equals(providerId) && policy.allowedByRules(user, d.id())) {
                return false;
            }
        }
        return true;
    }
}
