package org.mfa4j;

import java.util.List;
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
 */
public record UserOverview(String userId, List<ProviderOverview> providers, Optional<String> defaultProvider,
                           int accountFailures, boolean accountLocked) {

    public UserOverview {
        Objects.requireNonNull(userId, "userId");
        providers = List.copyOf(providers);
        Objects.requireNonNull(defaultProvider, "defaultProvider");
    }

    public Optional<ProviderOverview> provider(String providerId) {
        return providers.stream().filter(p -> p.providerId().equals(providerId)).findFirst();
    }

    /** Whether any provider is active. */
    public boolean hasActiveProvider() {
        return providers.stream().anyMatch(ProviderOverview::active);
    }
}
