package org.mfa4j.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.Change;
import org.mfa4j.LockScope;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.ProofStatus;
import org.mfa4j.ProtectedOperation;
import org.mfa4j.Remembered;
import org.mfa4j.RememberedDevice;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.policy.DevicePolicy;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.SecretBytes;

/**
 * Remembered devices ("remember this browser"): remembering one after a real verification, signing in with
 * one, listing and revoking them. A device's token is {@code <id>.<secret>}: a random id (16 bytes) and a
 * random secret (32 bytes), each in unpadded base64url; the document keeps the id and a keyed hash of the
 * secret in the context of the user and the id, so a token counts only for its user and is never stored.
 * A device counts while it is younger than the policy's lifetime and the user's factor epoch is the one it
 * was remembered under: any change of the user's factors voids every device.
 */
public final class RememberedDevices {

    /** What results, changes and events name in place of a provider id. */
    public static final String ID = "remembered-device";

    private static final int ID_BYTES = 16;
    private static final int SECRET_BYTES = 32;
    private static final int ID_CHARS = 22;
    private static final int SECRET_CHARS = 43;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final Engine e;
    private final DevicePolicy policy;

    public RememberedDevices(Engine engine, DevicePolicy policy) {
        this.e = engine;
        this.policy = policy;
    }

    public DevicePolicy policy() {
        return policy;
    }

    /** What {@link #remember} decided; the token only for {@link Remembered.Status#REMEMBERED}. */
    public static final class Issued {
        public final Remembered.Status outcome;
        public final Optional<ProofStatus> stepUp;
        public final String id;
        /** The device's token, {@code <id>.<secret>}: handed to the application once, never stored. */
        public final String token;
        public final Instant expires;

        Issued(Remembered.Status outcome, Optional<ProofStatus> stepUp, String id, String token, Instant expires) {
            this.outcome = outcome;
            this.stepUp = stepUp;
            this.id = id;
            this.token = token;
            this.expires = expires;
        }

        static Issued refused(Remembered.Status outcome, Optional<ProofStatus> stepUp) {
            return new Issued(outcome, stepUp, null, null, null);
        }

        @Override
        public String toString() {
            return "Issued[" + outcome + (id == null ? "" : ", id=" + id) + "]";
        }
    }

    /** See {@code MfaDevices.remember}. */
    public Issued remember(MfaUser user, MfaSession session, String label) {
        StagedCredentials.requireLabel(label);
        if (!policy.allows(user)) {
            return Issued.refused(Remembered.Status.NOT_ALLOWED, Optional.empty());
        }
        return e.tx.run(user.id(), doc -> {
            Instant now = e.clock.instant();
            if (doc.providers().values().stream().noneMatch(ProviderRecord::active)) {
                return Step.none(Issued.refused(Remembered.Status.NO_FACTOR, Optional.empty()));
            }
            StepUp.Gate gate = e.stepUp.gate(user, session, doc, ID, ProtectedOperation.REMEMBER_DEVICE, now);
            if (gate.refused()) {
                return gate.refusal(Issued.refused(gate.stepUp() != null ? Remembered.Status.STEP_UP_REQUIRED : Remembered.Status.LOCKED,
                        gate.stepUp() == null ? Optional.empty() : Optional.of(gate.stepUp().why())));
            }
            String id = random(ID_BYTES);
            String secret = random(SECRET_BYTES);
            Instant expires = now.plus(policy.lifetime());
            List<DeviceRecord> devices = live(doc, now);
            if (devices.size() >= DocumentJson.MAX_DEVICES) {
                devices.remove(leastRecentlySeen(devices));
            }
            devices.add(new DeviceRecord(id, label, now, Optional.empty(), expires, doc.factorEpoch(),
                    e.cipher.hash(ascii(secret), context(user.id(), id))));
            return Step.write(doc.withDevices(devices),
                    new Issued(Remembered.Status.REMEMBERED, Optional.empty(), id, id + "." + secret, expires),
                    new MfaEvent.DeviceRemembered(now, user.id(), id, expires));
        });
    }

    /** See {@code MfaDevices.signIn}. */
    public Result signIn(MfaUser user, String token, MfaSession session) {
        if (!policy.allows(user)) {
            return refused(user, Status.NOT_ALLOWED, Optional.empty());
        }
        if (!wellFormed(token)) {
            return refused(user, Status.REJECTED, Optional.of(FailureReason.MALFORMED_INPUT));
        }
        String id = token.substring(0, ID_CHARS);
        SecretBytes secret = ascii(token.substring(ID_CHARS + 1));
        String flowId = e.proofs.sessionDigest(session);
        return e.tx.run(user.id(), doc -> {
            Instant now = e.clock.instant();
            if (e.lockout.accountLocked(doc)) {
                return Step.none(Result.locked(ID, LockScope.ACCOUNT, Optional.empty()));
            }
            int at = indexOf(doc.devices(), id);
            DeviceRecord device = at < 0 ? null : doc.devices().get(at);
            if (device == null || !e.cipher.matchesHash(device.hash(), secret, context(user.id(), id))) {
                return refusal(user, Status.REJECTED, Optional.of(FailureReason.WRONG_CODE), now);
            }
            if (!device.live(doc.factorEpoch(), now)) {
                return refusal(user, Status.EXPIRED, Optional.of(FailureReason.EXPIRED), now);
            }
            List<DeviceRecord> devices = new ArrayList<>(doc.devices());
            devices.set(at, device.seen(now));
            return Step.write(doc.withDevices(devices),
                    Result.accepted(ID, 0, e.proofs.issueForDevice(user.id(), flowId, doc.factorEpoch(), now), Map.of()),
                    new MfaEvent.DeviceSignedIn(now, user.id(), id));
        });
    }

