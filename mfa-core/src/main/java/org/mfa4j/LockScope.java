package org.mfa4j;

/** What a lock covers. */
public enum LockScope {
    /** One provider of one user; the user's other providers stay usable. */
    PROVIDER,
    /** Every provider of the user: the account-wide ceiling of consecutive failures was reached. */
    ACCOUNT
}
