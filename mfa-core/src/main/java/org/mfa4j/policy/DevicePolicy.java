package org.mfa4j.policy;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.mfa4j.MfaUser;

/**
 * Who may have a device remembered ("remember this browser", {@code Mfa.devices()}) and for how long.
 * A remembered device lets its user skip the second factor on that device until it expires, the user's
 * factors change, or it is revoked; it never counts as a recent verification for a protected operation.
 * Immutable; build with {@link #builder()}.
 */
public final class DevicePolicy {

    /** The longest lifetime accepted: 400 days (browsers cap cookies there). */
    public static final Duration MAX_LIFETIME = Duration.ofDays(400);

    private static final DevicePolicy DEFAULTS = builder().build();

    private final Duration lifetime;
    private final boolean administrators;
    private final boolean systemMaintainers;
    private final Set<String> groups;
    private final Set<String> users;

    private DevicePolicy(Builder b) {
        this.lifetime = b.lifetime;
        this.administrators = b.administrators;
        this.systemMaintainers = b.systemMaintainers;
        this.groups = Set.copyOf(b.groups);
        this.users = Set.copyOf(b.users);
    }

    /** Every user may remember devices, for 30 days. */
    public static DevicePolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How long a remembered device counts. */
    public Duration lifetime() {
        return lifetime;
    }

    /** Whether {@code user} may remember a device, and sign in with one remembered before. */
    public boolean allows(MfaUser user) {
        if ((administrators && user.isAdministrator()) || (systemMaintainers && user.isSystemMaintainer())
                || users.contains(user.id())) {
            return false;
        }
        for (String g : user.groups()) {
            if (groups.contains(g)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "DevicePolicy[lifetime=" + lifetime + (administrators ? ", not administrators" : "")
                + (systemMaintainers ? ", not system maintainers" : "") + ", forbidden groups=" + groups.size()
                + ", users=" + users.size() + "]";
    }

    /** Builds a {@link DevicePolicy}. */
    public static final class Builder {
        private Duration lifetime = Duration.ofDays(30);
        private boolean administrators;
        private boolean systemMaintainers;
        private final Set<String> groups = new LinkedHashSet<>();
        private final Set<String> users = new LinkedHashSet<>();

        private Builder() {
        }

        /**
         * How long a remembered device counts from the moment it is remembered (its last use does not extend
         * it). The default is 30 days; at most {@link #MAX_LIFETIME}.
         */
        public Builder lifetime(Duration lifetime) {
            Objects.requireNonNull(lifetime, "lifetime");
            if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
                throw new IllegalArgumentException("device lifetime must be positive and at most " + MAX_LIFETIME);
            }
            this.lifetime = lifetime;
            return this;
        }

        /** Administrators may not remember devices; those they remembered before stop counting. */
        public Builder forbidAdministrators() {
            this.administrators = true;
            return this;
        }

        /** System maintainers may not remember devices. */
        public Builder forbidSystemMaintainers() {
            this.systemMaintainers = true;
            return this;
        }

        /** Members of {@code group} may not remember devices. */
        public Builder forbidGroup(String group) {
            groups.add(Objects.requireNonNull(group, "group"));
            return this;
        }

        /** The user with this id may not remember devices. */
        public Builder forbidUser(String userId) {
            users.add(MfaUser.requireId(userId));
            return this;
        }

        public DevicePolicy build() {
            return new DevicePolicy(this);
        }
    }
}
