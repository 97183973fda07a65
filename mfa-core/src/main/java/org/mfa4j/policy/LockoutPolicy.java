package org.mfa4j.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How failures are counted and what they lock. Immutable; build with {@link #builder()}.
 */
public final class LockoutPolicy {

    /** NIST SP 800-63B: no more than 100 consecutive failed attempts on one account. */
    public static final int MAX_ACCOUNT_CEILING = 100;

    private static final LockoutPolicy DEFAULTS = builder().build();

    private final int maxFailures;
    private final int accountCeiling;
    private final int flowBudget;
    private final Duration temporaryLockout;
    private final Duration maxTemporaryLockout;

    private LockoutPolicy(Builder b) {
        this.maxFailures = b.maxFailures;
        this.accountCeiling = b.accountCeiling;
        this.flowBudget = b.flowBudget;
        this.temporaryLockout = b.temporaryLockout;
        this.maxTemporaryLockout = b.maxTemporaryLockout;
    }

    public static LockoutPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Consecutive failures on one provider that lock it. The default is 3 (TYPO3). */
    public int maxFailures() {
        return maxFailures;
    }

    /** Consecutive failures across all providers that lock the account. The default and maximum is 100. */
    public int accountCeiling() {
        return accountCeiling;
    }

    /** Failures allowed in one login flow before it resets and voids its codes. The default is 5. */
    public int flowBudget() {
        return flowBudget;
    }

    /**
     * The first temporary lockout; each further lockout doubles it, up to {@link #maxTemporaryLockout()}.
     * Empty (the default): a locked provider stays locked until unlocked.
     */
    public Optional<Duration> temporaryLockout() {
        return Optional.ofNullable(temporaryLockout);
    }

    /** The longest temporary lockout. The default is one day. */
    public Duration maxTemporaryLockout() {
        return maxTemporaryLockout;
    }

    /** The wait for the {@code n}-th consecutive lockout (1-based): base × 2^(n−1), capped. */
    public Duration lockoutWait(int n) {
        if (temporaryLockout == null) {
            throw new IllegalStateException("temporary lockout is not configured");
        }
        Duration d = temporaryLockout;
        for (int i = 1; i < n && d.compareTo(maxTemporaryLockout) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxTemporaryLockout) > 0 ? maxTemporaryLockout : d;
    }

    @Override
    public String toString() {
        return "LockoutPolicy[maxFailures=" + maxFailures + ", accountCeiling=" + accountCeiling + ", flowBudget="
                + flowBudget + ", temporaryLockout=" + (temporaryLockout == null ? "off" : temporaryLockout) + "]";
    }

    /** Builds a {@link LockoutPolicy}. */
    public static final class Builder {
        private int maxFailures = 3;
        private int accountCeiling = MAX_ACCOUNT_CEILING;
        private int flowBudget = 5;
        private Duration temporaryLockout;
        private Duration maxTemporaryLockout = Duration.ofDays(1);

        private Builder() {
        }

        /** 1 to 100. */
        public Builder maxFailures(int maxFailures) {
            if (maxFailures < 1 || maxFailures > MAX_ACCOUNT_CEILING) {
                throw new IllegalArgumentException("maxFailures must be 1 to " + MAX_ACCOUNT_CEILING);
            }
            this.maxFailures = maxFailures;
            return this;
        }

        /** 1 to 100 (NIST SP 800-63B). */
        public Builder accountCeiling(int accountCeiling) {
            if (accountCeiling < 1 || accountCeiling > MAX_ACCOUNT_CEILING) {
                throw new IllegalArgumentException("accountCeiling must be 1 to " + MAX_ACCOUNT_CEILING
                        + " (NIST SP 800-63B allows at most 100 consecutive failures)");
            }
            this.accountCeiling = accountCeiling;
            return this;
        }

        /** 1 to 100. */
        public Builder flowBudget(int flowBudget) {
            if (flowBudget < 1 || flowBudget > MAX_ACCOUNT_CEILING) {
                throw new IllegalArgumentException("flowBudget must be 1 to " + MAX_ACCOUNT_CEILING);
            }
            this.flowBudget = flowBudget;
            return this;
        }

        /** Turns on temporary lockout with this first wait (1 second to 1 day); doubles per lockout. */
        public Builder temporaryLockout(Duration first, Duration max) {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(max, "max");
            if (first.isNegative() || first.isZero() || first.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("temporary lockout must be between 1 second and 1 day");
            }
            if (max.compareTo(first) < 0) {
                throw new IllegalArgumentException("the longest temporary lockout cannot be shorter than the first");
            }
            this.temporaryLockout = first;
            this.maxTemporaryLockout = max;
            return this;
        }

        public LockoutPolicy build() {
            return new LockoutPolicy(this);
        }
    }
}
