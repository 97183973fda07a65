package org.mfa4j.examples.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.Result;
import org.mfa4j.spi.ProviderDescriptor;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * What several pages share: where to go after a success, what the user submitted, provider titles, the words
 * for a result.
 */
final class Pages {

    private static final RequestCache REQUESTS = new HttpSessionRequestCache();

    private Pages() {
    }

    /**
     * Where a success continues: {@code then} when it is a path of this site, else the page Spring's
     * missing-factor entry point saved, else the home page.
     */
    static String continueTo(HttpServletRequest request, HttpServletResponse response, String then) {
        if (then != null && then.startsWith("/") && !then.startsWith("//") && !then.contains("\\")) {
            return "redirect:" + then;
        }
        SavedRequest saved = REQUESTS.getRequest(request, response);
        if (saved != null) {
            REQUESTS.removeRequest(request, response);
            return "redirect:" + saved.getRedirectUrl();
        }
        return "redirect:/";
    }

    /** A typed code, or a security key's answer ({@code credential.toJSON()} from the page's script). */
    static MfaInput answer(String code, String credential) {
        return credential != null && !credential.isEmpty() ? MfaInput.of(Map.of("credential", credential))
                : MfaInput.code(code);
    }

    /** The named request parameters the user filled in; empty ones are left out. */
    static MfaInput input(HttpServletRequest request, String... names) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : names) {
            String v = request.getParameter(name);
            if (v != null && !v.isBlank()) {
                params.put(name, v.strip());
            }
        }
        return MfaInput.of(params);
    }

    static String title(Mfa mfa, String providerId) {
        return mfa.providers().stream().filter(d -> d.id().equals(providerId)).map(ProviderDescriptor::title)
                .findFirst().orElse(providerId);
    }

    static List<ProviderDescriptor> descriptors(Mfa mfa, List<String> ids) {
        return mfa.providers().stream().filter(d -> ids.contains(d.id())).toList();
    }

    /** The sentence a refused verification or activation shows; never a code or secret. */
    static String explain(Result r) {
        return switch (r.status()) {
            case ACCEPTED -> "Accepted.";
            case REJECTED -> "That code was not accepted" + r.reason().map(x -> " (" + words(x.name()) + ")").orElse("")
                    + ". Attempts left: " + r.remainingAttempts() + ".";
            case LOCKED -> r.lockScope().map(s -> switch (s) {
                case PROVIDER -> "This method is locked after too many wrong codes. Use another method, or ask "
                        + "an administrator to unlock it.";
                case ACCOUNT -> "Your account is locked after too many wrong codes. Ask an administrator.";
            }).orElse("Locked.") + r.lockedUntil().map(u -> " Locked until " + u + ".").orElse("");
            case EXPIRED -> "That code has expired: ask for a new one.";
            case FLOW_RESET -> "Too many wrong answers in this sign-in: start again.";
            case NOT_ACTIVE -> "This method is not set up for your account.";
            case NOT_ALLOWED -> "This method is not allowed for your account.";
            case STEP_UP_REQUIRED -> "Confirm it is you with one of your methods first.";
            case UNAVAILABLE -> "This method cannot be reached right now: try again, or use another method.";
            case THROTTLED -> "Too many codes were sent: try again later, or use another method.";
            case NOT_DELIVERED -> "The code could not be sent: try again, or use another method.";
        };
    }

    static Optional<String> stepUpWords(Optional<?> why) {
        return why.map(w -> "Confirm it is you with one of your methods first (" + words(w.toString()) + ").");
    }

    static String words(String constant) {
        return constant.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
