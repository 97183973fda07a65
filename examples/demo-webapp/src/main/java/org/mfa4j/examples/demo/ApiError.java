package org.mfa4j.examples.demo;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A typed error of the token API: an HTTP status and the body {@code {"error":"<code>","message":"...", ...}}.
 * The message is ours, never the caller's input nor an exception's text; the extra fields are values the API
 * computed (attempts left, a lock's end, provider ids it knows). Thrown by the API's helpers and turned into
 * the response by the controller's handler, so no path ends on Spring's error page or a stack trace.
 */
final class ApiError extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> fields;

    ApiError(HttpStatus status, String code, String message) {
        this(status, code, message, Map.of());
    }

    ApiError(HttpStatus status, String code, String message, Map<String, ?> extra) {
        super(message, null, false, false); // no stack trace: an expected outcome, not a fault
        this.status = status;
        this.code = code;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        body.putAll(extra);
        this.fields = body;
    }

    static ApiError badRequest(String message) {
        return new ApiError(HttpStatus.BAD_REQUEST, "bad_request", message);
    }

    static ApiError invalidCredentials() {
        return new ApiError(HttpStatus.UNAUTHORIZED, "invalid_credentials", "Wrong user name or password.");
    }

    static ApiError unavailable() {
        return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                "The sign-in cannot be checked right now; nothing was accepted. Try again later.");
    }

    String code() {
        return code;
    }

    HttpStatus status() {
        return status;
    }

    ResponseEntity<Map<String, Object>> response() {
        return json(ResponseEntity.status(status)).body(fields);
    }

    static ResponseEntity.BodyBuilder json(ResponseEntity.BodyBuilder builder) {
        return builder.contentType(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store");
    }

    /**
     * Writes a fixed error (a code and a message of ours, no caller input) where Spring MVC does not run: the
     * security chain's entry point and access-denied handler.
     */
    static void write(HttpServletResponse response, HttpStatus status, String code, String message)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }
}
