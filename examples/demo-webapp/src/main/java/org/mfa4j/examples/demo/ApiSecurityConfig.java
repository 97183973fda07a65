package org.mfa4j.examples.demo;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The token API's own security filter chain, for {@code /api/**} only and before the web chain: stateless (no
 * HTTP session is read or created, so the browser's session cookie means nothing here, and CSRF protection,
 * which guards cookie sessions, is off), no form login, no redirects. The token endpoints are open (they
 * check the password and the factor themselves); {@code /api/me} needs a bearer token from {@link ApiTokens}.
 * Refusals are JSON written by this chain's own entry point and access-denied handler.
 *
 * <p>{@code demo.api.token-lifetime} sets how long a token lives; the default is one hour, the most one day.
 */
@Configuration
public class ApiSecurityConfig {

    /** The authority every bearer token carries: it was issued after the factors {@code Mfa} asked for. */
    static final String API_AUTHORITY = "API_TOKEN";

    @Bean
    @Order(1)
    SecurityFilterChain apiFilterChain(HttpSecurity http, ApiTokens tokens) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/api/me").access(AuthenticatedAuthorizationManager.authenticated())
                        .anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            ApiError.write(response, HttpStatus.UNAUTHORIZED, "unauthorized",
                                    "Send Authorization: Bearer <token> from POST /api/token.");
                        })
                        .accessDeniedHandler((request, response, e) -> ApiError.write(response,
                                HttpStatus.FORBIDDEN, "forbidden", "This token may not do that.")))
                .addFilterBefore(new BearerTokenFilter(tokens), AuthorizationFilter.class);
        return http.build();
    }

    /**
     * A request Spring Security's firewall rejects (an encoded slash, a semicolon, a non-printable character)
     * never reaches a chain: under {@code /api/} it still gets a JSON 400, elsewhere the default plain 400.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        RequestRejectedHandler plain = new HttpStatusRequestRejectedHandler();
        return (request, response, e) -> {
            if (request.getRequestURI().startsWith("/api/")) {
                ApiError.write(response, HttpStatus.BAD_REQUEST, "bad_request", "The request was rejected.");
            } else {
                plain.handle(request, response, e);
            }
        };
    }

    @Bean
    ApiTokens apiTokens(ObjectProvider<Clock> clock,
                        @Value("${demo.api.token-lifetime:PT1H}") Duration lifetime) {
        return new ApiTokens(new SecureRandom(), clock.getIfAvailable(Clock::systemUTC), lifetime);
    }

    @Bean
    ApiConfirmations apiConfirmations(Outbox outbox, DemoUsers users, Environment environment,
                                      ObjectProvider<Clock> clock) {
        return new ApiConfirmations(outbox, users, environment, clock.getIfAvailable(Clock::systemUTC));
    }

    /**
     * Reads {@code Authorization: Bearer <token>}: a live token signs the request in as its user for this
     * request only; any other bearer value is refused at once with a JSON 401. Without the header the
     * request goes on unauthenticated and the authorization rules decide.
     */
    static final class BearerTokenFilter extends OncePerRequestFilter {

        private static final String PREFIX = "bearer ";

        private final ApiTokens tokens;

        BearerTokenFilter(ApiTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                chain.doFilter(request, response);
                return;
            }
            Optional<String> user = tokens.user(header.substring(PREFIX.length()).strip());
            if (user.isEmpty()) {
                response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                ApiError.write(response, HttpStatus.UNAUTHORIZED, "invalid_token",
                        "The token is not valid or has expired.");
                return;
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.get(), null,
                    List.of(new SimpleGrantedAuthority(API_AUTHORITY))));
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }
}
