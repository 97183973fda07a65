package org.mfa4j.benchmarks;

import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The benchmarks' own one-time-code arithmetic (RFC 4226 dynamic truncation over an 8-byte big-endian
 * counter), so a benchmark can produce the code an authenticator app would show from nothing but the Base32
 * secret in the public setup view. Independent of the TOTP provider's code on purpose: a benchmark that
 * reused the provider's arithmetic could not notice it computing the wrong codes.
 */
public final class OtpCodes {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private OtpCodes() {
    }

    /** RFC 4648 Base32 without padding, case-insensitive: the form of the setup view's secret. */
    public static byte[] base32(String text) {
        String s = text.replace("=", "").replace(" ", "").toUpperCase(Locale.ROOT);
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            int v = BASE32.indexOf(s.charAt(i));
            if (v < 0) {
                throw new IllegalArgumentException("not Base32: character " + i);
            }
            buffer = buffer << 5 | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >>> bits);
            }
        }
        return out;
    }

    /** The JCA name of a TOTP algorithm setting ({@code SHA1} becomes {@code HmacSHA1}). */
    public static String jcaName(String algorithm) {
        return "Hmac" + algorithm.toUpperCase(Locale.ROOT);
    }

    /** A new {@code Mac} keyed with {@code key}. */
    public static Mac keyedMac(String algorithm, byte[] key) {
        try {
            Mac mac = Mac.getInstance(jcaName(algorithm));
            mac.init(new SecretKeySpec(key, jcaName(algorithm)));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no " + jcaName(algorithm) + " in this JVM", e);
        }
    }

    /** The {@code digits}-digit code of {@code counter} as a number. */
    public static int code(Mac mac, long counter, int digits) {
        byte[] message = new byte[8];
        long c = counter;
        for (int i = 7; i >= 0; i--) {
            message[i] = (byte) c;
            c >>>= 8;
        }
        byte[] h = mac.doFinal(message);
        int offset = h[h.length - 1] & 0x0f;
        int binary = (h[offset] & 0x7f) << 24 | (h[offset + 1] & 0xff) << 16 | (h[offset + 2] & 0xff) << 8
                | h[offset + 3] & 0xff;
        return binary % POW10[digits];
    }

    /** Writes {@code code} as {@code digits} ASCII digits with leading zeros at {@code out[at..]}. */
    public static void write(int code, int digits, byte[] out, int at) {
        int v = code;
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
    }

    /** The code as the string a user types: {@code digits} digits with leading zeros. */
    public static String text(int code, int digits) {
        byte[] b = new byte[digits];
        write(code, digits, b, 0);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
