package org.mfa4j.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mfa4j.MfaSession;
import org.mfa4j.Proof;
import org.mfa4j.ProofStatus;

/**
 * Issues proofs and decides what a session's token is worth: the one place where a token becomes a
 * verified {@link Proof}. A token counts only if it is canonical, signed under the current key, for the
 * expected user and session, against the user's current factor epoch and, where an age is asked for, recent
 * and not from a remembered device.
 */
public final class Proofs {

    /** Length of the HMAC-SHA256 at the end of a token's body. */
    public static final int MAC_LENGTH = 32;

    /** The longest token read; longer ones are not mfa4j's and count as no proof. */
    static final int MAX_TOKEN_LENGTH = 2048;

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** Makes the public {@link Proof} value, whose constructor only the facade can reach. */
    @FunctionalInterface
    public interface Minter {
        Proof mint(String token, String userId, List<String> providers, Instant issuedAt, boolean enrolment,
                   boolean device);
    }

    private final ProofSigner signer;
    private final Clock clock;
    private final Minter minter;

    Proofs(ProofSigner signer, Clock clock, Minter minter) {
        this.signer = signer;
        this.clock = clock;
        this.minter = minter;
    }

    /** The keyed digest that stands for a session id in documents and proofs. */
    String sessionDigest(MfaSession session) {
        return signer.flowDigest(session.id());
    }

    /** What a session's token is worth, and the verified payload when it is {@link ProofStatus#VALID}. */
    record Checked(ProofStatus status, Optional<ProofPayload> payload) {

        static final Checked MISSING = new Checked(ProofStatus.MISSING, Optional.empty());
        static final Checked INVALID = new Checked(ProofStatus.INVALID, Optional.empty());

        boolean valid() {
            return status == ProofStatus.VALID;
        }
    }

    /**
     * Checks the session's token for {@code userId} against {@code doc}; {@code maxAge} null: any age (the
     * session's lifetime is the application's).
     */
    Checked check(MfaSession session, String userId, UserDocument doc, Duration maxAge) {
        return check(verified(session), session, userId, doc, maxAge);
    }

    /** {@link #check} of a token already run through {@link #verified}. */
    Checked check(Optional<ProofPayload> verified, MfaSession session, String userId, UserDocument doc,
                  Duration maxAge) {
        if (verified.isEmpty()) {
            return session.proofToken().isEmpty() ? Checked.MISSING : Checked.INVALID;
        }
        ProofPayload p = verified.get();
        ProofStatus status;
        if (!p.keyId().equals(signer.currentKeyId())) {
            status = ProofStatus.KEY_RETIRED;
        } else if (!p.userId().equals(userId)) {
            status = ProofStatus.INVALID;
        } else if (!p.flowDigest().equals(sessionDigest(session))) {
            status = ProofStatus.WRONG_SESSION;
        } else if (p.factorEpoch() != doc.factorEpoch()) {
            status = ProofStatus.FACTORS_CHANGED;
        } else if (maxAge != null && p.device()) {
            // A remembered device says who signed in, never how recently they passed MFA.
            status = ProofStatus.INSUFFICIENT;
        } else if (maxAge != null && !recent(p.issuedAt(), maxAge)) {
            status = ProofStatus.EXPIRED;
        } else {
            return new Checked(ProofStatus.VALID, verified);
        }
        return new Checked(status, Optional.empty());
    }

    /**
     * The session's token, parsed, if this application signed it (under any of its keys); empty for no
     * token, a malformed or non-canonical one, or a forged one. Says nothing about user, session or age.
     */
    Optional<ProofPayload> verified(MfaSession session) {
        String token = session.proofToken().orElse(null);
        if (token == null) {
            return Optional.empty();
        }
        Signed signed;
        try {
            signed = signed(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!signer.verify(signed.payload().keyId(), signed.body(), signed.payloadLength())) {
            return Optional.empty();
        }
        return Optional.of(signed.payload());
    }

    /** Issued no later than now and at most {@code maxAge} ago; no arithmetic that can overflow. */
    private boolean recent(Instant issuedAt, Duration maxAge) {
        Instant now = clock.instant();
        return !issuedAt.isAfter(now) && Duration.between(issuedAt, now).compareTo(maxAge) <= 0;
    }

    /** A new proof for a verification (or a first enrolment) that happened now. */
    Proof issue(String userId, String sessionDigest, long epoch, Instant now, List<String> providers,
                boolean enrolment) {
        return sign(new ProofPayload(signer.currentKeyId(), userId, sessionDigest, epoch,
                Instant.ofEpochMilli(now.toEpochMilli()), providers, enrolment));
    }

    /**
     * A new proof for a sign-in with a remembered device that happened now: it satisfies {@code Mfa.state},
     * and no protected operation or action (see {@link #check}).
     */
    Proof issueForDevice(String userId, String sessionDigest, long epoch, Instant now) {
        return sign(new ProofPayload(signer.currentKeyId(), userId, sessionDigest, epoch,
                Instant.ofEpochMilli(now.toEpochMilli()), List.of(), false, true));
    }

    /**
     * The proof that replaces {@code allowed} after the change it allowed moved the factor epoch: the same
     * user, session, providers, origin and age, so a chain of changes never makes a proof younger.
     */
    Proof successor(ProofPayload allowed, long epoch) {
        return sign(new ProofPayload(signer.currentKeyId(), allowed.userId(), allowed.flowDigest(), epoch,
                allowed.issuedAt(), allowed.providers(), allowed.enrolment(), allowed.device()));
    }

    private Proof sign(ProofPayload payload) {
        ProofPayload.Writer body = payload.encode(MAC_LENGTH);
        signer.sign(body.array(), body.length());
        return minter.mint(B64.encodeToString(body.array()), payload.userId(), payload.providers(),
                payload.issuedAt(), payload.enrolment(), payload.device());
    }

    /**
     * A token split into its signed bytes and its MAC ({@code base64url(payload || mac)} without padding; the
     * payload's first byte says its format), not yet checked against the signature.
     *
     * @throws IllegalArgumentException when the token is not of mfa4j's form, or not in its one canonical
     *                                  spelling
     */
    public static Signed signed(String token) {
        Objects.requireNonNull(token, "token");
        if (token.length() > MAX_TOKEN_LENGTH || token.indexOf('=') >= 0) {
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
    public static String token(byte[] body) {
        return B64.encodeToString(body);
    }

    /**
     * A parsed token.
     *
     * @param payload       what it claims
     * @param body          the signed bytes followed by the MAC
     * @param payloadLength where the signed bytes end
     */
    public record Signed(ProofPayload payload, byte[] body, int payloadLength) {
    }
}
