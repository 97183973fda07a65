package org.mfa4j;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.spi.FailureReason;

/**
 * An audit fact, published to every {@link MfaEventListener} after the change it reports was committed,
 * and written as one line to the {@code org.mfa4j.audit} logger. Events carry ids, reasons and counts:
 * never a code, secret, session id, phone number or e-mail address.
 */
public sealed interface MfaEvent {

    Instant at();

    String userId();

    /** A short name for logs: {@code activated}, {@code verified}, {@code failed}, ... */
    String name();

    /** A provider was set up and activated. */
    record Activated(Instant at, String userId, String providerId) implements MfaEvent {
        public String name() {
            return "activated";
        }
    }

    /**
     * One credential of an active provider (a security key, a phone number) was added beside the others,
     * renamed or removed.
     */
    record CredentialChanged(Instant at, String userId, String providerId, String credentialId, Kind kind,
                             Optional<String> label) implements MfaEvent {
        /** {@code label}: the label the user gave the credential (after a rename, the new one), if known. */
        public CredentialChanged {
            label = java.util.Objects.requireNonNull(label, "label");
        }

        public String name() {
            return "credential-" + kind.name().toLowerCase(java.util.Locale.ROOT);
        }

        /** What happened to it. */
        public enum Kind {
            ADDED,
            RENAMED,
            REMOVED
        }
    }

    /** A send was refused by a send budget ({@code budget} names it); nothing was sent. */
    record SendRefused(Instant at, String userId, String providerId, String budget) implements MfaEvent {
        public String name() {
            return "send-refused";
        }
    }

    /** A code could not be delivered; it is void. {@code cause} is the failure's class name, never its message. */
    record DeliveryFailed(Instant at, String userId, String providerId, String cause) implements MfaEvent {
        public String name() {
            return "delivery-failed";
        }
    }

    /** A provider entry was removed by the user, or because its companion went away. */
    record Deactivated(Instant at, String userId, String providerId, Cause cause) implements MfaEvent {
        public String name() {
            return "deactivated";
        }

        /** Why it was removed. */
        public enum Cause {
            /** The user (or the application on the user's behalf) deactivated it. */
            USER,
            /** It could only be active beside another provider, and the last one went away. */
            COMPANION_REMOVED
        }
    }

    /**
     * The user replaced an active provider's material ({@link Mfa#update}): for recovery codes a new set, which
     * voids the old one; for other providers whatever their {@code update} does.
     */
    record Updated(Instant at, String userId, String providerId) implements MfaEvent {
        public String name() {
            return "updated";
        }
    }

    /** An administrator reset a provider: its entry and secrets are gone. */
    record Reset(Instant at, String userId, String providerId) implements MfaEvent {
        public String name() {
            return "reset";
        }
    }

    /** An answer was accepted. */
    record Verified(Instant at, String userId, String providerId, Map<String, String> details) implements MfaEvent {
        public Verified {
            details = Map.copyOf(details);
        }

        public String name() {
            return "verified";
        }
    }

    /** An answer was refused; {@code failures} is the provider's consecutive count after it. */
    record Failed(Instant at, String userId, String providerId, FailureReason reason, int failures)
            implements MfaEvent {
        public String name() {
            return reason == FailureReason.REPLAY ? "replay" : "failed";
        }
    }

    /** A provider or the whole account was locked. */
    record Locked(Instant at, String userId, String providerId, LockScope scope, Optional<Instant> until)
            implements MfaEvent {
        public String name() {
            return "locked";
        }
    }

    /** A provider (or, with scope ACCOUNT, the account) was unlocked. */
    record Unlocked(Instant at, String userId, String providerId, By by) implements MfaEvent {
        public String name() {
            return "unlocked";
        }

        /** Who unlocked it. */
        public enum By {
            ADMINISTRATOR,
            /** The user, after verifying with another provider. */
            USER
        }
    }

    /** A login flow used up its failure budget; every code issued in it is void. */
    record FlowReset(Instant at, String userId, int failures) implements MfaEvent {
        public String name() {
            return "flow-reset";
        }
    }

    /** An administrator erased all of a user's MFA state ({@link MfaAdmin#delete}). */
    record Erased(Instant at, String userId) implements MfaEvent {
        public String name() {
            return "erased";
        }
    }

    /** A protected operation was refused because the session's proof was missing or not enough. */
    record StepUpRequired(Instant at, String userId, String providerId, ProtectedOperation operation,
                          ProofStatus why) implements MfaEvent {
        public String name() {
            return "step-up-required";
        }
    }

