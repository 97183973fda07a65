package org.mfa4j;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Evidence that a user passed MFA in one session: who, which providers, when, and against which state of
 * the user's factors. Integrity-protected with an HMAC under the application's current key; keep
 * {@link #token()} in the session ({@link MfaSession#withProof}) and hand it back with every call. Only
 * {@link Mfa} makes one, after a verification it accepted: a token read back from a session is just a
 * string until {@link Mfa#checkProof} verified it. A proof is void for another session and after
 * any change to the user's factors. {@code toString} does not show the token.
 */
public final class Proof {

    /** Length of the HMAC-SHA256 at the end of a token's body. */
    static final int MAC_LENGTH = 32;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String token;
    private final String userId;
    private final List<String> providers;
    private final Instant issuedAt;
    private final boolean enrolment;

    Proof(String token, String userId, List<String> providers, Instant issuedAt, boolean enrolment) {
        this.token = token;
        this.userId = userId;
        this.providers = List.copyOf(providers);
        this.issuedAt = issuedAt;
        this.enrolment = enrolment;
    }

    /**
     * A token split into its signed bytes and its MAC ({@code base64url(payload || mac)} without padding; the
     * payload's first byte says its format), not yet checked against the signature.
     *
     * @throws IllegalArgumentException when the token is not of mfa4j's form
     */
    static Signed signed(String token) {
        Objects.requireNonNull(token, "token");
        if (token.length() > MfaSession.MAX_TOKEN_LENGTH || token.indexOf('=') >= 0) {
            throw new IllegalArgumentException("not an mfa4j proof token (form)");
        }
        byte[] body;
        try {
            body = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an mfa4j proof token (encoding)");
        }
        // One proof, one string: the decoder ignores non-zero bits after the last byte, so re-encode and compare.
        if (!B64.encodeToString(body).equals(token)) {
            throw new IllegalArgumentException("not an mfa4j proof token (not canonical)");
        }
        int payloadLength = body.length - MAC_LENGTH;
        if (payloadLength < 1) {
            throw new IllegalArgumentException("not an mfa4j proof token (too short)");
        }
        return new Signed(ProofPayload.decode(body, payloadLength), body, payloadLength);
    }

    /** The token for a payload whose MAC follows it in {@code body}. */
    static String token(byte[] body) {
        return B64.encodeToString(body);
    }

    /**
     * A parsed token.
     *
     * @param payload       what it claims
     * @param body          the signed bytes followed by the MAC
     * @param payloadLength where the signed bytes end
     */
    record Signed(ProofPayload payload, byte[] body, int payloadLength) {
    }

    /** The string to keep in the session. */
    public String token() {
        return token;
    }

    public String userId() {
        return userId;
    }

    /** The providers whose success this proof records. */
    public List<String> providers() {
        return providers;
    }

    /** When the user verified (for a proof that followed a change of factors: the proof that allowed it). */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** Whether the proof comes from the user's first enrolment rather than from verifying a factor. */
    public boolean fromEnrolment() {
        return enrolment;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proof p && p.token.equals(token);
    }

    @Override
    public int hashCode() {
        return token.hashCode();
    }

    @Override
    public String toString() {
        return "Proof[user=" + userId + ", providers=" + providers + ", issuedAt=" + issuedAt
                + (enrolment ? ", enrolment" : "") + "]";
    }
}
