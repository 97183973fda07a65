package org.mfa4j;

/**
 * What {@link Mfa#checkProof} found, and why a protected operation asked for a step-up. Only {@link #VALID}
 * lets a protected action go ahead.
 */
public enum ProofStatus {
    /** Signed by this application, for this user and session, recent enough, and the factors are unchanged. */
    VALID,
    /** The session holds no proof. */
    MISSING,
    /** Older than the action allows: ask for a fresh verification (step-up). */
    EXPIRED,
    /** Issued for another session. */
    WRONG_SESSION,
    /** The user's factors changed since (activation, deactivation, reset, an erased and re-created user). */
    FACTORS_CHANGED,
    /**
     * Signed under a key that has since been retired: genuine, but proofs count only under the current key.
     * Every session verifies again once after a key rotation.
     */
    KEY_RETIRED,
    /**
     * Valid, but not evidence this operation accepts: a proof from enrolling a factor while others were
     * active, the user's own unlock with a proof from the locked provider itself, or a proof from a
     * remembered device, which answers no question of how recently the user passed MFA.
     */
    INSUFFICIENT,
    /** Not signed by this application's keys, altered, not canonical, for another user, or not a proof at all. */
    INVALID
}
