/**
 * Where users' MFA state lives: the built-in implementations of {@link org.mfa4j.store.MfaStore} (one
 * versioned document per user, loaded and written by compare-and-set, deleted with a tombstone), {@link org.mfa4j.store.InMemoryMfaStore} for
 * tests and single-JVM demos and {@link org.mfa4j.store.JdbcMfaStore} (embedded H2, PostgreSQL for
 * production and several nodes), and the SPI for a store of your own: {@link org.mfa4j.store.MfaStore},
 * {@link org.mfa4j.store.Document} (opaque: the engine's counters, locks and flows have no public type) and
 * {@link org.mfa4j.store.VersionedDocument}. A store keeps documents; it does not interpret them, decide
 * anything, or open secrets (they are sealed before they reach it). Besides one document per user it keeps
 * the engine's own shared documents (send budgets) under ids no user id can take
 * ({@link org.mfa4j.store.MfaStore#ENGINE_ID_PREFIX}). Every store should pass {@code MfaStoreContractTest}
 * from the core's test-jar.
 */
package org.mfa4j.store;
