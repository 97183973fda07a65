package org.mfa4j;

/** What {@link Mfa#checkProof} found. Only {@link #VALID} lets a protected action go ahead. */
public enum ProofStatus {
    /** Signed by this application, for this session, recent enough, and the factors are unchanged. */
    VALID,
    /** Older than the action allows: ask for a fresh verification (step-up). */
    EXPIRED,
    /** Issued for another session. */
    WRONG_SESSION,
    /** The user's factors changed since (activation, deactivation, reset). */
    FACTORS_CHANGED,
    /** Not signed by this application's keys, altered, or not a proof at all. */
    INVALID
}
