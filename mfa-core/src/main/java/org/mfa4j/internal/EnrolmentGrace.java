package org.mfa4j.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.EnrolmentDeadline;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaUser;
import org.mfa4j.SetupSkip;
import org.mfa4j.policy.PolicyDecision;

/**
 * Enrolment deadlines: how long a user whom the policy requires to use MFA, and who has no factor yet, may
 * put the first setup off. Kept in the user's document ({@link UserDocument#enrolment()}); an administrator
 * sets a date, a number of skips or both; each skip counts down in a compare-and-set, so of two concurrent
 * skips of the last one, one counts. Without a deadline, setup is forced as soon as the policy requires it.
 */
public final class EnrolmentGrace {

    /**
     * What the audit events of deadlines name in place of a provider id: each set, clear and counted skip is
     * an {@link MfaEvent.Notice} of kind {@code enrolment-deadline-set}, {@code enrolment-deadline-cleared} or
     * {@code setup-skipped} with the deadline's date and skips left.
     */
    public static final String ID = "enrolment";

    /** The most skips an administrator may allow at once. */
    public static final int MAX_SKIPS = 100;

    private final Engine e;

    EnrolmentGrace(Engine engine) {
        this.e = engine;
    }

    /**
     * Sets the user's date ({@code requiredFrom}) or number of skips ({@code skips}), whichever is given,
     * keeping the other part as it was. Returns what is stored now.
     */
    public EnrolmentDeadline set(String userId, Optional<Instant> requiredFrom, Optional<Integer> skips) {
        MfaUser.requireId(userId);
        skips.ifPresent(n -> {
            if (n < 0 || n > MAX_SKIPS) {
                throw new InvalidRequestException("the number of setup skips must be from 0 to " + MAX_SKIPS);
            }
        });
        return e.tx.run(userId, doc -> {
            EnrolmentDeadline next = new EnrolmentDeadline(
                    requiredFrom.or(() -> doc.enrolment().flatMap(EnrolmentDeadline::requiredFrom)),
                    skips.or(() -> doc.enrolment().flatMap(EnrolmentDeadline::skipsLeft)), e.clock.instant());
            return Step.write(doc.withEnrolment(Optional.of(next)), next,
                    notice(userId, "enrolment-deadline-set", next));
        });
    }

    /** Removes the user's deadline: false when there was none. */
    public boolean clear(String userId) {
        MfaUser.requireId(userId);
        return e.tx.run(userId, doc -> doc.enrolment().isEmpty() ? Step.none(Boolean.FALSE)
                : Step.write(doc.withEnrolment(Optional.empty()), Boolean.TRUE,
                        new MfaEvent.Notice(e.clock.instant(), userId, ID, "enrolment-deadline-cleared", Map.of())));
    }

    /** See {@code Mfa.skipSetup}. */
    public SetupSkip skip(MfaUser user) {
        PolicyDecision decision = e.policy.decide(user, e.registry.descriptors());
        return e.tx.run(user.id(), doc -> {
            if (!decision.required() || hasFactor(decision, doc)) {
                return Step.none(new SetupSkip(SetupSkip.Status.NOT_APPLICABLE, doc.enrolment()));
            }
            EnrolmentDeadline d = doc.enrolment().orElse(null);
            if (d == null || !d.allowsSkipAt(e.clock.instant())) {
                return Step.none(new SetupSkip(SetupSkip.Status.SETUP_FORCED, doc.enrolment()));
            }
            if (d.skipsLeft().isEmpty()) {
                return Step.none(new SetupSkip(SetupSkip.Status.SKIPPED, doc.enrolment()),
                        List.of(notice(user.id(), "setup-skipped", d)));
            }
            EnrolmentDeadline next = new EnrolmentDeadline(d.requiredFrom(), Optional.of(d.skipsLeft().get() - 1),
                    d.setAt());
            return Step.write(doc.withEnrolment(Optional.of(next)), new SetupSkip(SetupSkip.Status.SKIPPED,
                    Optional.of(next)), notice(user.id(), "setup-skipped", next));
        });
    }

    private MfaEvent notice(String userId, String kind, EnrolmentDeadline d) {
        Map<String, String> attributes = new LinkedHashMap<>();
        d.requiredFrom().ifPresent(at -> attributes.put("requiredFrom", at.toString()));
        d.skipsLeft().ifPresent(n -> attributes.put("skipsLeft", Integer.toString(n)));
        return new MfaEvent.Notice(e.clock.instant(), userId, ID, kind, attributes);
    }

    /** Whether a user with no factor, whom the policy requires to set one up, may skip it at {@code now}. */
    static boolean maySkip(UserDocument doc, Instant now) {
        return doc.enrolment().filter(d -> d.allowsSkipAt(now)).isPresent();
    }

    /** The line {@code explain} adds for a user who must set up a first factor. */
    static String reason(UserDocument doc, Instant now) {
        EnrolmentDeadline d = doc.enrolment().orElse(null);
        if (d == null) {
            return "no enrolment deadline is set: setup is forced now";
        }
        StringBuilder b = new StringBuilder("enrolment deadline (set ").append(d.setAt()).append("):");
        d.requiredFrom().ifPresent(at -> b.append(" MFA required from ").append(at)
                .append(now.isBefore(at) ? " (not yet)" : " (reached)"));
        d.skipsLeft().ifPresent(n -> b.append(d.requiredFrom().isPresent() ? "," : "").append(" may skip setup ")
                .append(n).append(n == 1 ? " more time" : " more times"));
        return b.append(d.allowsSkipAt(now) ? "; the user may skip setup now" : "; setup is forced now").toString();
    }

    /** Whether the user has an active factor among the allowed ones (then there is no first setup to skip). */
    static boolean hasFactor(PolicyDecision decision, UserDocument doc) {
        for (String id : decision.allowed()) {
            if (doc.provider(id).filter(ProviderRecord::active).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
