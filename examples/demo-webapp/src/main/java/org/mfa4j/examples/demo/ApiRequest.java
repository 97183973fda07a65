package org.mfa4j.examples.demo;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A token request's body, read and checked before anything else: a JSON object of at most {@link #MAX_BODY}
 * bytes with string fields {@code username} and {@code password} (and {@code code}, the factor's answer, on
 * the provider endpoints). Missing, empty, oversized or non-string fields, other media types and malformed
 * JSON are a {@code bad_request} whose message names the field, never its value. {@code toString} shows no
 * value.
 *
 * @param username the user name, 1 to {@value #MAX_NAME} characters
 * @param password the password, 1 to {@value #MAX_PASSWORD} characters
 * @param code     the factor's answer, 1 to {@value #MAX_CODE} characters, or {@code null} when not asked for
 */
record ApiRequest(String username, String password, String code) {

    /** The largest body read, in bytes. */
    static final int MAX_BODY = 4096;
    static final int MAX_NAME = 64;
    static final int MAX_PASSWORD = 256;
    static final int MAX_CODE = 64;

    /**
     * Reads the request's body.
     *
     * @param withCode whether {@code code} is required (the provider endpoints) or ignored
     * @throws ApiError {@code bad_request} for anything but a well-formed body
     */
    static ApiRequest read(HttpServletRequest request, ObjectMapper json, boolean withCode) {
        String type = request.getContentType();
        if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(parse(type))) {
            throw ApiError.badRequest("Send the fields as a JSON object (Content-Type: application/json).");
        }
        if (request.getContentLengthLong() > MAX_BODY) {
            throw ApiError.badRequest("The request body is too large.");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        } catch (IOException e) {
            throw ApiError.badRequest("The request body could not be read.");
        }
        if (body.length > MAX_BODY) {
            throw ApiError.badRequest("The request body is too large.");
        }
        JsonNode root;
        try {
            root = json.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw ApiError.badRequest("The request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw ApiError.badRequest("The request body must be a JSON object.");
        }
        return new ApiRequest(field(root, "username", MAX_NAME), field(root, "password", MAX_PASSWORD),
                withCode ? field(root, "code", MAX_CODE) : null);
    }

    private static MediaType parse(String type) {
        try {
            return MediaType.parseMediaType(type);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("Send the fields as a JSON object (Content-Type: application/json).");
        }
    }

    private static String field(JsonNode root, String name, int max) {
        JsonNode v = root.get(name);
        if (v == null || v.isNull()) {
            throw ApiError.badRequest("The field '" + name + "' is missing.");
        }
        if (!v.isString()) {
            throw ApiError.badRequest("The field '" + name + "' must be a string.");
        }
        String s = v.asString();
        if (s.isEmpty() || s.length() > max) {
            throw ApiError.badRequest("The field '" + name + "' must have 1 to " + max + " characters.");
        }
        return s;
    }

    @Override
    public String toString() {
        return "ApiRequest[" + (code == null ? "username, password" : "username, password, code") + "]";
    }
}
