package org.mfa4j.spi;

/** Why a provider refused an answer. Every refusal counts toward lockout. */
public enum FailureReason {
    /** Well-formed, but not the expected answer. */
    WRONG_CODE,
    /** Not of the expected form (length, charset, size); never evaluated. */
    MALFORMED_INPUT,
    /** A one-time value that was already used (a TOTP step, a recovery code). */
    REPLAY,
    /** The value was right once but its time is over. */
    EXPIRED,
    /** The provider needs a challenge first, and none is pending in this flow. */
    NO_CHALLENGE,
    /** The remote party (Duo, a security key) said no. */
    DENIED,
    /**
     * A security key's signature counter did not increase since its last use: the key may have been cloned
     * (WebAuthn). Refused like any failure; providers also publish a notice.
     */
    COUNTER_REGRESSION,
    /**
     * The remote party could not be asked, or gave no answer that could be read (a network failure, a
     * timeout, a broken answer): nothing was confirmed, so the answer is refused (fail closed). A refusal
     * like the others, so it counts; the result's status is {@link org.mfa4j.Status#UNAVAILABLE}.
     */
    UNAVAILABLE
}
