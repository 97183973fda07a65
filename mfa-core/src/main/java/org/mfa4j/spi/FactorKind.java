package org.mfa4j.spi;

/** What the factor proves the user has, knows or is. */
public enum FactorKind {
    /** Something the user knows (a recovery code written down). */
    KNOWLEDGE,
    /** Something the user has (an authenticator app, a security key, a phone). */
    POSSESSION,
    /** Something the user is (a platform authenticator's biometric). */
    INHERENCE
}
