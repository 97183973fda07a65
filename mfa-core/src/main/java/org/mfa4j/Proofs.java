package org.mfa4j;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.mfa4j.internal.ProofSigner;
import org.mfa4j.spi.UserDocument;

/**
 * Issues proofs and decides what a session's token is worth: the one place where a token becomes a
 * verified {@link Proof}. A token counts only if it is canonical, signed under the current key, for the
 * expected user and session, against the user's current factor epoch and, where an age is asked for, recent.
 */
final class Proofs {

    private final ProofSigner signer;
    private final Clock clock;

    Proofs(ProofSigner signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
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
        Optional<ProofPayload> verified = verified(session);
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
        Proof.Signed signed;
        try {
            signed = Proof.signed(token);
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
     * The proof that replaces {@code allowed} after the change it allowed moved the factor epoch: the same
     * user, session, providers, origin and age, so a chain of changes never makes a proof younger.
     */
    Proof successor(ProofPayload allowed, long epoch) {
        return sign(new ProofPayload(signer.currentKeyId(), allowed.userId(), allowed.flowDigest(), epoch,
                allowed.issuedAt(), allowed.providers(), allowed.enrolment()));
    }

    private Proof sign(ProofPayload payload) {
        ProofPayload.Writer body = payload.encode(Proof.MAC_LENGTH);
        signer.sign(body.array(), body.length());
        return new Proof(Proof.token(body.array()), payload.userId(), payload.providers(), payload.issuedAt(),
                payload.enrolment());
    }
}
