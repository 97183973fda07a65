package org.mfa4j.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the instants documents hold ({@link Instant#toString()}, ISO-8601 in UTC) as {@link Instant#parse}
 * does, without its general formatter for the one shape the core writes: {@code yyyy-MM-ddTHH:mm:ss} with
 * 0 to 9 digits of fraction and {@code Z}. Any other text (another case, an offset, a leap second, a year
 * outside 0000 to 9999, a date that does not exist) goes to {@link Instant#parse}, so what is accepted,
 * what it means and how a refusal is thrown stay exactly {@code Instant.parse}'s. A provider's expiry is read
 * on every answer, and the general formatter cost more than the rest of reading the request.
 */
final class Instants {

    private static final int[] SCALE = {1_000_000_000, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000,
            1_000, 100, 10, 1};

    private Instants() {
    }

    /**
     * {@code Instant.parse(text)}.
     *
     * @throws java.time.format.DateTimeParseException as {@link Instant#parse} throws it
     */
    static Instant parse(String text) {
        Instant fast = common(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant of text in the shape {@link Instant#toString()} writes, or null for any other text. */
    private static Instant common(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21) {
                return null;
            }
            int fraction = digits(s, 20, n - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction * SCALE[n - 21];
        }
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /** The decimal number {@code s[from, to)} (at most 9 digits), or -1 if any character is not an ASCII digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
