package org.mfa4j.policy;

/** Who must use MFA (TYPO3's {@code requireMfa} 0 to 4). */
public enum Require {
    /** 0: nobody; users who set up a factor still use it. */
    NOBODY,
    /** 1: every user. */
    ALL,
    /** 2: users who are not administrators. */
    NON_ADMINS,
    /** 3: administrators only. */
    ADMINS,
    /** 4: system maintainers only. */
    SYSTEM_MAINTAINERS
}
