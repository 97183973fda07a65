package org.mfa4j.benchmarks.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.mfa4j.MfaInput;
import org.mfa4j.spring.MfaWeb;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The smallest application on mfa-spring-boot-starter that has an MFA step: form login (CSRF on), mfa4j
 * required for everybody, the in-memory store, TOTP found by discovery, and plain-text endpoints. The MFA
 * step and {@code /password-page} need only the password (the rule the starter's own tests and the demo
 * give their MFA pages); the rest of the site would need a factor too. mfa4j's clock is the one
 * {@link StarterClient#start} registers.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class BenchmarkApp {

    /** The one user. */
    static final String USER = "bench";
    /** Its password; only the set-up signs in, so the encoding is {@code {noop}}. */
    static final String PASSWORD = "bench-password";

    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/mfa/**", "/password-page")
                        .access(AuthenticatedAuthorizationManager.authenticated())
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
        var user = User.withUsername(USER).password("{noop}" + PASSWORD).roles("USER");
        return new InMemoryUserDetailsManager(user.build());
    }

    /** The endpoints the benchmark calls, on the starter's {@link MfaWeb}. */
    @RestController
    record Steps(MfaWeb web) {

        /** (b): a page that needs only the password. */
        @GetMapping("/password-page")
        String passwordPage() {
            return "signed in";
        }

        /** The session's CSRF token, for the client's POSTs. */
        @GetMapping("/mfa/csrf")
        String csrf(CsrfToken token) {
            return token.getToken();
        }

        /** Starts the TOTP setup: the Base32 secret, as an authenticator app would read it from the QR code. */
        @PostMapping("/mfa/setup")
        String setup(HttpServletRequest request) {
            return web.setup(request, "totp").view().flatMap(v -> v.get("secret")).orElse("");
        }

        @PostMapping("/mfa/activate")
        String activate(@RequestParam String code, HttpServletRequest request, HttpServletResponse response) {
            return web.activate(request, response, "totp", MfaInput.code(code)).status().name();
        }

        /** (a): the MFA step, as an application's answer page posts it. */
        @PostMapping("/mfa/verify")
        String verify(@RequestParam String code, HttpServletRequest request, HttpServletResponse response) {
            return web.verify(request, response, "totp", MfaInput.code(code)).status().name();
        }
    }
}
