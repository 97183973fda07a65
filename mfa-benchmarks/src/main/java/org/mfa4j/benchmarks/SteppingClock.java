package org.mfa4j.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a benchmark moves forward by hand, one TOTP period at a time. Confined to one benchmark thread
 * (JMH {@code Scope.Thread} state), so its field is plain: a volatile read per {@code instant()} would be
 * a cost the application's {@code Clock.systemUTC()} does not have either way.
 */
public final class SteppingClock extends Clock {

    private long epochSecond;

    public SteppingClock(Instant start) {
        this.epochSecond = start.getEpochSecond();
    }

    /** Moves the clock forward by {@code seconds}. */
    public void advance(long seconds) {
        epochSecond += seconds;
    }

    /** Whole seconds since the epoch. */
    public long epochSecond() {
        return epochSecond;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("benchmark clock is UTC only");
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(epochSecond);
    }
}
