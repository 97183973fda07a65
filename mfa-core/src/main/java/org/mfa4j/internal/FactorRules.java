package org.mfa4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.MfaUser;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * The rules about which factors a user may hold together, and which one the login page offers first:
 * companions (recovery codes) only beside another factor, a sole factor (Duo in some deployments) only on
 * its own, and the default provider.
 */
final class FactorRules {

    private final ProviderRegistry registry;
    private final EnforcementPolicy policy;

    FactorRules(ProviderRegistry registry, EnforcementPolicy policy) {
        this.registry = registry;
        this.policy = policy;
    }

    /** Why a companion or sole-factor rule forbids activating {@code d} now, if it does. */
    Optional<String> forbids(UserDocument doc, ProviderDescriptor d) {
        List<ProviderDescriptor> others = new ArrayList<>();
        for (Map.Entry<String, ProviderRecord> e : doc.providers().entrySet()) {
            if (e.getValue().active() && !e.getKey().equals(d.id())) {
                registry.find(e.getKey()).ifPresent(x -> others.add(x.descriptor()));
            }
        }
        if (d.requiresOtherActive() && others.stream().allMatch(ProviderDescriptor::requiresOtherActive)) {
            return Optional.of("provider '" + d.id() + "' can only be set up while another provider is active");
        }
        if (d.soleFactor() && !others.isEmpty()) {
            return Optional.of("provider '" + d.id() + "' must be the user's only provider; deactivate "
                    + others.stream().map(ProviderDescriptor::id).toList() + " first");
        }
        Optional<ProviderDescriptor> sole = others.stream().filter(ProviderDescriptor::soleFactor).findFirst();
        if (sole.isPresent()) {
            return Optional.of("provider '" + sole.get().id() + "' must be the user's only provider; deactivate it"
                    + " before setting up '" + d.id() + "'");
        }
        return Optional.empty();
    }

    /**
     * The companions left without another active factor in {@code doc} (they must go too), other than
     * those in {@code removed}.
     */
    List<String> orphanedCompanions(UserDocument doc, List<String> removed) {
        boolean baseLeft = false;
        List<String> companions = new ArrayList<>();
        for (Map.Entry<String, ProviderRecord> e : doc.providers().entrySet()) {
            boolean companion = registry.find(e.getKey()).map(x -> x.descriptor().requiresOtherActive())
                    .orElse(false);
            if (companion) {
                if (!removed.contains(e.getKey())) {
                    companions.add(e.getKey());
                }
            } else if (e.getValue().active()) {
                baseLeft = true;
            }
        }
        return baseLeft ? List.of() : companions;
    }

    /**
     * The default-provider rule, once. The user's providers in the order the login page offers them: the
     * chosen default, then those that may be a default, then the rest, each group in display order. The
     * first unlocked one is offered first.
     */
    List<String> ranked(UserDocument doc, List<String> usable) {
        List<String> ranked = new ArrayList<>(usable.size());
        doc.defaultProvider().filter(usable::contains).ifPresent(ranked::add);
        for (String id : usable) {
            if (!ranked.contains(id) && registry.find(id).orElseThrow().descriptor().mayBeDefault()) {
                ranked.add(id);
            }
        }
        for (String id : usable) {
            if (!ranked.contains(id)) {
                ranked.add(id);
            }
        }
        return ranked;
    }

    /** The default after a removal: the chosen one if still active, else the first active one that may be one. */
    Optional<String> defaultAfterRemoval(UserDocument doc) {
        List<String> active = new ArrayList<>();
        for (ProviderRegistry.Entry e : registry.entries()) {
            if (doc.provider(e.id()).filter(ProviderRecord::active).isPresent()) {
                active.add(e.id());
            }
        }
        return ranked(doc, active).stream().filter(id -> id.equals(doc.defaultProvider().orElse(null))
                || registry.find(id).orElseThrow().descriptor().mayBeDefault()).findFirst();
    }

    /** TYPO3: the first provider that may be a default becomes it, and so does the user's recommended one. */
    boolean becomesDefault(MfaUser user, ProviderDescriptor d, UserDocument before) {
        return d.mayBeDefault() && (before.defaultProvider().isEmpty()
                || policy.decide(user, registry.descriptors()).recommended().filter(d.id()::equals).isPresent());
    }
}
