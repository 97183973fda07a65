package org.mfa4j.provider.totp;

import org.mfa4j.spi.otp.Totp;

/**
 * The clock-skew record of one credential: the step offsets (matched step minus current step) of its last
 * {@value #HISTORY} accepted codes, oldest first, kept as a short text such as {@code 0,-1,-1} in the
 * credential's properties. It holds no secret and no code: only small integers within the window.
 *
 * <p>The diagnosis ({@link #diagnose}): the device runs early or late by {@code o} steps when {@code o} is
 * the non-zero offset matched most often among the recorded codes, at least {@value #MIN_MATCHES} times, at
 * least as often as offset 0 and more often than any other non-zero offset. Otherwise it is on time
 * ({@code 0}). A device whose code is typed just after it changed matches one step back now and then;
 * one whose clock is off matches there most of the time.
 */
final class ClockSkew {

    /** The property that holds the offsets. */
    static final String OFFSETS = "offsets";
    /** How many accepted codes are remembered. */
    static final int HISTORY = 8;
    /** How many of them must agree on one non-zero offset for a diagnosis. */
    static final int MIN_MATCHES = 3;

    /** A device on time for the whole history: appending 0 changes nothing, so nothing is written. */
    private static final String ON_TIME = "0,0,0,0,0,0,0,0";

    private ClockSkew() {
    }

    /**
     * The record after one more accepted code at {@code offset}: the oldest offset drops out past
     * {@value #HISTORY}. Returns {@code history} itself when nothing changes. A damaged record starts over.
     */
    static String append(String history, int offset) {
        if (offset == 0 && ON_TIME.equals(history)) {
            return history;
        }
        int[] kept = parse(history);
        StringBuilder sb = new StringBuilder(3 * HISTORY);
        for (int i = Math.max(0, kept.length - (HISTORY - 1)); i < kept.length; i++) {
            sb.append(kept[i]).append(',');
        }
        return sb.append(offset).toString();
    }

    /** The diagnosed offset in steps: negative when the device is late, positive when early, 0 when on time. */
    static int diagnose(String history) {
        int[] offsets = parse(history);
        if (offsets.length < MIN_MATCHES) {
            return 0;
        }
        int[] counts = new int[2 * Totp.MAX_WINDOW + 1];
        for (int o : offsets) {
            counts[o + Totp.MAX_WINDOW]++;
        }
        int zero = counts[Totp.MAX_WINDOW];
        int best = 0;
        int bestCount = 0;
        boolean tied = false;
        for (int i = 0; i < counts.length; i++) {
            int o = i - Totp.MAX_WINDOW;
            if (o == 0 || counts[i] == 0) {
                continue;
            }
            if (counts[i] > bestCount) {
                best = o;
                bestCount = counts[i];
                tied = false;
            } else if (counts[i] == bestCount) {
                tied = true;
            }
        }
        return bestCount >= MIN_MATCHES && bestCount >= zero && !tied ? best : 0;
    }

    /** The number of recorded offsets. */
    static int recorded(String history) {
        return parse(history).length;
    }

    /** The offsets of a record; an empty array for an empty or damaged one (it is a diagnostic, not a guard). */
    private static int[] parse(String history) {
        if (history.isEmpty() || history.length() > 4 * HISTORY) {
            return new int[0];
        }
        String[] parts = history.split(",", -1);
        if (parts.length > HISTORY) {
            return new int[0];
        }
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            int v = small(parts[i]);
            if (v == Integer.MIN_VALUE) {
                return new int[0];
            }
            out[i] = v;
        }
        return out;
    }

    /** {@code -10} to {@code 10} in ASCII, else {@link Integer#MIN_VALUE}. */
    private static int small(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() <= start || s.length() > start + 2) {
            return Integer.MIN_VALUE;
        }
        int v = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Integer.MIN_VALUE;
            }
            v = v * 10 + (c - '0');
        }
        return v > Totp.MAX_WINDOW ? Integer.MIN_VALUE : start == 1 ? -v : v;
    }
}
