package org.mfa4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the user submitted for one step: a typed code, or named parameters (a WebAuthn response JSON, a
 * Duo callback's {@code state} and {@code duo_code}). Raw and unvalidated: each provider validates what it
 * reads before any arithmetic. {@code toString} shows parameter names only.
 */
public final class MfaInput {

    /** The parameter name {@link #code(String)} uses. */
    public static final String CODE = "code";

    private static final MfaInput EMPTY = new MfaInput(Map.of());

    private final Map<String, String> params;

    private MfaInput(Map<String, String> params) {
        this.params = params;
    }

    /** A typed code as the user entered it (may be null, empty or malformed: providers reject it). */
    public static MfaInput code(String typed) {
        if (typed == null) {
            return EMPTY;
        }
        return new MfaInput(Map.of(CODE, typed));
    }

    /** Named parameters; null values are dropped. */
    public static MfaInput of(Map<String, String> params) {
        Map<String, String> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (k != null && v != null) {
                copy.put(k, v);
            }
        });
        return new MfaInput(Map.copyOf(copy));
    }

    public static MfaInput empty() {
        return EMPTY;
    }

    /**
     * Whether {@code c} is a separator people type or paste inside a code: a space (any Unicode space
     * separator, such as U+00A0) or a dash (U+002D, U+2010 to U+2015, U+2212). Tabs, line breaks and other
     * control characters are not: a code that holds one is malformed.
     */
    public static boolean isCodeSeparator(char c) {
        return c == ' ' || c == '-' || Character.getType(c) == Character.SPACE_SEPARATOR
                || (c >= '\u2010' && c <= '\u2015') || c == '\u2212';
    }

    /** The typed code, if any. */
    public Optional<String> code() {
        return param(CODE);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    @Override
    public String toString() {
        return "MfaInput[params=" + new TreeSet<>(params.keySet()) + "]";
    }
}
