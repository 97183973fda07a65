package org.mfa4j;

/**
 * Tells the user about a security-relevant change of their account by a channel of its own (an e-mail, a push
 * message), independent of the session that made it: NIST SP 800-63B-4 asks that binding a new authenticator, and
 * the other changes listed in {@link SecurityNotification.Kind}, be notified this way. Registered with
 * {@link Mfa.Builder#notifier}; several may be.
 *
 * <p>Called on the thread that made the change, after it was committed, once per notification; never for an
 * operation that failed or for a run of it that lost a compare-and-set and was retried. A notifier that throws is
 * logged (its class and the exception's class, nothing of the notification) and skipped: the change stands and the
 * other notifiers still run. A notifier that talks to the network should bound its time (the e-mail notifier's
 * SMTP timeouts) or hand the work to an executor of its own.
 */
@FunctionalInterface
public interface MfaNotifier {

    /** Delivers {@code notification}; must not retain the caller for long. */
    void notify(SecurityNotification notification);
}
