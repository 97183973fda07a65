package org.mfa4j.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.LockScope;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaNotifier;
import org.mfa4j.SecurityNotification;
import org.mfa4j.SecurityNotification.Actor;
import org.mfa4j.SecurityNotification.Kind;
import org.mfa4j.spi.ProviderDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one committed batch of events (what one operation published) into security notifications and hands each
 * to every notifier. It sees only what {@link EventDispatcher} publishes, after the commit: a run that lost its
 * compare-and-set published nothing, so it notifies nothing.
 */
public final class Notifications {

    /** The provider id of the recovery-codes module, whose uses, updates and notices have kinds of their own. */
    static final String RECOVERY = "recovery";
    /** The recovery provider's notice when few codes are left. */
    static final String LOW_CODES = "low-codes";

    /** Created with the first notifier failure: slf4j starts its backend on the first logger. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    }

    private final List<MfaNotifier> notifiers;
    private final int everyFailures;
    private volatile Map<String, String> titles = Map.of();

    /**
     * @param everyFailures a provider's consecutive failures that are notified at each multiple (0: locks only)
     */
    public Notifications(List<MfaNotifier> notifiers, int everyFailures) {
        this.notifiers = List.copyOf(notifiers);
        this.everyFailures = everyFailures;
    }

    /** The registered providers' titles, for the notifications; set once, before the first operation. */
    public void titles(List<ProviderDescriptor> descriptors) {
        Map<String, String> t = new HashMap<>();
        for (ProviderDescriptor d : descriptors) {
            t.put(d.id(), d.title());
        }
        titles = Map.copyOf(t);
    }

    void publish(List<MfaEvent> events) {
        List<SecurityNotification> out = notificationsOf(events);
        for (SecurityNotification n : out) {
            for (MfaNotifier notifier : notifiers) {
                try {
                    notifier.notify(n);
                } catch (RuntimeException ex) {
                    Log.LOG.warn("mfa4j notifier {} failed on {} for user {}: {}", notifier.getClass().getName(),
                            n.kind(), n.userId(), ex.getClass().getName());
                }
            }
        }
    }

    /** What one batch tells the user; a batch's failure and locks give at most one {@code REPEATED_FAILURES}. */
    List<SecurityNotification> notificationsOf(List<MfaEvent> events) {
        List<SecurityNotification> out = new ArrayList<>(1);
        boolean byAdministrator = false;
        for (MfaEvent e : events) {
            byAdministrator |= e instanceof MfaEvent.Reset;
        }
        MfaEvent.Failed failed = null;
        MfaEvent.Locked locked = null;
        for (MfaEvent e : events) {
            if (e instanceof MfaEvent.Failed f) {
                failed = f;
            } else if (e instanceof MfaEvent.Locked l) {
                // The account's lock says more than the provider's of the same answer.
                locked = locked == null || l.scope() == LockScope.ACCOUNT ? l : locked;
            } else {
                SecurityNotification n = change(e, byAdministrator ? Actor.ADMINISTRATOR : Actor.USER);
                if (n != null) {
                    out.add(n);
                }
            }
        }
        if (locked != null || failed != null && everyFailures > 0 && failed.failures() % everyFailures == 0) {
            out.add(failures(failed, locked));
        }
        return out;
    }

    private SecurityNotification failures(MfaEvent.Failed failed, MfaEvent.Locked locked) {
        Map<String, String> details = new HashMap<>();
        if (failed != null) {
            details.put(SecurityNotification.DETAIL_FAILURES, Integer.toString(failed.failures()));
        }
        if (locked != null) {
            details.put(SecurityNotification.DETAIL_LOCKED, locked.scope().name());
            locked.until().ifPresent(u -> details.put(SecurityNotification.DETAIL_UNTIL, u.toString()));
        }
        MfaEvent e = locked != null ? locked : failed;
        return of(Kind.REPEATED_FAILURES, e, locked != null ? locked.providerId() : failed.providerId(), Actor.SYSTEM,
                details);
    }

    /** The notification of one event that is not about failures, or null when it tells the user nothing. */
    private SecurityNotification change(MfaEvent e, Actor removedBy) {
        if (e instanceof MfaEvent.Activated a) {
            return of(Kind.FACTOR_ADDED, e, a.providerId(), Actor.USER, Map.of());
        } else if (e instanceof MfaEvent.CredentialChanged c) {
            if (c.kind() == MfaEvent.CredentialChanged.Kind.RENAMED) {
                return null;
            }
            Kind kind = c.kind() == MfaEvent.CredentialChanged.Kind.ADDED ? Kind.CREDENTIAL_ADDED
                    : Kind.CREDENTIAL_REMOVED;
            return new SecurityNotification(kind, c.userId(), Optional.of(c.providerId()), title(c.providerId()),
                    Optional.of(c.credentialId()), c.label(), c.at(), Actor.USER, Map.of());
        } else if (e instanceof MfaEvent.Deactivated d) {
            return d.cause() == MfaEvent.Deactivated.Cause.USER
                    ? of(Kind.FACTOR_REMOVED, e, d.providerId(), Actor.USER, Map.of())
                    : of(Kind.FACTOR_REMOVED, e, d.providerId(), removedBy,
                            Map.of(SecurityNotification.DETAIL_CAUSE, "companion-removed"));
        } else if (e instanceof MfaEvent.Reset r) {
            return of(Kind.FACTOR_RESET, e, r.providerId(), Actor.ADMINISTRATOR, Map.of());
        } else if (e instanceof MfaEvent.Updated u) {
            return of(RECOVERY.equals(u.providerId()) ? Kind.RECOVERY_CODES_REGENERATED : Kind.FACTOR_UPDATED, e,
                    u.providerId(), Actor.USER, Map.of());
        } else if (e instanceof MfaEvent.Unlocked u) {
            return of(Kind.UNLOCKED, e, u.providerId(),
                    u.by() == MfaEvent.Unlocked.By.ADMINISTRATOR ? Actor.ADMINISTRATOR : Actor.USER, Map.of());
        } else if (e instanceof MfaEvent.Verified v) {
            return RECOVERY.equals(v.providerId())
                    ? of(Kind.RECOVERY_CODE_USED, e, v.providerId(), Actor.USER, remaining(v.details())) : null;
        } else if (e instanceof MfaEvent.Notice n) {
            return LOW_CODES.equals(n.kind())
                    ? of(Kind.RECOVERY_CODES_LOW, e, n.providerId(), Actor.SYSTEM, remaining(n.attributes())) : null;
        } else if (e instanceof MfaEvent.DeviceRemembered d) {
            return new SecurityNotification(Kind.DEVICE_REMEMBERED, d.userId(), Optional.empty(), Optional.empty(),
                    Optional.of(d.deviceId()), Optional.empty(), d.at(), Actor.USER,
                    Map.of(SecurityNotification.DETAIL_UNTIL, d.expires().toString()));
        }
        return null;
    }

    private SecurityNotification of(Kind kind, MfaEvent e, String providerId, Actor actor, Map<String, String> details) {
        return new SecurityNotification(kind, e.userId(), Optional.of(providerId), title(providerId), Optional.empty(),
                Optional.empty(), e.at(), actor, details);
    }

    private Optional<String> title(String providerId) {
        return Optional.ofNullable(titles.get(providerId));
    }

    /** Only the count of codes left, when the provider gave one. */
    private static Map<String, String> remaining(Map<String, String> facts) {
        String n = facts.get(SecurityNotification.DETAIL_REMAINING);
        return n == null ? Map.of() : Map.of(SecurityNotification.DETAIL_REMAINING, n);
    }
}
