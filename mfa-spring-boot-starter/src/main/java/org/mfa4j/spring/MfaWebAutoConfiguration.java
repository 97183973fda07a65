package org.mfa4j.spring;

import java.util.List;
import org.mfa4j.Mfa;
import org.mfa4j.MfaUser;
import org.mfa4j.spi.ProviderDescriptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authorization.AuthorizationManagerFactory;
import org.springframework.security.authorization.DefaultAuthorizationManagerFactory;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * mfa4j's factors in Spring Security 7's MFA model, for servlet applications only (Spring Security's MFA is
 * not reactive):
 * <ul>
 *   <li>an {@link MfaWeb} that runs mfa4j for the signed-in user and adds a {@code FactorGrantedAuthority} per
 *       success;</li>
 *   <li>an {@link AuthorizationManagerFactory} whose rules ({@code authenticated()}, {@code hasRole(..)}, ...)
 *       also need an mfa4j factor whenever mfa4j's policy requires MFA for the user
 *       ({@code mfa4j.web.require-factors}, default true; {@code permitAll} and {@code anonymous} rules are
 *       not affected);</li>
 *   <li>a {@code Customizer<HttpSecurity>}, applied by Spring Security to every {@code HttpSecurity}, that
 *       registers {@code mfa4j.web.verify-page} as the missing-authority entry point of every provider's
 *       factor, so a user without it is sent there and comes back to the page asked for.</li>
 * </ul>
 * The application permits its MFA page to users with only a password, with a rule that is not built by the
 * factory ({@code .access(AuthenticatedAuthorizationManager.authenticated())}).
 */
@AutoConfiguration(after = MfaAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({HttpSecurity.class, SecurityContextRepository.class})
@ConditionalOnBean(Mfa.class)
public class MfaWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MfaUserResolver mfaUserResolver(Mfa4jProperties properties) {
        String admin = properties.getWeb().getAdminAuthority();
        return authentication -> MfaUser.builder(authentication.getName())
                .administrator(authentication.getAuthorities().stream().anyMatch(a -> admin.equals(a.getAuthority())))
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    MfaWeb mfaWeb(Mfa mfa, MfaUserResolver users, ObjectProvider<SecurityContextRepository> contexts) {
        return new MfaWeb(mfa, users, contexts.getIfUnique(() -> new DelegatingSecurityContextRepository(
                new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository())));
    }

    @Bean
    @ConditionalOnMissingBean(AuthorizationManagerFactory.class)
    @ConditionalOnBooleanProperty(name = "mfa4j.web.require-factors", matchIfMissing = true)
    AuthorizationManagerFactory<Object> mfaAuthorizationManagerFactory(MfaWeb web) {
        DefaultAuthorizationManagerFactory<Object> factory = new DefaultAuthorizationManagerFactory<>();
        factory.setAdditionalAuthorization(new MfaFactorAuthorizationManager(web, providerIds(web.mfa())));
        return factory;
    }

    @Bean
    Customizer<HttpSecurity> mfaMissingFactorEntryPoints(Mfa mfa, Mfa4jProperties properties) {
        LoginUrlAuthenticationEntryPoint verifyPage =
                new LoginUrlAuthenticationEntryPoint(properties.getWeb().getVerifyPage());
        return http -> http.exceptionHandling(exceptions -> {
            for (String id : providerIds(mfa)) {
                exceptions.defaultDeniedHandlerForMissingAuthority(verifyPage, MfaFactors.authority(id));
            }
        });
    }

    private static List<String> providerIds(Mfa mfa) {
        return mfa.providers().stream().map(ProviderDescriptor::id).toList();
    }
}
