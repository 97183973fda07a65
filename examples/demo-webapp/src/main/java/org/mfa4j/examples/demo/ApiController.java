package org.mfa4j.examples.demo;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.Mfa;
import org.mfa4j.MfaException;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * The token API, after Magento's Web API: a user name and password give a token when MFA is not required,
 * else a typed error that says what to do; a provider's endpoint takes the password and the factor's answer
 * and gives a token once {@code Mfa} accepted it. The password is checked by the same authentication
 * manager as the web login (the demo's user store, Spring's constant-time password check, the same failure
 * events; the demo counts no password failures of its own), and the factor by the same {@code Mfa.verify}
 * with the same user id as the web page, so both share one failure counter, one lock and the account-wide
 * ceiling. Every request is its own mfa4j session (a random id): the API keeps no session.
 *
 * <p>Only factors answered with a typed code are offered here ({@link #API_PROVIDERS}); security keys, Duo
 * and sent codes need the browser's session.
 */
@RestController
@RequestMapping("/api")
class ApiController {

    /** The factors the API accepts: those answered with a code the user types, with no prompt before. */
    static final List<String> API_PROVIDERS = List.of("totp", "recovery");

    private static final Logger LOG = LoggerFactory.getLogger(ApiController.class);

    private final Mfa mfa;
    private final DemoUsers users;
    private final AuthenticationConfiguration authentication;
    private final ApiTokens tokens;
    private final ApiConfirmations confirmations;
    private final ObjectMapper json;
    private final SecureRandom random = new SecureRandom();

    ApiController(Mfa mfa, DemoUsers users, AuthenticationConfiguration authentication, ApiTokens tokens,
                  ApiConfirmations confirmations, ObjectMapper json) {
        this.mfa = mfa;
        this.users = users;
        this.authentication = authentication;
        this.tokens = tokens;
        this.confirmations = confirmations;
        this.json = json;
    }

    /** The user name and password: a token, or what the user must do first. */
    @PostMapping("/token")
    ResponseEntity<Map<String, Object>> token(HttpServletRequest request) {
        ApiRequest in = ApiRequest.read(request, json, false);
        MfaUser user = signIn(in);
        return afterFactors(user, mfa.state(user, newSession()));
    }

    /** The user name, password and one factor's answer: a token once {@code Mfa} accepted it. */
    @PostMapping("/token/{provider}")
    ResponseEntity<Map<String, Object>> tokenWith(@PathVariable String provider, HttpServletRequest request) {
        String id = API_PROVIDERS.stream().filter(p -> p.equals(provider)).findFirst()
                .orElseThrow(() -> new ApiError(HttpStatus.NOT_FOUND, "unsupported_provider",
                        "The API accepts only these providers.", Map.of("providers", endpoints(API_PROVIDERS, List.of()))));
        ApiRequest in = ApiRequest.read(request, json, true);
        MfaUser user = signIn(in);
        MfaSession session = newSession();
        Result r = mfa.verify(user, id, MfaInput.code(in.code()), session);
        return switch (r.status()) {
            case ACCEPTED -> afterFactors(user, mfa.state(user, session.withProof(r.proof().orElseThrow())));
            case REJECTED -> throw refused(r, HttpStatus.UNAUTHORIZED, "rejected", "The code was not accepted.");
            case EXPIRED -> throw refused(r, HttpStatus.UNAUTHORIZED, "expired", "The code has expired.");
            case LOCKED -> throw locked(r);
            case FLOW_RESET -> throw refused(r, HttpStatus.UNAUTHORIZED, "flow_reset",
                    "Too many wrong answers in this sign-in: start again.");
            case UNAVAILABLE -> throw refused(r, HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "This provider cannot be reached now; try again later or use another.");
            case NOT_ACTIVE -> throw refused(r, HttpStatus.BAD_REQUEST, "not_active",
                    "This provider is not set up for the user.");
            case NOT_ALLOWED -> throw refused(r, HttpStatus.FORBIDDEN, "not_allowed",
                    "This provider is not allowed for the user.");
            case STEP_UP_REQUIRED -> throw refused(r, HttpStatus.FORBIDDEN, "step_up_required",
                    "A recent verification is needed first.");
            case THROTTLED -> throw refused(r, HttpStatus.TOO_MANY_REQUESTS, "throttled",
                    "Too many codes were sent; try again later.");
            case NOT_DELIVERED -> throw refused(r, HttpStatus.SERVICE_UNAVAILABLE, "not_delivered",
                    "The code could not be sent; try again.");
        };
    }

    /** Who a bearer token belongs to: the security chain's token filter has checked it. */
    @GetMapping("/me")
    ResponseEntity<Map<String, Object>> me(Principal principal) {
        return ApiError.json(ResponseEntity.ok()).body(Map.of("user", principal.getName()));
    }

    /** Every other path and method under {@code /api}: a JSON 404, not Spring's error page. */
    @RequestMapping("/**")
    ResponseEntity<Map<String, Object>> notFound() {
        throw new ApiError(HttpStatus.NOT_FOUND, "not_found", "No such API endpoint for this method.");
    }

    @ExceptionHandler(ApiError.class)
    ResponseEntity<Map<String, Object>> error(ApiError e) {
        return e.response();
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Map<String, Object>> invalid(InvalidRequestException e) {
        return ApiError.badRequest("The request was not valid.").response();
    }

    /** A store or provider failure: nothing was accepted (mfa4j fails closed), and the caller is told so. */
    @ExceptionHandler({MfaException.class, ApiTokens.FullException.class})
    ResponseEntity<Map<String, Object>> unavailable(RuntimeException e) {
        LOG.warn("Token API request failed closed ({})", e.getClass().getSimpleName());
        return ApiError.unavailable().response();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> fault(Exception e) {
        LOG.error("Token API request failed", e);
        return new ApiError(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "The request failed.").response();
    }

    // ------------------------------------------------------------------ helpers

    /** The password check of the web login; an unknown user and a wrong password give the same error. */
    private MfaUser signIn(ApiRequest in) {
        Authentication a;
        try {
            a = authentication.getAuthenticationManager()
                    .authenticate(UsernamePasswordAuthenticationToken.unauthenticated(in.username(), in.password()));
        } catch (AuthenticationException | IllegalArgumentException e) {
            throw ApiError.invalidCredentials();
        } catch (Exception e) { // the manager could not be built: a configuration fault, not the caller's
            throw new IllegalStateException("no authentication manager", e);
        }
        return users.mfaUser(a);
    }

    /** The token when nothing more is needed, else the typed error for the step that is missing. */
    private ResponseEntity<Map<String, Object>> afterFactors(MfaUser user, MfaState state) {
        return switch (state.status()) {
            case NOT_REQUIRED, SATISFIED -> issue(user);
            case SETUP_REQUIRED -> {
                boolean sent = confirmations.send(user.id());
                throw new ApiError(HttpStatus.FORBIDDEN, "mfa_setup_required", "This account must set up "
                        + "two-factor authentication in the browser before the API issues a token"
                        + (sent ? "; a confirmation e-mail with a link was sent." : "."),
                        Map.of("confirmationSent", sent));
            }
            case VERIFICATION_REQUIRED -> {
                List<String> ids = new ArrayList<>();
                state.defaultProvider().ifPresent(ids::add);
                state.alternatives().stream().filter(p -> !ids.contains(p)).forEach(ids::add);
                List<String> api = ids.stream().filter(API_PROVIDERS::contains).toList();
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("providers", endpoints(api, state.locked()));
                extra.put("browserOnly", ids.stream().filter(p -> !API_PROVIDERS.contains(p)).toList());
                throw new ApiError(HttpStatus.UNAUTHORIZED, "mfa_required", api.isEmpty()
                        ? "This account's factors can be used only in the browser."
                        : "Use a provider's endpoint with the user name, password and code to obtain a token.", extra);
            }
        };
    }

    private ResponseEntity<Map<String, Object>> issue(MfaUser user) {
        ApiTokens.Issued t = tokens.issue(user.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", t.token());
        body.put("tokenType", "Bearer");
        body.put("expiresIn", tokens.lifetime().toSeconds());
        body.put("expiresAt", t.expiresAt().toString());
        return ApiError.json(ResponseEntity.ok()).body(body);
    }

    private static List<Map<String, Object>> endpoints(List<String> ids, List<String> locked) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", id);
            p.put("endpoint", "/api/token/" + id);
            if (locked.contains(id)) {
                p.put("locked", true);
            }
            list.add(p);
        }
        return list;
    }

    private static ApiError refused(Result r, HttpStatus status, String code, String message) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("provider", r.providerId());
        r.reason().ifPresent(x -> extra.put("reason", x.name().toLowerCase(Locale.ROOT)));
        extra.put("attemptsLeft", r.remainingAttempts());
        return new ApiError(status, code, message, extra);
    }

    private static ApiError locked(Result r) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("provider", r.providerId());
        extra.put("scope", r.lockScope().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("provider"));
        r.lockedUntil().ifPresent(u -> extra.put("until", u.toString()));
        return new ApiError(HttpStatus.LOCKED, "locked", r.lockScope().filter(s -> s == org.mfa4j.LockScope.ACCOUNT)
                .map(s -> "The account is locked after too many wrong codes; ask an administrator.")
                .orElse("This provider is locked after too many wrong codes; use another or ask an administrator."),
                extra);
    }

    /** A fresh mfa4j session for this request: the API keeps none between requests. */
    private MfaSession newSession() {
        byte[] id = new byte[32];
        random.nextBytes(id);
        return MfaSession.of("api-" + Base64.getUrlEncoder().withoutPadding().encodeToString(id));
    }
}
