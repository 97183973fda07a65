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
 * @param history         every factor and credential the user has had ({@link AuthenticatorHistoryEntry}):
 *                        the active ones in display order, then the removed ones, most recently removed first
 *                        (the 50 most recently removed are kept)
 * @param devices         the user's remembered devices that count now, oldest first ({@link MfaDevices})
 * @param breakGlass      the user's outstanding break-glass code, if an administrator issued one
 * @param enrolmentDeadline how long the user may put off setting up a first factor, if an administrator set it
 */
public record UserOverview(String userId, List<ProviderOverview> providers, Optional<String> defaultProvider,
                           int accountFailures, boolean accountLocked, Map<String, Boolean> unregistered,
                           boolean restrictedOnly, List<AuthenticatorHistoryEntry> history,
                           List<RememberedDevice> devices, Optional<OutstandingBreakGlass> breakGlass,
                           Optional<EnrolmentDeadline> enrolmentDeadline) {

    public UserOverview {
        Objects.requireNonNull(userId, "userId");
        providers = List.copyOf(providers);
        Objects.requireNonNull(defaultProvider, "defaultProvider");
        unregistered = Collections.unmodifiableMap(new LinkedHashMap<>(unregistered));
        history = List.copyOf(history);
        devices = List.copyOf(devices);
        Objects.requireNonNull(breakGlass, "breakGlass");
        Objects.requireNonNull(enrolmentDeadline, "enrolmentDeadline");
    }

    /** An overview without history, devices, break-glass code or deadline (as before they were shown). */
    public UserOverview(String userId, List<ProviderOverview> providers, Optional<String> defaultProvider,
                        int accountFailures, boolean accountLocked, Map<String, Boolean> unregistered,
                        boolean restrictedOnly) {
        this(userId, providers, defaultProvider, accountFailures, accountLocked, unregistered, restrictedOnly,
                List.of(), List.of(), Optional.empty(), Optional.empty());
    }

    public Optional<ProviderOverview> provider(String providerId) {
        return providers.stream().filter(p -> p.providerId().equals(providerId)).findFirst();
    }

    /** Whether any provider is active. */
    public boolean hasActiveProvider() {
        return providers.stream().anyMatch(ProviderOverview::active);
    }
}
