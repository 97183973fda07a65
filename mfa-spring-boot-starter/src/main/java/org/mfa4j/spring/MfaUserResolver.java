package org.mfa4j.spring;

import org.mfa4j.MfaUser;
import org.springframework.security.core.Authentication;

/**
 * Turns the signed-in principal into the {@link MfaUser} mfa4j decides for. The default takes
 * {@link Authentication#getName()} as the id and the {@code mfa4j.web.admin-authority} (ROLE_ADMIN) as the
 * administrator flag; declare a bean of this type to add groups, an account label or contact data.
 */
@FunctionalInterface
public interface MfaUserResolver {

    MfaUser resolve(Authentication authentication);
}
