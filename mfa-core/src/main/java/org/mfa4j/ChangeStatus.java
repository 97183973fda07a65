package org.mfa4j;

/** How an operation on a user's factors ended. A {@code switch} over it covers every case. */
public enum ChangeStatus {
    /** The change was made. */
    DONE,
    /** There was nothing to change (the provider was not set up, or not locked); nothing was written. */
    UNCHANGED,
    /**
     * The session holds no proof that allows this change; nothing was changed. Verify with one of the
     * user's factors, keep the new proof in the session and try again. {@link Change#stepUp()} says why.
     */
    STEP_UP_REQUIRED,
    /** The account (or the factor needed) is locked; nothing was changed. */
    LOCKED,
    /**
     * The setup had to send a code and a send budget refused it: nothing was sent and the pending setup is
     * void; {@link Change#view()} names the budget ({@code refusedBy}). Try later.
     */
    THROTTLED,
    /** The setup's code could not be delivered (mail server or SMS API down): the pending setup is void. */
    NOT_DELIVERED
}
