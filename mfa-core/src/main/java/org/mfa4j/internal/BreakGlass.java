package org.mfa4j.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.Identifiers;
import org.mfa4j.spi.SecretBytes;

/**
 * Break-glass codes: an administrator's single-use, time-limited bypass of the second factor for one user,
 * where one would otherwise delete the user's MFA state. A user has at most one outstanding code: issuing
 * another replaces it. The document keeps a keyed hash of the code in the context of the user and the
 * code's id, who issued it and until when it counts; the verification that accepts it removes it in the
 * same compare-and-set, so of two concurrent uses one succeeds. Issue and use are events that name the
 * administrator.
 *
 * <p>A code is {@value #LENGTH} characters of a 32-letter alphabet without look-alikes (100 bits), shown
 * in groups of five; separators and case do not matter when typed. Wrong answers are not counted: at 100
 * bits and a lifetime of at most {@link #MAX_LIFETIME} there is nothing to guess.
 */
public final class BreakGlass {

    /** What results and proofs name in place of a provider id. */
    public static final String ID = "break-glass";

    /** How long a code counts unless the administrator says otherwise. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

    /** The longest lifetime an administrator may give a code. */
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);

    static final int LENGTH = 20;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int MAX_ISSUER_BYTES = 128;

    private final Engine e;

    public BreakGlass(Engine engine) {
        this.e = engine;
    }

    /** A code just issued: shown once to the administrator, never stored. */
    public static final class Issued {
        public final String id;
        /** The code in groups of five, as the administrator reads it out. */
        public final String code;
        public final Instant expires;

        Issued(String id, String code, Instant expires) {
            this.id = id;
            this.code = code;
            this.expires = expires;
        }

        @Override
        public String toString() {
            return "Issued[id=" + id + ", expires=" + expires + "]";
        }
    }

    /** See {@code MfaAdmin.issueBreakGlass}. */
    public Issued issue(String userId, String issuedBy, Duration lifetime) {
        MfaUser.requireId(userId);
        requireAdministrator(issuedBy);
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new InvalidRequestException("a break-glass code's lifetime must be positive and at most "
                    + MAX_LIFETIME);
        }
        return e.tx.run(userId, doc -> {
            Instant now = e.clock.instant();
            String id = id();
            String code = code();
            Instant expires = now.plus(lifetime);
            BreakGlassRecord rec = new BreakGlassRecord(id, issuedBy, now, expires,
                    e.cipher.hash(ascii(code), context(userId, id)));
            return Step.write(doc.withBreakGlass(Optional.of(rec)), new Issued(id, grouped(code), expires),
                    new MfaEvent.BreakGlassIssued(now, userId, id, issuedBy, expires, doc.breakGlass().isPresent()));
        });
    }

    /** An administrator's withdrawal of the user's outstanding code: false when there was none. */
    public boolean revoke(String userId, String revokedBy) {
        MfaUser.requireId(userId);
        requireAdministrator(revokedBy);
        return e.tx.run(userId, doc -> {
            if (doc.breakGlass().isEmpty()) {
                return Step.none(Boolean.FALSE);
            }
            return Step.write(doc.withBreakGlass(Optional.empty()), Boolean.TRUE,
                    new MfaEvent.BreakGlassRevoked(e.clock.instant(), userId, doc.breakGlass().get().id(), revokedBy));
        });
    }

    /** The administrator's name as the application gives it: the rules of {@link Identifiers}, at most 128 bytes. */
    private static void requireAdministrator(String name) {
        try {
            Identifiers.require("administrator name", name, MAX_ISSUER_BYTES);
        } catch (IllegalArgumentException ex) {
            throw new InvalidRequestException(ex.getMessage());
        }
    }

    /** See {@code Mfa.verifyBreakGlass}. */
    public Result verify(MfaUser user, MfaInput input, MfaSession session) {
        String typed = normalised(input.code().orElse(""));
        if (typed == null) {
            Result malformed = refusedResult(Status.REJECTED, FailureReason.MALFORMED_INPUT);
            e.events.publish(List.of(new MfaEvent.BreakGlassRefused(e.clock.instant(), user.id(), Status.REJECTED)));
            return malformed;
        }
        SecretBytes code = ascii(typed);
        String flowId = e.proofs.sessionDigest(session);
        return e.tx.run(user.id(), doc -> {
            Instant now = e.clock.instant();
            BreakGlassRecord rec = doc.breakGlass().orElse(null);
            if (rec == null || !e.cipher.matchesHash(rec.hash(), code, context(user.id(), rec.id()))) {
                return refusal(user, Status.REJECTED, FailureReason.WRONG_CODE, now);
            }
            if (!now.isBefore(rec.expires())) {
                return refusal(user, Status.EXPIRED, FailureReason.EXPIRED, now);
            }
            // Used up in the same write that accepts it; the administrator vouched, so the account count starts again.
            UserDocument next = doc.withBreakGlass(Optional.empty()).withAccountFailures(0);
            return Step.write(next, Result.accepted(ID, 0,
                    e.proofs.issue(user.id(), flowId, next.factorEpoch(), now, List.of(ID), false), Map.of()),
                    new MfaEvent.BreakGlassUsed(now, user.id(), rec.id(), rec.issuedBy(), rec.issued()));
        });
    }

    private static Step<Result> refusal(MfaUser user, Status status, FailureReason reason, Instant now) {
        return Step.none(refusedResult(status, reason), List.of(new MfaEvent.BreakGlassRefused(now, user.id(), status)));
    }

    private static Result refusedResult(Status status, FailureReason reason) {
        return Result.refused(status, ID, Optional.of(reason), 0, Map.of());
    }

    /** The code typed, upper case, without separators; null when it cannot be a code. */
    static String normalised(String typed) {
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < typed.length(); i++) {
            char c = Character.toUpperCase(typed.charAt(i));
            if (ALPHABET.indexOf(c) >= 0 && b.length() < LENGTH) {
                b.append(c);
            } else if (!MfaInput.isCodeSeparator(c)) {
                return null;
            }
        }
        return b.length() == LENGTH ? b.toString() : null;
    }

    private String code() {
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            b.append(ALPHABET.charAt(e.random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    private String id() {
        byte[] b = new byte[9];
        e.random.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String grouped(String code) {
        StringBuilder b = new StringBuilder(LENGTH + LENGTH / 5);
        for (int i = 0; i < LENGTH; i += 5) {
            b.append(i == 0 ? "" : "-").append(code, i, i + 5);
        }
        return b.toString();
    }

    private static SecretBytes ascii(String s) {
        return SecretBytes.copyOf(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String[] context(String userId, String codeId) {
        return new String[] {ID, userId, codeId};
    }
}
