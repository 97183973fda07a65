package org.mfa4j.examples.demo;

import org.mfa4j.spring.MfaUserResolver;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security for the demo. The rules built by the starter's authorization manager factory
 * ({@code authenticated()}, {@code hasRole}) also need an mfa4j factor for users mfa4j requires it of; a
 * user with only the password is sent to {@code /mfa} by the starter's missing-factor entry point. The
 * MFA pages themselves need only the password: their rule is Spring's plain authenticated manager, not one
 * from the factory. CSRF protection stays on (every form carries the token). The token API under
 * {@code /api} has its own stateless chain, matched first: {@link ApiSecurityConfig}.
 */
@Configuration
public class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/login", "/demo.css", "/webauthn.js", "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/dev/outbox").permitAll() // the developer outbox: see OutboxController
                        .requestMatchers("/mfa", "/mfa/**").access(AuthenticatedAuthorizationManager.authenticated())
                        .requestMatchers("/admin", "/admin/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .headers(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    MfaUserResolver mfaUserResolver(DemoUsers users) {
        return users::mfaUser;
    }
}
