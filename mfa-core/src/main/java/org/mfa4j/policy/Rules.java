package org.mfa4j.policy;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mfa4j.spi.ProviderDescriptor;

/**
 * The rules of one scope of an {@link EnforcementPolicy}: global ({@link EnforcementPolicy.Builder}), a group
 * ({@link EnforcementPolicy.Builder#group}) or a user ({@link EnforcementPolicy.Builder#user}). Changed only
 * while the policy is built; frozen copies afterwards.
 */
public final class Rules {
    Boolean required;
    Set<String> allowed;
    Set<String> disabled = new LinkedHashSet<>();
    String recommended;
    Set<String> forced = new LinkedHashSet<>();
    boolean phishingResistant;
    boolean unrestrictedAlternative;
    private boolean frozen;

    Rules() {
    }

    /** Overrides whether MFA is required in this scope. */
    public Rules required(boolean required) {
        check();
        this.required = required;
        return this;
    }

    /**
     * Allows only these providers. A user in several groups gets the union of their lists; a user's
     * own list narrows that further.
     */
    public Rules allow(String... providerIds) {
        check();
        this.allowed = ids(List.of(providerIds));
        return this;
    }

    /** Disables these providers; disabled wins over allowed and forced. */
    public Rules disable(String... providerIds) {
        check();
        this.disabled.addAll(ids(List.of(providerIds)));
        return this;
    }

    public Rules recommend(String providerId) {
        check();
        this.recommended = ProviderDescriptor.requireId(providerId);
        return this;
    }

    /** Users in this scope must set up every one of these (Magento's forced providers). */
    public Rules force(String... providerIds) {
        check();
        this.forced.addAll(ids(List.of(providerIds)));
        return this;
    }

    /**
     * Requires a phishing-resistant factor (WebAuthn; NIST SP 800-63B-4) in this scope: MFA is required,
     * and only providers whose descriptor says {@code phishingResistant} are allowed, at sign-in and so for
     * every proof a protected operation needs. Codes typed by hand (TOTP, SMS, e-mail, recovery codes) do not
     * satisfy such a user. A scope that requires it cannot be relaxed by another. The default is off.
     */
    public Rules requirePhishingResistant() {
        check();
        this.phishingResistant = true;
        return this;
    }

    /**
     * Requires an unrestricted alternative in this scope (NIST SP 800-63B-4: SMS and voice over the telephone
     * network are restricted authenticators, {@link ProviderDescriptor#restricted()}): a user whose active factors
     * are all restricted is asked, once signed in with one of them, to set up an allowed unrestricted one
     * ({@code MfaState.Step.SETUP_REQUIRED} with {@code unrestrictedMissing}). The restricted factors stay usable
     * for signing in, so the user can reach the setup page. When no unrestricted provider is allowed for the
     * user, nothing is asked and {@code Mfa.explain} says so. A scope that requires it cannot be relaxed by
     * another. The default is off.
     */
    public Rules requireUnrestrictedAlternative() {
        check();
        this.unrestrictedAlternative = true;
        return this;
    }

    private void check() {
        if (frozen) {
            throw new IllegalStateException("rules are frozen once the policy is built");
        }
    }

    Rules freeze() {
        Rules r = new Rules();
        r.required = required;
        r.allowed = allowed == null ? null : Set.copyOf(allowed);
        r.disabled = new LinkedHashSet<>(disabled);
        r.recommended = recommended;
        r.forced = new LinkedHashSet<>(forced);
        r.phishingResistant = phishingResistant;
        r.unrestrictedAlternative = unrestrictedAlternative;
        r.frozen = true;
        return r;
    }

    Set<String> referenced() {
        Set<String> s = new LinkedHashSet<>();
        if (allowed != null) {
            s.addAll(allowed);
        }
        s.addAll(disabled);
        if (recommended != null) {
            s.add(recommended);
        }
        s.addAll(forced);
        return s;
    }

    private static Set<String> ids(Collection<String> ids) {
        Set<String> s = new LinkedHashSet<>();
        for (String id : ids) {
            s.add(ProviderDescriptor.requireId(id));
        }
        return s;
    }
}
