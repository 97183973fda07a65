package org.mfa4j.spi.otp;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.mfa4j.spi.SecretBytes;

/**
 * RFC 6238 TOTP: HOTP ({@link Hotp}) with the time step as the counter, the whole periods since the Unix
 * epoch. The parameters of one credential, validated here; store them with the credential, so that a later
 * change of a provider's settings does not break users who enrolled before it.
 *
 * <p>{@link #match} is the verification: it searches the window around the current step and returns the
 * step it accepted, which the caller stores as its replay guard (NIST SP 800-63B: each time-based code is
 * accepted once) and passes back the next time. Like {@link Hotp#code(HmacAlgorithm, SecretBytes, long, int)}
 * it uses this thread's {@code Mac} and allocates nothing but its result.
 *
 * @param algorithm     the HMAC function
 * @param digits        code length, 6 to 8
 * @param periodSeconds seconds per time step, 1 to 3600 (RFC 6238's X; the otpauth URI's {@code period})
 * @param window        steps accepted either side of the current one, 0 to {@value #MAX_WINDOW}
 */
public record Totp(HmacAlgorithm algorithm, int digits, int periodSeconds, int window) {

    /** Code length most apps assume when the otpauth URI names none. */
    public static final int DEFAULT_DIGITS = 6;
    /** Seconds per step most apps assume when the otpauth URI names none (RFC 6238's recommendation). */
    public static final int DEFAULT_PERIOD_SECONDS = 30;
    /** The widest window: each step more either side is two more codes a guesser may hit per try. */
    public static final int MAX_WINDOW = 10;
    /** No step accepted yet ({@link #match}'s {@code lastAccepted} for a new credential). */
    public static final long NO_STEP = -1;

    private static final int MAX_PERIOD_SECONDS = 3_600;

    /**
     * @throws IllegalArgumentException when a parameter is out of its range
     * @throws NullPointerException     when {@code algorithm} is null
     */
    public Totp {
        Objects.requireNonNull(algorithm, "algorithm");
        Hotp.requireDigits(digits);
        if (periodSeconds < 1 || periodSeconds > MAX_PERIOD_SECONDS) {
            throw new IllegalArgumentException("a TOTP period is 1 to 3600 seconds");
        }
        if (window < 0 || window > MAX_WINDOW) {
            throw new IllegalArgumentException("a TOTP window is 0 to " + MAX_WINDOW + " steps either side");
        }
    }

    /** The time step {@code now} falls in: whole periods since the Unix epoch (negative before it). */
    public long step(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), periodSeconds);
    }

    /** The code of {@code step} under {@code key}, as a number below {@code 10^digits}. */
    public int code(SecretBytes key, long step) {
        return Hotp.code(algorithm, key, step, digits);
    }

    /**
     * Finds the step of {@code [current - window, current + window]} whose code is {@code typed}, where
     * {@code current} is the step of {@code now}.
     *
     * <p>Steps not used yet (after {@code lastAccepted}) are tried nearest first: the current step, then one
     * back, one ahead, two back, and so on; the first match is accepted. When none of them matches, the used
     * steps are computed too, to tell a replay from a wrong code. So a refusal always computes every step of
     * the window, whatever the secret, the code or the replay guard, and only an acceptance can end early: its
     * time tells which step matched, which the result reports anyway ({@link Match#offset}). Each comparison is
     * of the whole code, in constant time. Steps before the epoch are never accepted.
     *
     * @param key          the shared secret; not kept beyond this thread's {@code Mac}
     * @param typed        the answer as a number, from {@link Hotp#parse} with this credential's digits
     * @param lastAccepted the step accepted last for this credential, or {@link #NO_STEP}
     * @return the accepted step; otherwise whether an already used step matched
     * @throws IllegalArgumentException when {@code typed} is negative or has more than {@code digits} digits
     */
    public Match match(SecretBytes key, int typed, Instant now, long lastAccepted) {
        if (typed < 0 || typed >= Hotp.bound(digits)) {
            throw new IllegalArgumentException("the typed code is not one of " + digits + " digits; read it with "
                    + "Hotp.parse");
        }
        long current = step(now);
        HmacAlgorithm.Keyed keyed = algorithm.keyed(Objects.requireNonNull(key, "key"));
        try {
            for (int d = 0; d <= 2 * window; d++) {
                // 0, -1, +1, -2, +2, ...
                long s = (d & 1) == 0 ? current + d / 2 : current - (d + 1) / 2;
                if (s >= 0 && s > lastAccepted && Hotp.equal(Hotp.code(keyed, s, digits), typed)) {
                    return new Match(Match.Kind.ACCEPTED, (int) (s - current), s);
                }
            }
            boolean replayed = false;
            boolean repeated = false;
            for (long s = Math.max(0, current - window); s <= current + window && s <= lastAccepted; s++) {
                boolean same = Hotp.equal(Hotp.code(keyed, s, digits), typed);
                replayed |= same;
                repeated |= same & s == lastAccepted;
            }
            Match.Kind kind = repeated ? Match.Kind.REPEATED : replayed ? Match.Kind.REPLAYED : Match.Kind.NONE;
            return new Match(kind, 0, NO_STEP);
        } finally {
            Arrays.fill(keyed.hash, (byte) 0);
        }
    }

    /**
     * What {@link #match} found.
     *
     * @param kind   accepted, the step accepted last again (a repeat), another used step (a replay), or none
     * @param offset for an accepted code: its step minus the current step (clock skew), within the window
     * @param step   for an accepted code: the step to store as the replay guard; otherwise {@link #NO_STEP}
     */
    public record Match(Kind kind, int offset, long step) {

        /** @throws NullPointerException when {@code kind} is null */
        public Match {
            Objects.requireNonNull(kind, "kind");
        }

        /** The outcomes of a window search. */
        public enum Kind {
            /** A step after the last accepted one matched: accept, and store {@link Match#step}. */
            ACCEPTED,
            /** Only the step accepted last matched: the same code again (a double submit, or a replay). */
            REPEATED,
            /** Only an older used step matched: a replay. */
            REPLAYED,
            /** No step of the window matched: a wrong code. */
            NONE
        }
    }
}
