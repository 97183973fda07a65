package org.mfa4j;

import java.util.Objects;
import java.util.Optional;
import org.mfa4j.spi.Identifiers;

/**
 * The evidence one application session holds: its id and, once the user passed MFA in it, the proof token
 * {@link Mfa} issued. One value, so a session id and a token can never be swapped; every operation that
 * changes a user's factors takes it and refuses without a fresh proof.
 *
 * <p>The id is the application's session identifier (or any stable per-login value): 1 to
 * {@value #MAX_ID_BYTES} bytes under the rules of {@link Identifiers}. mfa4j keeps only a keyed digest of
 * it. {@code toString} shows neither the id nor the token.
 */
public final class MfaSession {

    /** The longest session id accepted, in bytes of UTF-8. */
    public static final int MAX_ID_BYTES = 1024;

    private final String id;
    private final String proofToken;

    private MfaSession(String id, String proofToken) {
        this.id = id;
        this.proofToken = proofToken;
    }

    /**
     * A session with no proof yet (right after the password).
     *
     * @throws InvalidRequestException when the id breaks the rules of {@link Identifiers}
     */
    public static MfaSession of(String id) {
        return of(id, null);
    }

    /**
     * A session holding the token it kept from an earlier result; {@code null} means none. The token is read
     * and checked only when an operation needs it: a malformed one is simply not a valid proof.
     *
     * @throws InvalidRequestException when the id breaks the rules of {@link Identifiers}
     */
    public static MfaSession of(String id, String proofToken) {
        try {
            Identifiers.require("session id", id, MAX_ID_BYTES);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        return new MfaSession(id, proofToken);
    }

    /** This session holding {@code proof} instead of its current token. */
    public MfaSession withProof(Proof proof) {
        return new MfaSession(id, Objects.requireNonNull(proof, "proof").token());
    }

    /** The application's session id. */
    public String id() {
        return id;
    }

    /** The proof token this session holds, unverified. */
    public Optional<String> proofToken() {
        return Optional.ofNullable(proofToken);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MfaSession s && s.id.equals(id) && Objects.equals(s.proofToken, proofToken);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Objects.hashCode(proofToken);
    }

    @Override
    public String toString() {
        return "MfaSession[" + (proofToken == null ? "no proof" : "with proof") + "]";
    }
}
