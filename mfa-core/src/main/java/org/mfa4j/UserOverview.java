package org.mfa4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every registered provider's state for one user.
 *
 * @param userId          the user
 * @param providers       one entry per registered provider, in display order
 * @param defaultProvider the user's default provider
 * @param accountFailures consecutive failures across all providers
 * @param accountLocked   whether the account-wide ceiling was reached
 * @param unregistered    stored entries of providers not registered with this {@code Mfa} (a module taken
 *                        off the class path), by id, with whether each is active: they verify nothing until
 *                        the provider is registered again, and an administrator's reset removes them
 * @param restrictedOnly  the user has active providers and every one is a restricted authenticator (SMS, NIST
 *                        SP 800-63B-4): the account page should offer an unrestricted alternative
 */
public record UserOverview(String userId, List<ProviderOverview> providers, Optional<String> defaultProvider,
                           int accountFailures, boolean accountLocked, Map<String, Boolean> unregistered,
                           boolean restrictedOnly) {

    public UserOverview {
        Objects.requireNonNull(userId, "userId");
        providers = List.copyOf(providers);
        Objects.requireNonNull(defaultProvider, "defaultProvider");
        unregistered = Collections.unmodifiableMap(new LinkedHashMap<>(unregistered));
    }

    public Optional<ProviderOverview> provider(String providerId) {
        return providers.stream().filter(p -> p.providerId().equals(providerId)).findFirst();
    }

    /** Whether any provider is active. */
    public boolean hasActiveProvider() {
        return providers.stream().anyMatch(ProviderOverview::active);
    }
}
