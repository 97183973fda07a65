package org.mfa4j.provider.totp;

import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import org.mfa4j.spi.SecretBytes;

/**
 * RFC 4226 (HOTP) and RFC 6238 (TOTP) arithmetic for the verification hot path. Written here rather than
 * taken from googleauth because googleauth creates a {@code Mac} per code; the tests check these codes
 * against googleauth and against the RFC appendices.
 */
final class Totp {

    /** No step accepted yet. Steps of real clocks are never negative. */
    static final long NO_STEP = -1;

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
            100_000_000};

    private Totp() {
    }

    /** The time step {@code now} falls in: whole periods since the Unix epoch. */
    static long step(Instant now, int periodSeconds) {
        return Math.floorDiv(now.getEpochSecond(), periodSeconds);
    }

    /**
     * The code for {@code counter} as a number below {@code 10^digits} (RFC 4226 section 5.3, dynamic
     * truncation). {@code message} (8 bytes) and {@code hash} (the HMAC length) are scratch space.
     */
    static int code(Mac keyed, long counter, int digits, byte[] message, byte[] hash) {
        long c = counter;
        for (int i = 7; i >= 0; i--) {
            message[i] = (byte) c;
            c >>>= 8;
        }
        keyed.update(message);
        try {
            keyed.doFinal(hash, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC output longer than expected", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = (hash[offset] & 0x7f) << 24 | (hash[offset + 1] & 0xff) << 16 | (hash[offset + 2] & 0xff) << 8
                | hash[offset + 3] & 0xff;
        return binary % POWERS_OF_TEN[digits];
    }

    /**
     * Finds the step of {@code [current - window, current + window]} whose code is {@code typed}.
     *
     * <p>Steps not yet used (after {@code lastAccepted}) are tried nearest first: the current step, then
     * one back, one ahead, two back, and so on; the first match is accepted. When none of them matches, the
     * used steps are computed too, to tell a replay from a wrong code. So a refusal always computes every
     * step of the window, whatever the secret, the code or the replay guard, and only an acceptance can end
     * early: its time tells which step matched, which the accepted outcome reports anyway
     * ({@code stepOffset}). Each comparison is of the whole code, in constant time.
     *
     * @param key          the shared secret; not kept
     * @param typed        the answer as a number, already validated as {@code digits} ASCII digits
     * @param lastAccepted the last step accepted for this credential, or {@link #NO_STEP}
     * @return the accepted step; otherwise whether an already used step matched
     */
    static Match match(HmacAlgorithm algorithm, SecretBytes key, int typed, int digits, long current, int window,
                       long lastAccepted) {
        HmacAlgorithm.Keyed keyed = algorithm.keyed(key);
        Mac mac = keyed.mac;
        byte[] message = keyed.message;
        byte[] hash = keyed.hash;
        try {
            for (int d = 0; d <= 2 * window; d++) {
                // 0, -1, +1, -2, +2, ...
                long s = (d & 1) == 0 ? current + d / 2 : current - (d + 1) / 2;
                if (s >= 0 && s > lastAccepted && equal(code(mac, s, digits, message, hash), typed)) {
                    return new Match(Match.Kind.ACCEPTED, s - current, s);
                }
            }
            boolean replayed = false;
            boolean repeated = false;
            for (long s = Math.max(0, current - window); s <= current + window && s <= lastAccepted; s++) {
                boolean same = equal(code(mac, s, digits, message, hash), typed);
                replayed |= same;
                repeated |= same & s == lastAccepted;
            }
            Match.Kind kind = repeated ? Match.Kind.REPEATED : replayed ? Match.Kind.REPLAYED : Match.Kind.NONE;
            return new Match(kind, 0, NO_STEP);
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    /** Whether two codes are equal, without a branch on how much of them is. */
    private static boolean equal(int a, int b) {
        return (a ^ b) == 0;
    }

    /**
     * The typed code as a number: {@code digits} is exactly the code's length in ASCII digits (leading
     * zeros kept by the length check, not the value).
     */
    static int value(byte[] digits) {
        int v = 0;
        for (byte b : digits) {
            v = v * 10 + (b - '0');
        }
        return v;
    }

    /**
     * What {@link #match} found.
     *
     * @param kind   accepted, the step accepted last (a repeat), another already-used step, or nothing
     * @param offset for an accepted code: its step minus the current step (clock skew)
     * @param step   for an accepted code: the step to record
     */
    record Match(Kind kind, long offset, long step) {
        enum Kind { ACCEPTED, REPEATED, REPLAYED, NONE }
    }
}
