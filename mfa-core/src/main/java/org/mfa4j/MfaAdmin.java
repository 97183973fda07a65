package org.mfa4j;

import java.util.ArrayList;
import java.util.List;
import org.mfa4j.internal.ProviderRegistry;
import org.mfa4j.spi.MfaUser;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * Administration of users' factors (TYPO3's user record, Magento's {@code tfa:reset}): the registered
 * providers, a user's overview, reset and unlock. The application decides who may call these.
 */
public final class MfaAdmin {

    private final Mfa mfa;

    MfaAdmin(Mfa mfa) {
        this.mfa = mfa;
    }

    /** The registered providers with their metadata, in display order. */
    public List<ProviderDescriptor> providers() {
        return mfa.providers();
    }

    /** Every registered provider's state for the user. */
    public UserOverview overview(String userId) {
        return mfa.overview(MfaUser.of(userId));
    }

    /**
     * Removes the user's entry for one provider with its secrets (and companions left without another
     * provider). Returns the ids removed; empty if the provider was not set up.
     */
    public List<String> reset(String userId, String providerId) {
        mfa.registry().find(providerId).orElseThrow(() -> mfa.unknown(providerId));
        return mfa.remove(MfaUser.of(userId), List.of(providerId), true);
    }

    /** Removes all of the user's providers. Returns the ids removed. */
    public List<String> resetAll(String userId) {
        List<String> ids = new ArrayList<>();
        mfa.registry().entries().forEach(e -> ids.add(e.id()));
        return mfa.remove(MfaUser.of(userId), ids, true);
    }

    /**
     * Clears the failure count and lock of one provider and the account-wide count. Returns false if the
     * user has no such entry and the account is not locked.
     */
    public boolean unlock(String userId, String providerId) {
        return mfa.unlockProvider(MfaUser.of(userId), providerId, MfaEvent.Unlocked.By.ADMINISTRATOR);
    }

    /** Ids of all registered providers. */
    public List<String> providerIds() {
        return mfa.registry().entries().stream().map(ProviderRegistry.Entry::id).toList();
    }
}
