package org.mfa4j.examples.hotp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What a token app is given at setup: the secret in unpadded Base32 (RFC 4648) and the
 * {@code otpauth://hotp/Issuer:account?secret=..&issuer=..&counter=0} URI of Google's Key Uri Format. Digits
 * (6) and algorithm (SHA1) are the format's defaults and so are left out.
 */
final class OtpAuth {

    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private OtpAuth() {
    }

    /** Each 5 bits of {@code data}, high bits first, as one Base32 letter; the last group padded with zeros. */
    static String base32(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        for (int bit = 0; bit < data.length * 8; bit += 5) {
            int i = bit / 8;
            int window = (data[i] & 0xff) << 8 | (i + 1 < data.length ? data[i + 1] & 0xff : 0);
            sb.append(BASE32.charAt((window >>> (11 - bit % 8)) & 0x1f));
        }
        return sb.toString();
    }

    /** The URI for a new credential, whose first code is the one of counter 0. */
    static String uri(String issuer, String account, String base32Secret) {
        return "otpauth://hotp/" + encode(issuer) + ":" + encode(account) + "?secret=" + base32Secret
                + "&issuer=" + encode(issuer) + "&counter=0";
    }

    /** Percent-encoding from UTF-8, a space as {@code %20} (never {@code +}, which apps would show). */
    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
