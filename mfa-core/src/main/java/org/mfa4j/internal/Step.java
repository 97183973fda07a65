package org.mfa4j.internal;

import java.util.List;
import org.mfa4j.MfaEvent;

/**
 * What one run of an operation decided: the next document (null: no write), the value to return, the events
 * to publish and an action to run once after the write (a delivery). {@link Transaction} applies it.
 *
 * @param <T> the operation's value
 */
public final class Step<T> {

    final UserDocument next;
    final T value;
    final List<MfaEvent> events;
    /** Runs once, after the write succeeded (a delivery): never for a run that lost its compare-and-set. */
    final Runnable afterCommit;

    private Step(UserDocument next, T value, List<MfaEvent> events, Runnable afterCommit) {
        this.next = next;
        this.value = value;
        this.events = List.copyOf(events);
        this.afterCommit = afterCommit;
    }

    /** This step, with {@code action} run once after its write is committed. */
    Step<T> afterCommit(Runnable action) {
        return new Step<>(next, value, events, action);
    }

    /** No write: the answer rests on the document as read. */
    static <T> Step<T> none(T value) {
        return new Step<>(null, value, List.of(), null);
    }

    /** No write, but events that report the refusal itself (a step-up asked for). */
    static <T> Step<T> none(T value, List<MfaEvent> events) {
        return new Step<>(null, value, events, null);
    }

    static <T> Step<T> write(UserDocument next, T value, MfaEvent... events) {
        return new Step<>(next, value, List.of(events), null);
    }

    static <T> Step<T> write(UserDocument next, T value, List<MfaEvent> events) {
        return new Step<>(next, value, events, null);
    }
}