    private Result refused(MfaUser user, Status status, Optional<FailureReason> reason) {
        Step<Result> step = refusal(user, status, reason, e.clock.instant());
        e.events.publish(step.events);
        return step.value;
    }

    private static Step<Result> refusal(MfaUser user, Status status, Optional<FailureReason> reason, Instant now) {
        return Step.none(Result.refused(status, ID, reason, 0, Map.of()),
                List.of(new MfaEvent.DeviceRefused(now, user.id(), status)));
    }

    /** The user's devices that count now, oldest first. */
    public List<RememberedDevice> list(MfaUser user) {
        return views(e.tx.document(user.id()), e.clock.instant());
    }

    /** The devices of {@code doc} that count at {@code now}, oldest first, as applications see them. */
    static List<RememberedDevice> views(UserDocument doc, Instant now) {
        List<RememberedDevice> out = new ArrayList<>();
        for (DeviceRecord d : live(doc, now)) {
            out.add(new RememberedDevice(d.id(), d.label(), d.created(), d.lastSeen(), d.expires()));
        }
        return out;
    }

    /**
     * The user's own revocation of one device ({@code deviceId}) or of all ({@code null}), a
     * {@link ProtectedOperation#REVOKE_DEVICE}. {@link org.mfa4j.ChangeStatus#UNCHANGED} when none counted.
     */
    public Change revoke(MfaUser user, String deviceId, MfaSession session) {
        return e.tx.run(user.id(), doc -> {
            Instant now = e.clock.instant();
            Revocation r = revocation(doc, deviceId, now);
            if (r.revoked.isEmpty()) {
                return Step.none(Change.unchanged(ID));
            }
            StepUp.Gate gate = e.stepUp.gate(user, session, doc, ID, ProtectedOperation.REVOKE_DEVICE, now);
            if (gate.refused()) {
                return gate.refusal(gate.change(ID));
            }
            return Step.write(r.next, Change.done(ID, Optional.empty(), r.revoked, Optional.empty()),
                    new MfaEvent.DevicesRevoked(now, user.id(), r.revoked, false));
        });
    }

    /** An administrator's revocation of one device or ({@code null}) all: the ids revoked. No proof asked. */
    public List<String> adminRevoke(String userId, String deviceId) {
        return e.tx.run(userId, doc -> {
            Instant now = e.clock.instant();
            Revocation r = revocation(doc, deviceId, now);
            if (r.revoked.isEmpty()) {
                return Step.none(List.<String>of());
            }
            return Step.write(r.next, r.revoked, new MfaEvent.DevicesRevoked(now, userId, r.revoked, true));
        });
    }

    /** The document without the device (or all devices) revoked, and without those that no longer count. */
    private record Revocation(UserDocument next, List<String> revoked) {
    }

    private static Revocation revocation(UserDocument doc, String deviceId, Instant now) {
        List<DeviceRecord> kept = new ArrayList<>();
        List<String> revoked = new ArrayList<>();
        for (DeviceRecord d : live(doc, now)) {
            if (deviceId == null || d.id().equals(deviceId)) {
                revoked.add(d.id());
            } else {
                kept.add(d);
            }
        }
        return new Revocation(doc.withDevices(kept), List.copyOf(revoked));
    }

    /** A changeable copy of the user's devices that count now; those voided or expired are dropped. */
    private static List<DeviceRecord> live(UserDocument doc, Instant now) {
        List<DeviceRecord> out = new ArrayList<>(doc.devices().size() + 1);
        for (DeviceRecord d : doc.devices()) {
            if (d.live(doc.factorEpoch(), now)) {
                out.add(d);
            }
        }
        return out;
    }

    private static DeviceRecord leastRecentlySeen(List<DeviceRecord> devices) {
        DeviceRecord oldest = devices.get(0);
        for (DeviceRecord d : devices) {
            if (d.lastSeen().orElse(d.created()).isBefore(oldest.lastSeen().orElse(oldest.created()))) {
                oldest = d;
            }
        }
        return oldest;
    }

    private static int indexOf(List<DeviceRecord> devices, String id) {
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code token} has the form of a device token: two base64url parts of the right lengths. */
    private static boolean wellFormed(String token) {
        if (token == null || token.length() != ID_CHARS + 1 + SECRET_CHARS || token.charAt(ID_CHARS) != '.') {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean b64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!b64 && i != ID_CHARS) {
                return false;
            }
        }
        return true;
    }

    private String random(int bytes) {
        byte[] b = new byte[bytes];
        e.random.nextBytes(b);
        return B64.encodeToString(b);
    }

    /** The secret's text as the hash takes it: every character counts, so no other spelling matches. */
    private static SecretBytes ascii(String s) {
        return SecretBytes.copyOf(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String[] context(String userId, String deviceId) {
        return new String[] {ID, userId, deviceId};
    }
}
