package org.mfa4j.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.mfa4j.MfaInput;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A small application on the starter: form login, a secret page, and mfa4j steps as plain-text endpoints. */
@SpringBootApplication
class StarterTestApp {

    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/mfa/**").access(AuthenticatedAuthorizationManager.authenticated())
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(User.withUsername("carol").password("{noop}carol-password")
                .roles("USER").build());
    }

    @RestController
    static class Steps {
        private final MfaWeb web;

        Steps(MfaWeb web) {
            this.web = web;
        }

        @GetMapping("/secret")
        String secret() {
            return "secret page";
        }

        @GetMapping("/mfa/authorities")
        String authorities() {
            return SecurityContextHolder.getContext().getAuthentication().getAuthorities().stream()
                    .map(g -> g.getAuthority()).sorted().toList().toString();
        }

        @PostMapping("/mfa/setup")
        String setup(HttpServletRequest request) {
            var change = web.setup(request, "totp");
            return change.status() + " " + change.view().flatMap(v -> v.get("secret")).orElse("");
        }

        @PostMapping("/mfa/activate")
        String activate(@RequestParam("code") String code, HttpServletRequest request, HttpServletResponse response) {
            var r = web.activate(request, response, "totp", MfaInput.code(code));
            return r.isAccepted() ? "ACCEPTED" : r.toString();
        }

        @PostMapping("/mfa/verify")
        String verify(@RequestParam("code") String code, HttpServletRequest request, HttpServletResponse response) {
            return web.verify(request, response, "totp", MfaInput.code(code)).status().name();
        }
    }
}
