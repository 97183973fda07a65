package org.mfa4j;

import java.util.List;
import org.mfa4j.internal.RememberedDevices;
import org.mfa4j.policy.DevicePolicy;
import org.mfa4j.spi.Identifiers;

/**
 * Remembered devices ("remember this browser", done right), reached through {@link Mfa#devices()}. After the
 * user passed MFA, the application may offer to remember the browser: {@link #remember} returns a token for
 * a cookie. At the next login, when {@link Mfa#state} says {@link MfaState.Step#VERIFICATION_REQUIRED},
 * {@link #signIn} with the cookie's token returns a proof that makes the state
 * {@link MfaState.Step#SATISFIED}, instead of a second factor.
 *
 * <p>What keeps it safe:
 * <ul>
 *   <li>the token is an opaque id and a 256-bit secret; only a keyed hash of the secret is stored, in the
 *       context of the user, so a token counts for its user only and an altered one for nobody;</li>
 *   <li>it counts for {@link DevicePolicy#lifetime()} (the default is 30 days) from when it was remembered,
 *       and only while the user's factors are the ones it was remembered under: any activation,
 *       deactivation, reset or removed credential voids every device;</li>
 *   <li>a proof from a device ({@link Proof#fromRememberedDevice()}) says who signed in, never how
 *       recently: {@link Mfa#checkProof} and every {@link ProtectedOperation} call it
 *       {@link ProofStatus#INSUFFICIENT}, so changing factors, revoking devices and the application's
 *       own protected actions still need a real verification;</li>
 *   <li>remembering needs a recent proof from a factor ({@link ProtectedOperation#REMEMBER_DEVICE}) and is
 *       refused where the {@link DevicePolicy} forbids it (for administrators, say), as is signing in with
 *       a device remembered before the policy changed;</li>
 *   <li>a user keeps at most 16 devices: remembering one more forgets the one least recently seen.</li>
 * </ul>
 * Every change is a compare-and-set on the user's document, and an event ({@link MfaEvent.DeviceRemembered},
 * {@link MfaEvent.DeviceSignedIn}, {@link MfaEvent.DeviceRefused}, {@link MfaEvent.DevicesRevoked}) that
 * names the device's id, never its token. Administrators list and revoke devices through {@link MfaAdmin}.
 */
public final class MfaDevices {

    private final RememberedDevices devices;

    MfaDevices(RememberedDevices devices) {
        this.devices = devices;
    }

    /** Who may remember devices, and for how long. */
    public DevicePolicy policy() {
        return devices.policy();
    }

    /**
     * Remembers the device the user is on, a {@link ProtectedOperation#REMEMBER_DEVICE}: the session must
     * hold a recent proof from a factor. The token is in the outcome this once.
     *
     * @param label what the user calls the device (say, the browser and system from its user agent); the
     *              rules of a credential label
     * @throws IllegalArgumentException when the label breaks the rules of a credential label
     */
    public Remembered remember(MfaUser user, MfaSession session, String label) {
        Mfa.requireUser(user);
        Mfa.requireSession(session);
        RememberedDevices.Issued issued = devices.remember(user, session, label);
        return new Remembered(issued.outcome,
                issued.token == null ? java.util.Optional.empty()
                        : java.util.Optional.of(new DeviceToken(issued.id, issued.token, issued.expires)),
                issued.stepUp);
    }

    /**
     * Signs the user in with a remembered device's token, kept from {@link #remember}: {@link Status#ACCEPTED}
     * with a proof for the session ({@link Proof#fromRememberedDevice()}); {@link Status#REJECTED} for a token
     * that is malformed, unknown, revoked, altered or another user's; {@link Status#EXPIRED} when its lifetime
     * is over or the user's factors changed since (forget the cookie); {@link Status#NOT_ALLOWED} when the
     * policy forbids the user remembered devices; {@link Status#LOCKED} when the account is locked. The
     * device's last-seen time is updated.
     */
    public Result signIn(MfaUser user, String deviceToken, MfaSession session) {
        Mfa.requireUser(user);
        Mfa.requireSession(session);
        return devices.signIn(user, deviceToken, session);
    }

    /** The user's devices that count now, in the order they were remembered. */
    public List<RememberedDevice> list(MfaUser user) {
        Mfa.requireUser(user);
        return devices.list(user);
    }

    /**
     * Revokes one of the user's devices, a {@link ProtectedOperation#REVOKE_DEVICE}; the change lists its id.
     * {@link ChangeStatus#UNCHANGED} when no such device counts.
     */
    public Change revoke(MfaUser user, String deviceId, MfaSession session) {
        Mfa.requireUser(user);
        Mfa.requireSession(session);
        return devices.revoke(user, requireDeviceId(deviceId), session);
    }

    /** Revokes every device of the user, a {@link ProtectedOperation#REVOKE_DEVICE}; the change lists their ids. */
    public Change revokeAll(MfaUser user, MfaSession session) {
        Mfa.requireUser(user);
        Mfa.requireSession(session);
        return devices.revoke(user, null, session);
    }

    static String requireDeviceId(String deviceId) {
        try {
            return Identifiers.require("device id", deviceId, 64);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "MfaDevices[" + devices.policy() + "]";
    }
}
