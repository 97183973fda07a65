/**
 * Where users' MFA state lives: the built-in implementations of {@link org.mfa4j.store.MfaStore} (one
 * versioned document per user, loaded and written by compare-and-set, deleted with a tombstone), {@link org.mfa4j.store.InMemoryMfaStore} for
 * tests and single-JVM demos and {@link org.mfa4j.store.JdbcMfaStore} (embedded H2, PostgreSQL for
 * production and several nodes). A store keeps documents; it does not interpret them, decide anything, or
 * open secrets (they are sealed before they reach it).
 */
package org.mfa4j.store;
