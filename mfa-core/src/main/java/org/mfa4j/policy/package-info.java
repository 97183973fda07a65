/**
 * Policies as immutable values: who must use MFA and with which providers
 * ({@link org.mfa4j.policy.EnforcementPolicy}, TYPO3's {@code requireMfa} levels, overridable per group and
 * user), and how failures are counted ({@link org.mfa4j.policy.LockoutPolicy}). They decide; the engine
 * applies them. They do not know users' state, and do nothing on their own.
 */
package org.mfa4j.policy;
