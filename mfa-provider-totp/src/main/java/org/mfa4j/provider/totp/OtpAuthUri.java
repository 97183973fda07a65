package org.mfa4j.provider.totp;

import java.nio.charset.StandardCharsets;

/**
 * The {@code otpauth://totp/} URI authenticator apps scan (Google's Key Uri Format): label
 * {@code Issuer:account}, each part percent-encoded as RFC 3986 requires (a space is {@code %20}, never
 * {@code +}), the secret in unpadded Base32, and {@code algorithm}, {@code digits} and {@code period} only
 * when they differ from the defaults many apps assume (SHA1, 6, 30).
 */
final class OtpAuthUri {

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private OtpAuthUri() {
    }

    static String of(String issuer, String account, String base32Secret, TotpParameters p) {
        StringBuilder sb = new StringBuilder(128).append("otpauth://totp/");
        encode(issuer, sb);
        sb.append(':');
        encode(account, sb);
        sb.append("?secret=").append(base32Secret).append("&issuer=");
        encode(issuer, sb);
        if (p.algorithm() != HmacAlgorithm.SHA1) {
            sb.append("&algorithm=").append(p.algorithm().name());
        }
        if (p.digits() != TotpParameters.DEFAULT_DIGITS) {
            sb.append("&digits=").append(p.digits());
        }
        if (p.period() != TotpParameters.DEFAULT_PERIOD) {
            sb.append("&period=").append(p.period());
        }
        return sb.toString();
    }

    /** RFC 4648 Base32, upper case, without padding (authenticator apps expect none). */
    static String base32(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32[buffer >>> bits - 5 & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(BASE32[buffer << 5 - bits & 0x1f]);
        }
        return sb.toString();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, from UTF-8. */
    private static void encode(String s, StringBuilder sb) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >>> 4]).append(HEX[c & 0x0f]);
            }
        }
    }
}
