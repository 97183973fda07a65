package org.mfa4j;

/** How an activation or verification ended. A {@code switch} over it covers every case. */
public enum Status {
    /** The answer was right; the result carries a proof for the session. */
    ACCEPTED,
    /** The answer was wrong, malformed, replayed or denied; see the reason and the attempts left. */
    REJECTED,
    /** The answer was right once, but its time is over (a sent code expired): ask for a new one. */
    EXPIRED,
    /**
     * The provider's remote side could not be asked or is down (Duo unreachable or unhealthy): nothing was
     * confirmed, the answer refused or the prompt not prepared. Try again later, or with another provider.
     */
    UNAVAILABLE,
    /** The provider (or the whole account) is locked; the answer was not evaluated. */
    LOCKED,
    /** This login flow used up its failure budget: every code issued in it is void; start again. */
    FLOW_RESET,
    /** The user has no active entry for this provider. */
    NOT_ACTIVE,
    /** The policy does not allow this provider for this user, or its companion rules forbid this step. */
    NOT_ALLOWED,
    /**
     * An activation while the user has active factors needs a recent proof from one of them: nothing was
     * evaluated or changed; see {@link Result#stepUp()}.
     */
    STEP_UP_REQUIRED,
    /**
     * A prompt that would send a code was refused by a send budget (per user, destination, prefix, overall,
     * or the provider's own): nothing was sent; see the prompt's {@code refusedBy}. Also a passkey prompt
     * refused because its share of passkey requests stayed full while other prompts raced for it: nothing was
     * stored. Try later.
     */
    THROTTLED,
    /** The code could not be delivered (the mail server or SMS API failed): it is void; try again. */
    NOT_DELIVERED
}
