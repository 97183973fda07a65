package org.mfa4j;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link MfaNotifier} tells the user: which security-relevant change happened to their account, when, to
 * which factor, and who made it. It carries ids, the factor's title, the label the user gave a credential, counts
 * and times: never a code, secret, session id, phone number or e-mail address.
 *
 * <p>{@link #endOtherSessions()} says whether the application should offer (or force) ending the user's other
 * sessions (OWASP ASVS 5.0 §7.4.3: after a change of authentication factors): true for every change to the set of
 * factors or credentials (added, removed, reset, updated, recovery codes regenerated) and for an unlock by an
 * administrator; false for the rest, which change no factor. The library keeps no sessions: ending them is the
 * application's.
 *
 * @param kind            what happened
 * @param userId          the user concerned
 * @param providerId      the factor concerned; empty for a remembered device
 * @param providerTitle   that factor's title, as its descriptor gives it (for the message); empty with no factor
 * @param credentialId    the credential added or removed, or the remembered device's id
 * @param credentialLabel the label the user gave that credential, if known
 * @param at              when the change was made
 * @param actor           who made it
 * @param details         non-secret facts, under the {@code DETAIL_*} keys of this class
 */
public record SecurityNotification(Kind kind, String userId, Optional<String> providerId,
                                   Optional<String> providerTitle, Optional<String> credentialId,
                                   Optional<String> credentialLabel, Instant at, Actor actor,
                                   Map<String, String> details) {

    /** Detail of {@link Kind#RECOVERY_CODE_USED} and {@link Kind#RECOVERY_CODES_LOW}: unused codes left. */
    public static final String DETAIL_REMAINING = "remaining";
    /** Detail of {@link Kind#REPEATED_FAILURES}: the provider's consecutive failures. */
    public static final String DETAIL_FAILURES = "failures";
    /** Detail of {@link Kind#REPEATED_FAILURES} after a lock: {@code PROVIDER} or {@code ACCOUNT}. */
    public static final String DETAIL_LOCKED = "locked";
    /** Detail of a temporary lock ({@link Kind#REPEATED_FAILURES}) or a remembered device: until when (ISO-8601). */
    public static final String DETAIL_UNTIL = "until";
    /** Detail of {@link Kind#FACTOR_REMOVED}: {@code companion-removed} when the factor went with the one it needed. */
    public static final String DETAIL_CAUSE = "cause";

    public SecurityNotification {
        Objects.requireNonNull(kind, "kind");
        MfaUser.requireId(userId);
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(providerTitle, "providerTitle");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(credentialLabel, "credentialLabel");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        details = Map.copyOf(details);
    }

    /**
     * Whether the application should offer or force ending the user's other sessions: see the class comment.
     */
    public boolean endOtherSessions() {
        switch (kind) {
            case UNLOCKED:
                return actor == Actor.ADMINISTRATOR;
            case RECOVERY_CODE_USED:
            case RECOVERY_CODES_LOW:
            case DEVICE_REMEMBERED:
            case REPEATED_FAILURES:
                return false;
            default:
                return true;
        }
    }

    /** What happened. */
    public enum Kind {
        /** A provider was set up and activated (the event {@code Activated}). */
        FACTOR_ADDED,
        /** A provider was removed by the user, or went with the last factor it could only be used beside. */
        FACTOR_REMOVED,
        /** An administrator reset a provider. */
        FACTOR_RESET,
        /** The user replaced a provider's material ({@code Mfa.update}); recovery codes have their own kind. */
        FACTOR_UPDATED,
        /** One more credential (a security key, an address) was added beside the others. */
        CREDENTIAL_ADDED,
        /** One credential was removed; the provider stays with the others. */
        CREDENTIAL_REMOVED,
        /** A locked provider (or the account) was unlocked, by the user or an administrator ({@link #actor}). */
        UNLOCKED,
        /** A new set of recovery codes replaced the old one (an update of provider {@code recovery}). */
        RECOVERY_CODES_REGENERATED,
        /** A recovery code was used to sign in (an answer accepted by provider {@code recovery}). */
        RECOVERY_CODE_USED,
        /**
         * Few recovery codes are left (the recovery provider's {@code low-codes} notice, after a use that leaves
         * at most its {@code low-threshold}); comes with the {@link #RECOVERY_CODE_USED} of that use.
         */
        RECOVERY_CODES_LOW,
        /** A device was remembered: it may skip the second factor until {@link #DETAIL_UNTIL}. */
        DEVICE_REMEMBERED,
        /**
         * Repeated wrong answers: a provider or the account was locked, or a provider's consecutive failures
         * reached a multiple of {@link Mfa.Builder#notifyEveryFailures} (at most one per operation). Someone
         * who got past the first factor is guessing the second: the password may be known.
         */
        REPEATED_FAILURES
    }

    /** Who made the change. */
    public enum Actor {
        /** The user (or the application on the user's behalf). */
        USER,
        /** An administrator ({@code MfaAdmin}). */
        ADMINISTRATOR,
        /** The library, by a rule: a lock after failures, few codes left. */
        SYSTEM
    }
}
