package org.mfa4j.spi;

import java.util.Objects;
import java.util.Set;

/**
 * What a provider says about itself: display texts, ordering hints and the capability flags the policy
 * tests. Immutable; build with {@link #builder(String)}.
 */
public final class ProviderDescriptor {

    /** Whether {@code id} matches {@code [a-z][a-z0-9_-]{0,31}} (checked without java.util.regex: start-up). */
    private static boolean isId(String id) {
        if (id.isEmpty() || id.length() > 32 || id.charAt(0) < 'a' || id.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private final String id;
    private final String title;
    private final String description;
    private final String setupInstructions;
    private final String iconKey;
    private final Set<String> before;
    private final Set<String> after;
    private final boolean mayBeDefault;
    private final FactorKind kind;
    private final boolean phishingResistant;
    private final boolean weak;
    private final boolean restricted;
    private final boolean outOfBand;
    private final boolean requiresOtherActive;
    private final boolean soleFactor;
    private final boolean remoteCheck;
    private final boolean multipleCredentials;

    private ProviderDescriptor(Builder b) {
        this.id = b.id;
        this.title = b.title == null ? b.id : b.title;
        this.description = b.description;
        this.setupInstructions = b.setupInstructions;
        this.iconKey = b.iconKey == null ? "mfa-" + b.id : b.iconKey;
        this.before = Set.copyOf(b.before);
        this.after = Set.copyOf(b.after);
        this.mayBeDefault = b.mayBeDefault;
        this.kind = b.kind;
        this.phishingResistant = b.phishingResistant;
        this.weak = b.weak;
        this.restricted = b.restricted;
        this.outOfBand = b.outOfBand;
        this.requiresOtherActive = b.requiresOtherActive;
        this.soleFactor = b.soleFactor;
        this.remoteCheck = b.remoteCheck;
        this.multipleCredentials = b.multipleCredentials;
        if (requiresOtherActive && soleFactor) {
            throw new IllegalArgumentException("provider '" + id
                    + "' cannot both require another active provider and be the sole factor");
        }
        if (before.contains(id) || after.contains(id)) {
            throw new IllegalArgumentException("provider '" + id + "' cannot be ordered relative to itself");
        }
    }

    /**
     * Starts a descriptor. The id is short lowercase ({@code [a-z][a-z0-9_-]{0,31}}), such as {@code totp}.
     */
    public static Builder builder(String id) {
        return new Builder(requireId(id));
    }

    /** Validates a provider id. */
    public static String requireId(String id) {
        if (id == null || !isId(id)) {
            throw new IllegalArgumentException("provider id must match [a-z][a-z0-9_-]{0,31}, was "
                    + (id == null ? "null" : "'" + id.substring(0, Math.min(id.length(), 40)) + "'"));
        }
        return id;
    }

    public String id() {
        return id;
    }

    /** The title shown to users. The default is the id. */
    public String title() {
        return title;
    }

    /** A sentence for the provider list. The default is empty. */
    public String description() {
        return description;
    }

    /** What the user does to set it up. The default is empty. */
    public String setupInstructions() {
        return setupInstructions;
    }

    /** A key the application maps to an icon. The default is {@code mfa-<id>}. */
    public String iconKey() {
        return iconKey;
    }

    /** Provider ids this one is listed before. */
    public Set<String> before() {
        return before;
    }

    /** Provider ids this one is listed after. */
    public Set<String> after() {
        return after;
    }

    /** Whether users may pick it as their default provider. The default is true. */
    public boolean mayBeDefault() {
        return mayBeDefault;
    }

    /** The default is {@link FactorKind#POSSESSION}. */
    public FactorKind kind() {
        return kind;
    }

    /** Origin-bound, so a phishing site cannot relay it (WebAuthn). The default is false. */
    public boolean phishingResistant() {
        return phishingResistant;
    }

    /** A weak factor (SMS, e-mail class): codes travel over channels others may read. The default is false. */
    public boolean weak() {
        return weak;
    }

    /**
     * A restricted authenticator in the sense of NIST SP 800-63B-4 (SMS or voice over the telephone network):
     * usable, but the user should have an unrestricted alternative. When every active factor of a user is
     * restricted, {@code UserOverview.restrictedOnly()} and {@code Mfa.explain} say so, and the policy option
     * {@link org.mfa4j.policy.Rules#requireUnrestrictedAlternative()} asks the user to set up another. The default
     * is false.
     */
    public boolean restricted() {
        return restricted;
    }

    /**
     * An out-of-band authenticator in the sense of NIST SP 800-63B-4 §3.1.3: a secret sent over a separate,
     * authenticated channel to a device the user possesses (SMS or voice over the telephone network, a push to
     * an enrolled app). E-mail is not one: 800-63B-4 says e-mail SHALL NOT be used for out-of-band
     * authentication, because a mailbox is reached with a password and is not bound to a device, so an e-mail
     * code proves less than a code on a phone. The default is false.
     */
    public boolean outOfBand() {
        return outOfBand;
    }

    /** Can only be active beside another active provider (recovery codes). The default is false. */
    public boolean requiresOtherActive() {
        return requiresOtherActive;
    }

    /** Must be the only active provider of a user (Duo in some deployments). The default is false. */
    public boolean soleFactor() {
        return soleFactor;
    }

    /**
     * Verification and activation ask a remote side ({@link MfaProvider#remoteCheck},
     * {@link MfaProvider#activationCheck}): the core reads the user's state for it before its transaction.
     * The default is false, and then neither is ever asked.
     */
    public boolean remoteCheck() {
        return remoteCheck;
    }

    /**
     * The entry holds several {@linkplain Credential credentials} (security keys, phone numbers): setup and
     * activation while the provider is active add one (a protected operation) instead of being refused. The
     * default is false.
     */
    public boolean multipleCredentials() {
        return multipleCredentials;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderDescriptor d && d.id.equals(id) && d.title.equals(title)
                && d.kind == kind && d.before.equals(before) && d.after.equals(after)
                && d.mayBeDefault == mayBeDefault && d.phishingResistant == phishingResistant && d.weak == weak && d.restricted == restricted
                && d.outOfBand == outOfBand
                && d.requiresOtherActive == requiresOtherActive && d.soleFactor == soleFactor
                && d.remoteCheck == remoteCheck && d.multipleCredentials == multipleCredentials
                && d.description.equals(description) && d.setupInstructions.equals(setupInstructions)
                && d.iconKey.equals(iconKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, title, kind);
    }

    @Override
    public String toString() {
        return "ProviderDescriptor[id=" + id + ", kind=" + kind + ", mayBeDefault=" + mayBeDefault
                + ", phishingResistant=" + phishingResistant + ", weak=" + weak + ", restricted=" + restricted + ", outOfBand=" + outOfBand + ", requiresOtherActive="
                + requiresOtherActive + ", soleFactor=" + soleFactor + ", remoteCheck=" + remoteCheck
                + ", multipleCredentials=" + multipleCredentials + "]";
    }

    /** Builds a {@link ProviderDescriptor}. */
    public static final class Builder {
        private final String id;
        private String title;
        private String description = "";
        private String setupInstructions = "";
        private String iconKey;
        private Set<String> before = Set.of();
        private Set<String> after = Set.of();
        private boolean mayBeDefault = true;
        private FactorKind kind = FactorKind.POSSESSION;
        private boolean phishingResistant;
        private boolean weak;
        private boolean restricted;
        private boolean outOfBand;
        private boolean requiresOtherActive;
        private boolean soleFactor;
        private boolean remoteCheck;
        private boolean multipleCredentials;

        private Builder(String id) {
            this.id = id;
        }

        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        public Builder setupInstructions(String setupInstructions) {
            this.setupInstructions = Objects.requireNonNull(setupInstructions, "setupInstructions");
            return this;
        }

        public Builder iconKey(String iconKey) {
            this.iconKey = Objects.requireNonNull(iconKey, "iconKey");
            return this;
        }

        public Builder before(String... ids) {
            this.before = validIds(ids);
            return this;
        }

        public Builder after(String... ids) {
            this.after = validIds(ids);
            return this;
        }

        public Builder mayBeDefault(boolean mayBeDefault) {
            this.mayBeDefault = mayBeDefault;
            return this;
        }

        public Builder kind(FactorKind kind) {
            this.kind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        public Builder phishingResistant(boolean phishingResistant) {
            this.phishingResistant = phishingResistant;
            return this;
        }

        public Builder weak(boolean weak) {
            this.weak = weak;
            return this;
        }

        public Builder restricted(boolean restricted) {
            this.restricted = restricted;
            return this;
        }

        /** See {@link ProviderDescriptor#outOfBand()}. */
        public Builder outOfBand(boolean outOfBand) {
            this.outOfBand = outOfBand;
            return this;
        }

        public Builder requiresOtherActive(boolean requiresOtherActive) {
            this.requiresOtherActive = requiresOtherActive;
            return this;
        }

        public Builder soleFactor(boolean soleFactor) {
            this.soleFactor = soleFactor;
            return this;
        }

        public Builder multipleCredentials(boolean multipleCredentials) {
            this.multipleCredentials = multipleCredentials;
            return this;
        }

        public Builder remoteCheck(boolean remoteCheck) {
            this.remoteCheck = remoteCheck;
            return this;
        }

        public ProviderDescriptor build() {
            return new ProviderDescriptor(this);
        }

        private static Set<String> validIds(String... ids) {
            for (String i : ids) {
                requireId(i);
            }
            return Set.of(ids);
        }
    }
}
