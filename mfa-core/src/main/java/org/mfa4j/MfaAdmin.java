package org.mfa4j;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mfa4j.internal.BreakGlass;
import org.mfa4j.internal.Engine;
import org.mfa4j.internal.ProviderRegistry;
import org.mfa4j.internal.RememberedDevices;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * Administration of users' factors (TYPO3's user record, Magento's {@code tfa:reset}): the registered
 * providers, a user's overview (with the authenticator history, remembered devices and the outstanding
 * break-glass code), reset, unlock, erasure, devices, break-glass codes and enrolment deadlines. No proof
 * is asked: the application decides who may call these, and should have administrators pass MFA
 * themselves first.
 *
 * <p>An administrator's reset or unlock also clears the user's account-wide failure count: the
 * administrator vouched for the user, and a user whose factors were all reset can enrol again.
 */
public final class MfaAdmin {

    private final Engine engine;
    private final RememberedDevices devices;
    private final BreakGlass breakGlass;

    MfaAdmin(Engine engine, RememberedDevices devices, BreakGlass breakGlass) {
        this.engine = engine;
        this.devices = devices;
        this.breakGlass = breakGlass;
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
        return engine.changes().reset(userId, List.of(providerId), AuthenticatorHistoryEntry.RemovedBy.ADMINISTRATOR);
    }

    /** Removes all of the user's providers. Returns the ids removed. */
    public List<String> resetAll(String userId) {
        user(userId);
        return engine.changes().reset(userId, providerIds(), AuthenticatorHistoryEntry.RemovedBy.RESET);
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

    /**
     * Lets a user whom the policy requires to use MFA, and who has no factor yet, put setting one up off until
     * {@code requiredFrom}: before it {@link MfaState#maySkipSetup()} is true and {@link Mfa#skipSetup} lets the
     * user in; at and after it setup is forced. Replaces an earlier date and keeps a number of skips set with
     * {@link #allowSetupSkips} (then whichever runs out first forces setup). Stored with the user. Returns
     * the deadline as stored.
     *
     * @throws InvalidRequestException when {@code requiredFrom} is missing
     */
    public EnrolmentDeadline requireEnrolmentBy(String userId, Instant requiredFrom) {
        user(userId);
        if (requiredFrom == null) {
            throw new InvalidRequestException("requiredFrom is missing: the instant from which setup is forced");
        }
        return engine.enrolmentGrace().set(userId, Optional.of(requiredFrom), Optional.empty());
    }

    /**
     * Lets such a user skip setup {@code skips} more times ({@link Mfa#skipSetup} counts one down each time; at
     * 0 setup is forced). Replaces an earlier count and keeps a date set with {@link #requireEnrolmentBy}.
     * Returns the deadline as stored.
     *
     * @param skips from 0 (setup forced now) to 100
     * @throws InvalidRequestException when {@code skips} is out of that range
     */
    public EnrolmentDeadline allowSetupSkips(String userId, int skips) {
        user(userId);
        return engine.enrolmentGrace().set(userId, Optional.empty(), Optional.of(skips));
    }

    /**
     * Removes the user's enrolment deadline, so setup is forced as soon as the policy requires MFA: false if
     * none was set.
     */
    public boolean clearEnrolmentDeadline(String userId) {
        user(userId);
        return engine.enrolmentGrace().clear(userId);
    }

    /** The user's remembered devices that count now ({@link MfaDevices}). */
    public List<RememberedDevice> devices(String userId) {
        return devices.list(user(userId));
    }

    /** Revokes one of the user's remembered devices: false when no such device counted. */
    public boolean revokeDevice(String userId, String deviceId) {
        user(userId);
        return !devices.adminRevoke(userId, MfaDevices.requireDeviceId(deviceId)).isEmpty();
    }

    /** Revokes all of the user's remembered devices; returns their ids. */
    public List<String> revokeDevices(String userId) {
        user(userId);
        return devices.adminRevoke(userId, null);
    }

    /**
     * Issues a break-glass code for the user, valid for one hour: see
     * {@link #issueBreakGlass(String, String, Duration)}.
     */
    public BreakGlassCode issueBreakGlass(String userId, String issuedBy) {
        return issueBreakGlass(userId, issuedBy, BreakGlass.DEFAULT_LIFETIME);
    }

    /**
     * Issues a single-use, time-limited code that lets the user past MFA once ({@link Mfa#verifyBreakGlass}):
     * what replaces deleting a user's MFA state when they lost every factor. The code is in the result this
     * once; only a keyed hash is stored. A user has at most one outstanding code: this one replaces any
     * other. Issue and use are events naming {@code issuedBy}.
     *
     * @param issuedBy the administrator, as the application names them (the rules of
     *                 {@link org.mfa4j.spi.Identifiers}, at most 128 bytes)
     * @param lifetime how long the code counts: positive, at most 24 hours
     * @throws InvalidRequestException when an argument breaks these rules
     */
    public BreakGlassCode issueBreakGlass(String userId, String issuedBy, Duration lifetime) {
        user(userId);
        BreakGlass.Issued issued = breakGlass.issue(userId, issuedBy, lifetime);
        return new BreakGlassCode(issued.id, issued.code, issued.expires);
    }

    /** Withdraws the user's outstanding break-glass code: false when there was none. An event names {@code revokedBy}. */
    public boolean revokeBreakGlass(String userId, String revokedBy) {
        user(userId);
        return breakGlass.revoke(userId, revokedBy);
    }

    private static MfaUser user(String userId) {
        try {
            return MfaUser.of(userId);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }
}
