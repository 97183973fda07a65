package org.mfa4j.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mfa4j.LockScope;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.Outcome;

/**
 * Every lock predicate and failure counter, once: consecutive failures per provider (locked at the limit,
 * for a growing wait when temporary lockout is configured), the account-wide ceiling, and the login flow's
 * budget. A success resets the provider's and the account's counts (see {@link SignIn}).
 */
final class Lockout {

    private final LockoutPolicy policy;

    Lockout(LockoutPolicy policy) {
        this.policy = policy;
    }

    int maxFailures() {
        return policy.maxFailures();
    }

    /** At the account-wide ceiling: nothing of the user's signs in or changes until an administrator unlocks. */
    boolean accountLocked(UserDocument doc) {
        return doc.accountFailures() >= policy.accountCeiling();
    }

    /** The provider's own lock: at the limit, and either until an unlock or until its wait ends. */
    boolean providerLocked(ProviderRecord rec, Instant now) {
        if (rec.failures() < policy.maxFailures()) {
            return false;
        }
        return rec.lockedUntil().map(now::isBefore).orElse(true);
    }

    /** Either lock. */
    boolean locked(UserDocument doc, ProviderRecord rec, Instant now) {
        return accountLocked(doc) || providerLocked(rec, now);
    }

    /** Before an answer is evaluated: a temporary lockout that ran out starts the count again (its number stays). */
    ProviderRecord afterWait(ProviderRecord rec) {
        return rec.failures() >= policy.maxFailures() ? rec.withFailures(0, Optional.empty(), rec.lockouts()) : rec;
    }

    /**
     * One wrong answer, counted everywhere it counts: the provider (and its lock), the account (and its
     * ceiling), the flow (and its reset, which voids every code issued in it).
     */
    Step<Result> failed(MfaUser user, String providerId, UserDocument base, ProviderRecord staged, Outcome out,
                        Instant now) {
        FailureReason reason = out.reason().orElseThrow();
        int failures = staged.failures() + 1;
        int lockouts = staged.lockouts();
        Optional<Instant> until = Optional.empty();
        boolean locked = failures >= policy.maxFailures();
        if (locked && policy.temporaryLockout().isPresent()) {
            lockouts++;
            until = Optional.of(now.plus(policy.lockoutWait(lockouts)));
        }
        int accountFailures = base.accountFailures() + 1;
        boolean accountLocked = accountFailures >= policy.accountCeiling();
        FlowState flow = base.flow().orElseThrow();
        int flowFailures = flow.failures() + 1;
        boolean flowReset = flowFailures >= policy.flowBudget();

        UserDocument next = base.withProvider(providerId, staged.withFailures(failures, until, lockouts))
                .withAccountFailures(accountFailures).withFlow(Optional.of(flow.withFailures(flowFailures)));
        List<MfaEvent> raised = new ArrayList<>();
        raised.add(new MfaEvent.Failed(now, user.id(), providerId, reason, failures));
        if (locked) {
            raised.add(new MfaEvent.Locked(now, user.id(), providerId, LockScope.PROVIDER, until));
        }
        if (accountLocked) {
            raised.add(new MfaEvent.Locked(now, user.id(), providerId, LockScope.ACCOUNT, Optional.empty()));
        }
        if (flowReset) {
            next = LoginFlow.voidChallenges(next).withFlow(Optional.empty());
            raised.add(new MfaEvent.FlowReset(now, user.id(), flowFailures));
        }
        Result result;
        if (accountLocked) {
            result = Result.locked(providerId, LockScope.ACCOUNT, Optional.empty());
        } else if (locked) {
            result = Result.locked(providerId, LockScope.PROVIDER, until);
        } else {
            result = Result.refused(flowReset ? Status.FLOW_RESET : statusOf(reason), providerId, out.reason(),
                    policy.maxFailures() - failures, out.details());
        }
        return Step.write(next, result, raised);
    }

    static Status statusOf(FailureReason reason) {
        return switch (reason) {
            case EXPIRED -> Status.EXPIRED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            default -> Status.REJECTED;
        };
    }
}
