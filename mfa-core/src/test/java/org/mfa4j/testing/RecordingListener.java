package org.mfa4j.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaEventListener;

/** Keeps every event it receives, for assertions. Thread-safe. */
public final class RecordingListener implements MfaEventListener {

    private final List<MfaEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(MfaEvent event) {
        events.add(event);
    }

    public List<MfaEvent> events() {
        return List.copyOf(events);
    }

    public <T extends MfaEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public void clear() {
        events.clear();
    }
}
