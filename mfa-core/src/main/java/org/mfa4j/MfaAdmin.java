package org.mfa4j;

import java.util.ArrayList;
import java.util.List;
import org.mfa4j.internal.Engine;
import org.mfa4j.internal.ProviderRegistry;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * Administration of users' factors (TYPO3's user record, Magento's {@code tfa:reset}): the registered
 * providers, a user's overview, reset, unlock and erasure. No proof is asked: the application decides who
 * may call these, and should have administrators pass MFA themselves first.
 *
 * <p>An administrator's reset or unlock also clears the user's account-wide failure count: the
 * administrator vouched for the user, and a user whose factors were all reset can enrol again.
 */
public final class MfaAdmin {

    private final Engine engine;

    MfaAdmin(Engine engine) {
        this.engine = engine;
    }

    /** The registered providers with their metadata, in display order. */
    public List<ProviderDescriptor> providers() {
        return engine.registry().descriptors();
    }

    /** Ids of all registered providers, in display order. */
    public List<String> providerIds() {
        List<String> ids = new ArrayList<>();
        for (ProviderRegistry.Entry e : engine.registry().entries()) {
            ids.add(e.id());
        }
        return ids;
    }

    /** Every registered provider's state for the user. */
    public UserOverview overview(String userId) {
        return engine.standing().overview(user(userId));
    }

    /**
     * Removes the user's entry for one provider with its secrets (and companions left without another
     * provider). Returns the ids removed; empty if the provider was not set up.
     */
    public List<String> reset(String userId, String providerId) {
        user(userId);
        engine.registered(providerId);
        return engine.changes().reset(userId, List.of(providerId));
    }

    /** Removes all of the user's providers. Returns the ids removed. */
    public List<String> resetAll(String userId) {
        user(userId);
        return engine.changes().reset(userId, providerIds());
    }

    /**
     * Clears the failure count and lock of one provider and the account-wide count. Returns false, and
     * changes nothing, when neither that provider nor the account was locked.
     */
    public boolean unlock(String userId, String providerId) {
        user(userId);
        return engine.changes().adminUnlock(userId, providerId);
    }

    /**
     * Erases all of the user's MFA state (account deletion, GDPR erasure). Returns false if there was none.
     * Stores keep the user's versions going up, and a re-created id starts from a new factor epoch, so
     * nothing of the old person's state or proofs applies to a new user with the same id.
     */
    public boolean delete(String userId) {
        user(userId);
        return engine.changes().erase(userId);
    }

    private static MfaUser user(String userId) {
        try {
            return MfaUser.of(userId);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}
