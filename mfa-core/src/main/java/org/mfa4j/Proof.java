package org.mfa4j;

import java.time.Instant;
import java.util.List;

/**
 * Evidence that a user passed MFA in one session: who, which providers, when, and against which state of
 * the user's factors. Integrity-protected with an HMAC under the application's current key; keep
 * {@link #token()} in the session ({@link MfaSession#withProof}) and hand it back with every call. Only
 * {@link Mfa} makes one, after a verification it accepted: a token read back from a session is just a
 * string until {@link Mfa#checkProof} verified it. A proof is void for another session and after
 * any change to the user's factors. {@code toString} does not show the token.
 */
public final class Proof {

    private final String token;
    private final String userId;
    private final List<String> providers;
    private final Instant issuedAt;
    private final boolean enrolment;
    private final boolean device;

    /** A proof from a verification or an enrolment (tests in this package make them too). */
    Proof(String token, String userId, List<String> providers, Instant issuedAt, boolean enrolment) {
        this(token, userId, providers, issuedAt, enrolment, false);
    }

    /** Only {@link Mfa} makes one, through the engine, for a proof it just signed. */
    Proof(String token, String userId, List<String> providers, Instant issuedAt, boolean enrolment, boolean device) {
        this.token = token;
        this.userId = userId;
        this.providers = List.copyOf(providers);
        this.issuedAt = issuedAt;
        this.enrolment = enrolment;
        this.device = device;
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

    /**
     * Whether the proof comes from a remembered device ({@link MfaDevices#signIn}) rather than a factor: it
     * makes {@link Mfa#state} {@link MfaState.Step#SATISFIED}, but {@link Mfa#checkProof} and every
     * {@link ProtectedOperation} call it {@link ProofStatus#INSUFFICIENT}, whatever its age.
     */
    public boolean fromRememberedDevice() {
        return device;
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
                + (enrolment ? ", enrolment" : "") + (device ? ", remembered device" : "") + "]";
    }
}