    /** A provider-specific fact, such as few recovery codes left. */
    record Notice(Instant at, String userId, String providerId, String kind, Map<String, String> attributes)
            implements MfaEvent {
        public Notice {
            attributes = Map.copyOf(attributes);
        }

        public String name() {
            return "notice";
        }
    }

    /** The user's device was remembered ({@link MfaDevices#remember}) until {@code expires}. */
    record DeviceRemembered(Instant at, String userId, String deviceId, Instant expires) implements MfaEvent {
        public String name() {
            return "device-remembered";
        }
    }

    /** The user signed in with a remembered device instead of a second factor. */
    record DeviceSignedIn(Instant at, String userId, String deviceId) implements MfaEvent {
        public String name() {
            return "device-signed-in";
        }
    }

    /**
     * A sign-in with a remembered device was refused: {@code status} says how ({@link Status#REJECTED} for a
     * token that is unknown, revoked, altered or another user's; {@link Status#EXPIRED} when its time is over or
     * the user's factors changed; {@link Status#NOT_ALLOWED} when the policy forbids it).
     */
    record DeviceRefused(Instant at, String userId, Status status) implements MfaEvent {
        public String name() {
            return "device-refused";
        }
    }

    /** Remembered devices were revoked, by the user or ({@code byAdministrator}) an administrator. */
    record DevicesRevoked(Instant at, String userId, List<String> deviceIds, boolean byAdministrator)
            implements MfaEvent {
        public DevicesRevoked {
            deviceIds = List.copyOf(deviceIds);
        }

        public String name() {
            return "devices-revoked";
        }
    }

    /**
     * An administrator ({@code issuedBy}) issued a break-glass code for the user, valid until {@code expires};
     * {@code replaced} when it replaced one still outstanding.
     */
    record BreakGlassIssued(Instant at, String userId, String codeId, String issuedBy, Instant expires,
                            boolean replaced) implements MfaEvent {
        public String name() {
            return "break-glass-issued";
        }
    }

    /** The user signed in with the break-glass code {@code issuedBy} issued at {@code issuedAt}; it is used up. */
    record BreakGlassUsed(Instant at, String userId, String codeId, String issuedBy, Instant issuedAt)
            implements MfaEvent {
        public String name() {
            return "break-glass-used";
        }
    }

    /** A break-glass answer was refused ({@link Status#REJECTED}, or {@link Status#EXPIRED} for a right one too late). */
    record BreakGlassRefused(Instant at, String userId, Status status) implements MfaEvent {
        public String name() {
            return "break-glass-refused";
        }
    }

    /** An administrator ({@code revokedBy}) withdrew the user's outstanding break-glass code. */
    record BreakGlassRevoked(Instant at, String userId, String codeId, String revokedBy) implements MfaEvent {
        public String name() {
            return "break-glass-revoked";
        }
    }

    /**
     * A one-time code reached its channel: raised after the delivery succeeded, which runs once the prompt or
     * setup that prepared it was committed. Nothing is raised for a prompt inside the resend cooldown (it sends
     * nothing), for a send a budget refused ({@link SendRefused}) or one that failed ({@link DeliveryFailed}).
     * {@code channel} is a short id of the way the code travelled ({@code email}, {@code sms}: the provider's
     * id unless it names one), never the destination or the code.
     */
    record CodeSent(Instant at, String userId, String providerId, String channel) implements MfaEvent {
        public String name() {
            return "code-sent";
        }
    }

    /**
     * A passkey prompt, answer or outstanding request was refused before anybody was known, so no user's
     * failures count; nobody is
     * known, so {@link #userId()} is empty. {@code handleHash}, for a refused answer: a short keyed hash of the
     * user handle it named (the same handle gives the same hash until the key rotates), never the handle, so
     * an operator sees one handle probed again and again.
     */
    record PasskeyRefused(Instant at, Reason reason, Optional<String> handleHash) implements MfaEvent {
        public PasskeyRefused {
            java.util.Objects.requireNonNull(reason, "reason");
            java.util.Objects.requireNonNull(handleHash, "handleHash");
        }

        /** Empty: nobody is known. */
        public String userId() {
            return "";
        }

        public String name() {
            return "passkey-refused";
        }

        /** Why. */
        public enum Reason {
            /** The answer named a handle no user is registered under. */
            UNKNOWN_HANDLE,
            /** The handle names a user the application's lookup no longer returns. */
            UNKNOWN_USER,
            /**
             * A prompt found its share of outstanding passkey requests full and the oldest one gave way: its
             * answer, if it comes, is refused. The prompt itself was issued. A flood of prompts looks like this.
             */
            REQUEST_DROPPED,
            /** A prompt found its share full even after the oldest request gave way (others raced for it). */
            TOO_MANY_REQUESTS
        }
    }
}
