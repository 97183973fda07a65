package org.mfa4j;

/**
 * Receives audit events, on the thread that made the change, after it was committed. A listener that
 * throws is logged and skipped: the committed change stands.
 */
@FunctionalInterface
public interface MfaEventListener {

    void onEvent(MfaEvent event);
}
