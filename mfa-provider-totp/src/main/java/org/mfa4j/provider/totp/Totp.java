package org.mfa4j.provider.totp;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Mac;

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
     * Writes the code for {@code counter} into {@code out} as {@code out.length} ASCII digits with leading
     * zeros (RFC 4226 section 5.3, dynamic truncation).
     */
    static void code(Mac keyed, long counter, byte[] out) {
        byte[] message = new byte[8];
        long c = counter;
        for (int i = 7; i >= 0; i--) {
            message[i] = (byte) c;
            c >>>= 8;
        }
        byte[] h = keyed.doFinal(message);
        int offset = h[h.length - 1] & 0x0f;
        int binary = (h[offset] & 0x7f) << 24 | (h[offset + 1] & 0xff) << 16 | (h[offset + 2] & 0xff) << 8
                | h[offset + 3] & 0xff;
        int otp = binary % POWERS_OF_TEN[out.length];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = (byte) ('0' + otp % 10);
            otp /= 10;
        }
    }

    /**
     * Compares {@code typed} with the code of every step in {@code [current - window, current + window]}, all
     * of them whatever matches (each comparison in constant time), and says which step counts.
     *
     * @param key          the shared secret; not kept
     * @param typed        the answer, already validated as {@code digits} ASCII digits
     * @param lastAccepted the last step accepted for this credential, or {@link #NO_STEP}
     * @return the earliest matching step after {@code lastAccepted}; otherwise whether an older step matched
     */
    static Match match(HmacAlgorithm algorithm, byte[] key, byte[] typed, long current, int window,
                       long lastAccepted) {
        Mac mac = algorithm.keyed(key);
        byte[] expected = new byte[typed.length];
        long fresh = NO_STEP;
        boolean replayed = false;
        for (long s = Math.max(0, current - window); s <= current + window; s++) {
            code(mac, s, expected);
            boolean equal = MessageDigest.isEqual(expected, typed);
            if (equal && s > lastAccepted && fresh == NO_STEP) {
                fresh = s;
            } else if (equal && s <= lastAccepted) {
                replayed = true;
            }
        }
        Arrays.fill(expected, (byte) 0);
        if (fresh != NO_STEP) {
            return new Match(Match.Kind.ACCEPTED, fresh - current, fresh);
        }
        return new Match(replayed ? Match.Kind.REPLAYED : Match.Kind.NONE, 0, NO_STEP);
    }

    /**
     * What {@link #match} found.
     *
     * @param kind   accepted, an already-used step, or nothing
     * @param offset for an accepted code: its step minus the current step (clock skew)
     * @param step   for an accepted code: the step to record
     */
    record Match(Kind kind, long offset, long step) {
        enum Kind { ACCEPTED, REPLAYED, NONE }
    }
}
