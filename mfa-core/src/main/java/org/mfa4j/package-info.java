/**
 * The application's side of mfa4j: the {@link org.mfa4j.Mfa} facade and its builder, the values it takes
 * ({@link org.mfa4j.MfaSession}) and returns ({@link org.mfa4j.MfaState}, {@link org.mfa4j.Result},
 * {@link org.mfa4j.Change}, {@link org.mfa4j.Prompt}, overviews, {@link org.mfa4j.Proof}), audit
 * events, keys ({@link org.mfa4j.SecretKeys}) and the typed exceptions, and administration
 * ({@link org.mfa4j.MfaAdmin}).
 *
 * <p>What the library does: decides whether a user needs a second factor and which, runs the providers'
 * ceremonies, counts failures and locks, issues proofs for the session and refuses every change of a user's
 * factors without a fresh one, and publishes what happened. What it does not do: check passwords or any
 * first factor, own users or sessions, render pages, or decide who is an administrator. The application
 * hands in user values and session ids and keeps the proof in its session.
 */
package org.mfa4j;
