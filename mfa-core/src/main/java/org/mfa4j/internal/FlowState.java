package org.mfa4j.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * The user's current login flow: which session it belongs to (a digest of the application's session id,
 * never the id itself) and how many answers failed in it.
 */
public record FlowState(String flowId, int failures, Instant started) {

    public FlowState {
        Objects.requireNonNull(flowId, "flowId");
        Objects.requireNonNull(started, "started");
        if (failures < 0) {
            throw new IllegalArgumentException("failures cannot be negative");
        }
    }

    public FlowState withFailures(int failures) {
        return new FlowState(flowId, failures, started);
    }
}
