package org.mfa4j.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.mfa4j.MfaUser;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * Who must use MFA and with which providers (TYPO3 {@code requireMfa}, allowed / disabled / recommended
 * providers; Magento forced providers). Rules apply globally, per group and per user:
 * <ul>
 *   <li><b>required</b>: a user rule wins; else any group of the user that sets it decides (one group that
 *       requires it is enough); else the global {@link Require} mode.</li>
 *   <li><b>allowed</b>: all registered providers, narrowed to the union of the allow-lists of the user's
 *       groups that have one; then every provider disabled globally, for one of the user's groups or for
 *       the user is removed. Disabled wins over allowed and over forced.</li>
 *   <li><b>sole factors</b> (a provider whose descriptor says {@link ProviderDescriptor#soleFactor()}, such
 *       as Duo where it handles every method itself, as Auth0 has it): allowed only when no other provider is
 *       allowed for the user; otherwise it is removed, and the decision's reasons say so.</li>
 *   <li><b>recommended</b>: the user's, else the first of the user's groups (by name) that sets one, else
 *       the global one; only if allowed.</li>
 *   <li><b>forced</b>: the global ones plus those of the user's groups, if allowed.</li>
 *   <li><b>phishing resistance</b> and <b>an unrestricted alternative</b> ({@link Rules#requirePhishingResistant},
 *       {@link Rules#requireUnrestrictedAlternative}): required when any scope of the user requires it.</li>
 * </ul>
 * Immutable; build with {@link #builder()}. The default requires nobody and restricts nothing.
 */
public final class EnforcementPolicy {

    private static final EnforcementPolicy DEFAULTS = builder().build();

    private final Require require;
    private final Rules global;
    private final Map<String, Rules> groups;
    private final Map<String, Rules> users;

    private EnforcementPolicy(Builder b) {
        this.require = b.require;
        this.global = b.global.freeze();
        Map<String, Rules> g = new TreeMap<>();
        // Loops rather than lambdas on the build path: each lambda's first use spins a class at start-up.
        for (Map.Entry<String, Rules> e : b.groups.entrySet()) {
            g.put(e.getKey(), e.getValue().freeze());
        }
        this.groups = java.util.Collections.unmodifiableMap(g);
        Map<String, Rules> u = new LinkedHashMap<>();
        for (Map.Entry<String, Rules> e : b.users.entrySet()) {
            u.put(e.getKey(), e.getValue().freeze());
        }
        this.users = Map.copyOf(u);
    }

    /** Requires nobody; every registered provider allowed. */
    public static EnforcementPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Require require() {
        return require;
    }

    /** Every provider id the rules name, so the caller can check they are registered. */
    public Set<String> referencedProviders() {
        Set<String> ids = new LinkedHashSet<>(global.referenced());
        for (Rules r : groups.values()) {
            ids.addAll(r.referenced());
        }
        for (Rules r : users.values()) {
            ids.addAll(r.referenced());
        }
        return ids;
    }

    /**
     * Decides for {@code user} among {@code registered} providers (in display order).
     */
    public PolicyDecision decide(MfaUser user, List<ProviderDescriptor> registered) {
        List<String> reasons = new ArrayList<>();
        Rules userRules = users.get(user.id());
        List<Map.Entry<String, Rules>> userGroups = new ArrayList<>();
        for (Map.Entry<String, Rules> e : groups.entrySet()) {
            if (user.groups().contains(e.getKey())) {
                userGroups.add(e);
            }
        }

        boolean phishingResistant = anyScope(userRules, userGroups, r -> r.phishingResistant);
        boolean unrestricted = anyScope(userRules, userGroups, r -> r.unrestrictedAlternative);
        boolean required = decideRequired(user, userRules, userGroups, reasons) || phishingResistant;

        // Allowed: registered, narrowed by group allow-lists, minus disabled (disabled wins).
        Set<String> allowed = new LinkedHashSet<>();
        for (ProviderDescriptor d : registered) {
            if (d.phishingResistant() || !phishingResistant) {
                allowed.add(d.id());
            }
        }
        if (phishingResistant) {
            reasons.add("a phishing-resistant factor is required: MFA required, only " + allowed + " allowed");
        }
        Set<String> groupAllow = null;
        for (Map.Entry<String, Rules> e : userGroups) {
            if (e.getValue().allowed != null) {
                if (groupAllow == null) {
                    groupAllow = new LinkedHashSet<>();
                }
                groupAllow.addAll(e.getValue().allowed);
                reasons.add("group '" + e.getKey() + "' allows " + e.getValue().allowed);
            }
        }
        if (groupAllow != null) {
            allowed.retainAll(groupAllow);
        }
        if (userRules != null && userRules.allowed != null) {
            allowed.retainAll(userRules.allowed);
            reasons.add("user allows only " + userRules.allowed);
        }
        removeDisabled(allowed, "globally", global, reasons);
        for (Map.Entry<String, Rules> e : userGroups) {
            removeDisabled(allowed, "for group '" + e.getKey() + "'", e.getValue(), reasons);
        }
        if (userRules != null) {
            removeDisabled(allowed, "for this user", userRules, reasons);
        }
        SoleFactors.removeBesideOthers(allowed, registered, reasons);

        Optional<String> recommended = decideRecommended(userRules, userGroups, allowed, reasons);

        Set<String> forced = new LinkedHashSet<>(global.forced);
        for (Map.Entry<String, Rules> e : userGroups) {
            forced.addAll(e.getValue().forced);
        }
        if (!forced.isEmpty()) {
            Set<String> notAllowed = new LinkedHashSet<>(forced);
            notAllowed.removeAll(allowed);
            if (!notAllowed.isEmpty()) {
                reasons.add("forced " + notAllowed + " not allowed for this user, so not forced (disabled wins)");
            }
            forced.retainAll(allowed);
            if (!forced.isEmpty()) {
                reasons.add("forced providers " + forced);
            }
        }
        List<String> forcedOrdered = new ArrayList<>();
        for (String id : allowed) {
            if (forced.contains(id)) {
                forcedOrdered.add(id);
            }
        }
        if (unrestricted) {
            reasons.add("an unrestricted alternative is required: a user with restricted factors only (SMS) must set"
                    + " up another");
        }
        return new PolicyDecision(required || !forcedOrdered.isEmpty(), new ArrayList<>(allowed), recommended,
                forcedOrdered, reasons, unrestricted);
    }

    /**
     * Whether {@code provider} (one of the {@code registered} providers) is allowed for {@code user}: the same
     * answer as {@code decide(user, registered).isAllowed(provider.id())}, without computing the rest of the
     * decision. The verification path asks this on every call.
     */
    public boolean isAllowed(MfaUser user, ProviderDescriptor provider, List<ProviderDescriptor> registered) {
        return (provider.phishingResistant() || !requiresPhishingResistant(user))
                && allowedByRules(user, provider.id())
                && (!provider.soleFactor() || SoleFactors.alone(this, user, provider.id(), registered));
    }

    /** Whether a rule for everyone, for the user or for one of the user's groups asks for a phishing-resistant factor. */
    private boolean requiresPhishingResistant(MfaUser user) {
        Rules userRules = users.get(user.id());
        if (global.phishingResistant || userRules != null && userRules.phishingResistant) {
            return true;
        }
        for (String group : user.groups()) {
            Rules r = groups.get(group);
            if (r != null && r.phishingResistant) {
                return true;
            }
        }
        return false;
    }

    /** {@link #isAllowed(MfaUser, ProviderDescriptor, List)} by id: false for an id not among {@code registered}. */
    public boolean isAllowed(MfaUser user, String providerId, List<ProviderDescriptor> registered) {
        for (ProviderDescriptor d : registered) {
            if (d.id().equals(providerId)) {
                return isAllowed(user, d, registered);
            }
        }
        return false;
    }

    /** Whether the allow and disable rules alone let {@code providerId} through (no sole-factor rule). */
    boolean allowedByRules(MfaUser user, String providerId) {
        if (global.disabled.contains(providerId)) {
            return false;
        }
        Rules userRules = users.get(user.id());
        if (userRules != null && (userRules.disabled.contains(providerId)
                || userRules.allowed != null && !userRules.allowed.contains(providerId))) {
            return false;
        }
        boolean listed = false;
        boolean inList = false;
        for (String group : user.groups()) {
            Rules r = groups.get(group);
            if (r != null) {
                if (r.disabled.contains(providerId)) {
                    return false;
                }
                if (r.allowed != null) {
                    listed = true;
                    inList |= r.allowed.contains(providerId);
                }
            }
        }
        return !listed || inList;
    }

    private List<Map.Entry<String, Rules>> groupRules(MfaUser user) {
        List<Map.Entry<String, Rules>> rules = new ArrayList<>();
        for (String group : user.groups()) {
            Rules r = groups.get(group);
            if (r != null) {
                rules.add(Map.entry(group, r));
            }
        }
        return rules;
    }

    /** Whether the global rules, one of the user's groups or the user's own rules require {@code what}. */
    private boolean anyScope(Rules userRules, List<Map.Entry<String, Rules>> userGroups, Predicate<Rules> what) {
        boolean required = what.test(global) || userRules != null && what.test(userRules);
        for (Map.Entry<String, Rules> e : userGroups) {
            required |= what.test(e.getValue());
        }
        return required;
    }

    private boolean decideRequired(MfaUser user, Rules userRules, List<Map.Entry<String, Rules>> userGroups,
                                   List<String> reasons) {
        if (userRules != null && userRules.required != null) {
            reasons.add("user override: MFA " + (userRules.required ? "required" : "not required"));
            return userRules.required;
        }
        Boolean byGroup = null;
        for (Map.Entry<String, Rules> e : userGroups) {
            Boolean r = e.getValue().required;
            if (r != null) {
                reasons.add("group '" + e.getKey() + "': MFA " + (r ? "required" : "not required"));
                byGroup = Boolean.TRUE.equals(byGroup) || r;
            }
        }
        if (byGroup != null) {
            return byGroup;
        }
        boolean r = switch (require) {
            case NOBODY -> false;
            case ALL -> true;
            case NON_ADMINS -> !user.isAdministrator();
            case ADMINS -> user.isAdministrator();
            case SYSTEM_MAINTAINERS -> user.isSystemMaintainer();
        };
        reasons.add("global mode " + require + ": MFA " + (r ? "required" : "not required") + " for this user");
        return r;
    }

    private static void removeDisabled(Set<String> allowed, String where, Rules rules, List<String> reasons) {
        for (String id : rules.disabled) {
            if (allowed.remove(id)) {
                reasons.add("'" + id + "' disabled " + where);
            }
        }
    }

    private Optional<String> decideRecommended(Rules userRules, List<Map.Entry<String, Rules>> userGroups,
                                               Set<String> allowed, List<String> reasons) {
        String candidate = null;
        String source = null;
        if (userRules != null && userRules.recommended != null) {
            candidate = userRules.recommended;
            source = "user";
        }
        for (int i = 0; candidate == null && i < userGroups.size(); i++) {
            if (userGroups.get(i).getValue().recommended != null) {
                candidate = userGroups.get(i).getValue().recommended;
                source = "group '" + userGroups.get(i).getKey() + "'";
            }
        }
        if (candidate == null && global.recommended != null) {
            candidate = global.recommended;
            source = "global";
        }
        if (candidate == null) {
            return Optional.empty();
        }
        if (!allowed.contains(candidate)) {
            reasons.add(source + " recommends '" + candidate + "', which is not allowed for this user");
            return Optional.empty();
        }
        reasons.add(source + " recommends '" + candidate + "'");
        return Optional.of(candidate);
    }

    @Override
    public String toString() {
        return "EnforcementPolicy[require=" + require + ", groups=" + groups.keySet() + ", users=" + users.size() + "]";
    }

    /** Builds an {@link EnforcementPolicy}. */
    public static final class Builder {
        private Require require = Require.NOBODY;
        private final Rules global = new Rules();
        private final Map<String, Rules> groups = new LinkedHashMap<>();
        private final Map<String, Rules> users = new LinkedHashMap<>();

        private Builder() {
        }

        /** Who must use MFA. The default is {@link Require#NOBODY}. */
        public Builder require(Require require) {
            this.require = Objects.requireNonNull(require, "require");
            return this;
        }

        /** The provider suggested at setup. The default is none. */
        public Builder recommended(String providerId) {
            global.recommend(providerId);
            return this;
        }

        /** Providers every user must set up (Magento). The default is none. */
        public Builder forced(String... providerIds) {
            global.force(providerIds);
            return this;
        }

        /** Requires a phishing-resistant factor of everybody ({@link Rules#requirePhishingResistant()}). */
        public Builder requirePhishingResistant() {
            global.requirePhishingResistant();
            return this;
        }

        /** Requires an unrestricted alternative of everybody ({@link Rules#requireUnrestrictedAlternative()}). */
        public Builder requireUnrestrictedAlternative() {
            global.requireUnrestrictedAlternative();
            return this;
        }

        /** Providers nobody may use. */
        public Builder disabled(String... providerIds) {
            global.disable(providerIds);
            return this;
        }

        /** Rules for the members of {@code group}. */
        public Builder group(String group, Consumer<Rules> rules) {
            if (group == null || group.isBlank()) {
                throw new IllegalArgumentException("group name must be non-blank");
            }
            Rules r = groups.get(group);
            if (r == null) {
                r = new Rules();
                groups.put(group, r);
            }
            rules.accept(r);
            return this;
        }

        /** Rules for one user; they win over group and global rules. */
        public Builder user(String userId, Consumer<Rules> rules) {
            MfaUser.requireId(userId);
            Rules r = users.get(userId);
            if (r == null) {
                r = new Rules();
                users.put(userId, r);
            }
            rules.accept(r);
            return this;
        }

        public EnforcementPolicy build() {
            return new EnforcementPolicy(this);
        }
    }
}
