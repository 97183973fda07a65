package org.mfa4j;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mfa4j.spi.Identifiers;

/**
 * The user as the application hands it in. mfa4j never owns the user table: the id is the application's
 * stable key, the rest is what the policy and the providers need. Immutable.
 *
 * <p>{@code toString} shows the id and roles only; contact data is masked.
 */
public final class MfaUser {

    /** The longest user id accepted, in bytes of UTF-8. */
    public static final int MAX_ID_LENGTH = 255;

    private final String id;
    private final String accountLabel;
    private final boolean administrator;
    private final boolean systemMaintainer;
    private final Set<String> groups;
    private final String phoneNumber;
    private final String email;

    private MfaUser(Builder b) {
        this.id = requireId(b.id);
        this.accountLabel = b.accountLabel == null ? id : requireText(b.accountLabel, "account label");
        this.administrator = b.administrator;
        this.systemMaintainer = b.systemMaintainer;
        this.groups = Set.copyOf(new TreeSet<>(b.groups));
        this.phoneNumber = b.phoneNumber;
        this.email = b.email;
    }

    /** A user with no roles, no groups and no contact data. */
    public static MfaUser of(String id) {
        return builder(id).build();
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /**
     * Validates an id the way the constructor does, for callers that take a bare id: the rules of
     * {@link Identifiers}, at most {@link #MAX_ID_LENGTH} bytes of UTF-8.
     */
    public static String requireId(String id) {
        return Identifiers.require("user id", id, MAX_ID_LENGTH);
    }

    private static String requireText(String value, String what) {
        if (value.isBlank() || value.length() > 512) {
            throw new IllegalArgumentException(what + " must be 1 to 512 characters");
        }
        return value;
    }

    public String id() {
        return id;
    }

    /** What authenticator apps show beside the issuer; the id unless set. */
    public String accountLabel() {
        return accountLabel;
    }

    public boolean isAdministrator() {
        return administrator;
    }

    public boolean isSystemMaintainer() {
        return systemMaintainer;
    }

    public Set<String> groups() {
        return groups;
    }

    public Optional<String> phoneNumber() {
        return Optional.ofNullable(phoneNumber);
    }

    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    public Builder toBuilder() {
        return new Builder(id).accountLabel(accountLabel).administrator(administrator)
                .systemMaintainer(systemMaintainer).groups(groups).phoneNumber(phoneNumber).email(email);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MfaUser u && u.id.equals(id) && u.accountLabel.equals(accountLabel)
                && u.administrator == administrator && u.systemMaintainer == systemMaintainer
                && u.groups.equals(groups) && Objects.equals(u.phoneNumber, phoneNumber)
                && Objects.equals(u.email, email);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, administrator, systemMaintainer, groups);
    }

    @Override
    public String toString() {
        return "MfaUser[id=" + id + ", administrator=" + administrator + ", systemMaintainer="
                + systemMaintainer + ", groups=" + new TreeSet<>(groups)
                + (phoneNumber == null ? "" : ", phone=" + Masking.phone(phoneNumber))
                + (email == null ? "" : ", email=" + Masking.email(email)) + "]";
    }

    /** Builds an {@link MfaUser}. Every field but the id is optional. */
    public static final class Builder {
        private final String id;
        private String accountLabel;
        private boolean administrator;
        private boolean systemMaintainer;
        private Set<String> groups = Set.of();
        private String phoneNumber;
        private String email;

        private Builder(String id) {
            this.id = id;
        }

        public Builder accountLabel(String accountLabel) {
            this.accountLabel = accountLabel;
            return this;
        }

        public Builder administrator(boolean administrator) {
            this.administrator = administrator;
            return this;
        }

        public Builder systemMaintainer(boolean systemMaintainer) {
            this.systemMaintainer = systemMaintainer;
            return this;
        }

        public Builder groups(Set<String> groups) {
            for (String g : groups) {
                if (g == null || g.isBlank()) {
                    throw new IllegalArgumentException("group names must be non-blank");
                }
            }
            this.groups = Set.copyOf(groups);
            return this;
        }

        public Builder groups(String... groups) {
            return groups(Set.of(groups));
        }

        /** An E.164 phone number such as {@code +4915112345678}, or null. */
        public Builder phoneNumber(String phoneNumber) {
            if (phoneNumber != null && !phoneNumber.matches("\\+[1-9][0-9]{6,14}")) {
                throw new IllegalArgumentException("phone number must be in E.164 form (+ and 7 to 15 digits)");
            }
            this.phoneNumber = phoneNumber;
            return this;
        }

        /** An e-mail address, or null. */
        public Builder email(String email) {
            if (email != null && (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+"))) {
                throw new IllegalArgumentException("e-mail address must look like local@domain");
            }
            this.email = email == null ? null : email.strip();
            return this;
        }

        public MfaUser build() {
            return new MfaUser(this);
        }
    }

    /** Masks contact data for messages and logs. */
    public static final class Masking {
        private Masking() {
        }

        /** {@code +49*******78}: country code and last two digits. */
        public static String phone(String phone) {
            if (phone.length() <= 5) {
                return "***";
            }
            return phone.substring(0, 3) + "*".repeat(phone.length() - 5) + phone.substring(phone.length() - 2);
        }

        /** {@code j***@example.org}: first letter and domain. */
        public static String email(String email) {
            int at = email.lastIndexOf('@');
            if (at < 1) {
                return "***";
            }
            return email.substring(0, 1) + "***" + email.substring(at).toLowerCase(Locale.ROOT);
        }
    }
}
