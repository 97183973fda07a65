package org.mfa4j.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed events: one line each to the {@code org.mfa4j.audit} logger, then to every listener.
 * Events raised during an operation are buffered per thread and published only once it committed.
 */
public final class EventDispatcher {

    /**
     * The loggers, created when the first event is published: slf4j's first {@code LoggerFactory} call looks
     * up and starts the logging backend, which is no part of building an {@code Mfa}. The JVM initialises a
     * class once, so every thread sees the same loggers.
     */
    private static final class Loggers {
        static final Logger AUDIT = LoggerFactory.getLogger("org.mfa4j.audit");
        static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    }

    private final List<MfaEventListener> listeners;
    private final Notifications notifications;
    private final ThreadLocal<Buffer> buffer = new ThreadLocal<>() {
        @Override
        protected Buffer initialValue() {
            return new Buffer();
        }
    };

    public EventDispatcher(List<MfaEventListener> listeners) {
        this(listeners, null);
    }

    /** With {@code notifications} (null for none), told of every committed batch after the listeners. */
    public EventDispatcher(List<MfaEventListener> listeners, Notifications notifications) {
        this.listeners = List.copyOf(listeners);
        this.notifications = notifications;
    }

    /** Starts buffering this thread's events (an operation began); hand what it returns to {@link #end}. */
    public Buffer begin() {
        Buffer b = buffer.get();
        b.open = true;
        b.events = null;
        return b;
    }

    /**
     * Stops buffering and returns what was raised since {@link #begin()} returned {@code b} (this thread's
     * buffer), to publish once committed.
     */
    public List<MfaEvent> end(Buffer b) {
        List<MfaEvent> raised = b.events == null ? List.of() : b.events;
        b.open = false;
        b.events = null;
        return raised;
    }

    public void raise(MfaEvent event) {
        Buffer b = buffer.get();
        if (b.open) {
            if (b.events == null) {
                b.events = new ArrayList<>(2);
            }
            b.events.add(event);
        } else {
            publish(List.of(event));
        }
    }

    /** One thread's buffer: kept for the thread's life, so an operation costs no thread-local set or remove. */
    public static final class Buffer {
        boolean open;
        List<MfaEvent> events;
    }

    public void publish(List<MfaEvent> events) {
        for (MfaEvent e : events) {
            if (Loggers.AUDIT.isInfoEnabled()) {
                Loggers.AUDIT.info("mfa4j event={} user={}{}", e.name(), e.userId(), describe(e));
            }
            for (MfaEventListener l : listeners) {
                try {
                    l.onEvent(e);
                } catch (RuntimeException ex) {
                    Loggers.LOG.warn("mfa4j event listener {} failed on event {}: {}", l.getClass().getName(), e.name(),
                            ex.getClass().getName());
                }
            }
        }
        if (notifications != null) {
            notifications.publish(events);
        }
    }

    private static String describe(MfaEvent e) {
        if (e instanceof MfaEvent.Activated a) {
            return " provider=" + a.providerId();
        } else if (e instanceof MfaEvent.CredentialChanged c) {
            return " provider=" + c.providerId() + " credential=" + c.credentialId();
        } else if (e instanceof MfaEvent.SendRefused r) {
            return " provider=" + r.providerId() + " budget=" + r.budget();
        } else if (e instanceof MfaEvent.DeliveryFailed f) {
            return " provider=" + f.providerId() + " cause=" + f.cause();
        } else if (e instanceof MfaEvent.CodeSent c) {
            return " provider=" + c.providerId() + " channel=" + c.channel();
        } else if (e instanceof MfaEvent.Deactivated d) {
            return " provider=" + d.providerId() + " cause=" + d.cause();
        } else if (e instanceof MfaEvent.Reset r) {
            return " provider=" + r.providerId();
        } else if (e instanceof MfaEvent.Updated u) {
            return " provider=" + u.providerId();
        } else if (e instanceof MfaEvent.Verified v) {
            return " provider=" + v.providerId() + attributes(v.details());
        } else if (e instanceof MfaEvent.Failed f) {
            return " provider=" + f.providerId() + " reason=" + f.reason() + " failures=" + f.failures();
        } else if (e instanceof MfaEvent.Locked l) {
            return " provider=" + l.providerId() + " scope=" + l.scope() + l.until().map(u -> " until=" + u).orElse("");
        } else if (e instanceof MfaEvent.Unlocked u) {
            return " provider=" + u.providerId() + " by=" + u.by();
        } else if (e instanceof MfaEvent.FlowReset r) {
            return " failures=" + r.failures();
        } else if (e instanceof MfaEvent.StepUpRequired s) {
            return " provider=" + s.providerId() + " operation=" + s.operation() + " why=" + s.why();
        } else if (e instanceof MfaEvent.Notice n) {
            return " provider=" + n.providerId() + " kind=" + n.kind() + attributes(n.attributes());
        }
        return describeBypass(e);
    }

    /** Remembered devices and break-glass codes: ids, names and times, never a token or a code. */
    private static String describeBypass(MfaEvent e) {
        if (e instanceof MfaEvent.DeviceRemembered d) {
            return " device=" + d.deviceId() + " expires=" + d.expires();
        } else if (e instanceof MfaEvent.DeviceSignedIn d) {
            return " device=" + d.deviceId();
        } else if (e instanceof MfaEvent.DeviceRefused d) {
            return " status=" + d.status();
        } else if (e instanceof MfaEvent.DevicesRevoked d) {
            return " devices=" + d.deviceIds() + " by=" + (d.byAdministrator() ? "ADMINISTRATOR" : "USER");
        } else if (e instanceof MfaEvent.BreakGlassIssued b) {
            return " code=" + b.codeId() + " by=" + b.issuedBy() + " expires=" + b.expires() + " replaced="
                    + b.replaced();
        } else if (e instanceof MfaEvent.BreakGlassUsed b) {
            return " code=" + b.codeId() + " issued-by=" + b.issuedBy() + " issued=" + b.issuedAt();
        } else if (e instanceof MfaEvent.BreakGlassRefused b) {
            return " status=" + b.status();
        } else if (e instanceof MfaEvent.BreakGlassRevoked b) {
            return " code=" + b.codeId() + " by=" + b.revokedBy();
        } else if (e instanceof MfaEvent.PasskeyRefused p) {
            return " reason=" + p.reason() + p.handleHash().map(h -> " handle-hash=" + h).orElse("");
        }
        return "";
    }

    private static String attributes(Map<String, String> attributes) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(attributes).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }
}
