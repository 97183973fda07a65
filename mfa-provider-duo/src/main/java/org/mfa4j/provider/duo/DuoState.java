package org.mfa4j.provider.duo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The OIDC {@code state} of one Duo prompt: 256 bits from the injected {@code SecureRandom}, Base64url
 * without padding (43 characters, inside Duo's 22 to 1024). Duo hands it back on the callback and the SDK
 * does not check it, so the caller stores it server-side, bound to the user and the login flow, and
 * compares it with {@link #matches(String)} before any exchange. It lets a browser complete that flow, so
 * {@link #toString()} never shows it. Not a record on purpose: a record would print its component.
 */
final class DuoState {

    /** Bytes of randomness: 256 bits, twice the 128 the design asks for. */
    static final int BYTES = 32;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22,1024}");

    private final String value;

    private DuoState(String value) {
        this.value = value;
    }

    /** A fresh state. */
    static DuoState generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new DuoState(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Whether {@code s} has the shape of a state: 22 to 1024 Base64url characters. */
    static boolean wellFormed(String s) {
        return s != null && SHAPE.matcher(s).matches();
    }

    /** A state read back from storage; refuses anything {@link #generate} could not have made. */
    static DuoState restore(String stored) {
        Objects.requireNonNull(stored, "stored");
        if (!wellFormed(stored)) {
            throw new IllegalArgumentException("a stored Duo state is 22 to 1024 Base64url characters");
        }
        return new DuoState(stored);
    }

    /** The value, for the SDK and for server-side storage only: never for a log line or a message. */
    String value() {
        return value;
    }

    /** Whether the callback's {@code state} parameter is this state; constant time for equal lengths. */
    boolean matches(String callbackState) {
        return callbackState != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.US_ASCII),
                callbackState.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "DuoState[redacted]";
    }
}
