/**
 * Optional Micrometer metrics for mfa4j: {@link org.mfa4j.micrometer.MfaMetrics} turns the core's audit
 * events into counters and times {@code Mfa.verify} and {@code Mfa.prompt} for the application that calls
 * them through it. Public: that one class. It reads only the core's public API ({@code org.mfa4j}), never a
 * user id, destination or secret into a tag, and registers nothing by itself: the application hands it the
 * {@code MeterRegistry} and registers the listener. It does not export meters anywhere; that is the registry's
 * job (Prometheus, OTLP, ...).
 */
package org.mfa4j.micrometer;
