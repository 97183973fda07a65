package org.mfa4j.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.mfa4j.MfaState;
import org.mfa4j.MfaUser;
import org.springframework.security.authorization.AllRequiredFactorsAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.authorization.RequiredFactor;
import org.springframework.security.authorization.RequiredFactorError;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The additional authorization of every rule built by the application's {@code AuthorizationManagerFactory}
 * (Spring's {@code DefaultAuthorizationManagerFactory.setAdditionalAuthorization}, as
 * {@code @EnableMultiFactorAuthentication} does): granted when the authentication holds the
 * {@link RequiredFactor} of any registered mfa4j provider (Spring's {@link AllRequiredFactorsAuthorizationManager},
 * one per provider: any of them suffices), or when mfa4j's policy says this user needs no MFA
 * ({@link MfaState.Step#NOT_REQUIRED}). Otherwise Spring's denial names the missing factors, and its
 * missing-authority entry points send the user to the mfa4j page.
 */
final class MfaFactorAuthorizationManager implements AuthorizationManager<Object> {

    private final MfaWeb web;
    private final List<AllRequiredFactorsAuthorizationManager<Object>> eachFactor;

    MfaFactorAuthorizationManager(MfaWeb web, List<String> providerIds) {
        this.web = web;
        this.eachFactor = providerIds.stream()
                .map(id -> AllRequiredFactorsAuthorizationManager.builder()
                        .requireFactor(RequiredFactor.withAuthority(MfaFactors.authority(id)).build()).build())
                .toList();
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication, Object object) {
        AuthorizationResult factors = anyFactor(authentication, object);
        if (factors.isGranted()) {
            return factors;
        }
        Authentication a = authentication.get();
        HttpServletRequest request = request(object);
        if (!web.isSignedIn(a) || request == null) {
            return factors;
        }
        MfaUser user = web.user(a);
        MfaState state = web.mfa().state(user, web.session(request, user));
        return state.status() == MfaState.Step.NOT_REQUIRED ? new AuthorizationDecision(true) : factors;
    }

    /** Granted by the first provider's factor present; else one denial naming every missing factor. */
    private AuthorizationResult anyFactor(Supplier<? extends Authentication> authentication, Object object) {
        List<RequiredFactorError> missing = new ArrayList<>();
        for (AllRequiredFactorsAuthorizationManager<Object> m : eachFactor) {
            FactorAuthorizationDecision d = m.authorize(authentication, object);
            if (d.isGranted()) {
                return d;
            }
            missing.addAll(d.getFactorErrors());
        }
        return new FactorAuthorizationDecision(missing);
    }

    private static HttpServletRequest request(Object object) {
        if (object instanceof RequestAuthorizationContext context) {
            return context.getRequest();
        }
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }
}
