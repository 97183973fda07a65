package org.mfa4j.spring;

import java.util.Locale;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * The Spring Security authority for each mfa4j provider: {@code FACTOR_} and the id in capitals
 * ({@code FACTOR_TOTP}, {@code FACTOR_RECOVERY}, {@code FACTOR_EMAIL}, {@code FACTOR_SMS}, {@code FACTOR_DUO}),
 * and Spring's own {@link FactorGrantedAuthority#WEBAUTHN_AUTHORITY} for security keys ({@code u2f}).
 */
public final class MfaFactors {

    /** The id of the WebAuthn provider, whose successes count as Spring's own WebAuthn factor. */
    public static final String WEBAUTHN_PROVIDER = "u2f";

    private MfaFactors() {
    }

    /** The authority a success with {@code providerId} adds. */
    public static String authority(String providerId) {
        if (WEBAUTHN_PROVIDER.equals(providerId)) {
            return FactorGrantedAuthority.WEBAUTHN_AUTHORITY;
        }
        return "FACTOR_" + providerId.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
