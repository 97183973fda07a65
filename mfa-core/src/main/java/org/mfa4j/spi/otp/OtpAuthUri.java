package org.mfa4j.spi.otp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The {@code otpauth://} URIs authenticator apps scan (Google's Key Uri Format), for time-based
 * ({@code totp}) and counter-based ({@code hotp}) credentials: the label {@code Issuer:account}, each part
 * percent-encoded from UTF-8 except RFC 3986's unreserved characters (a space is {@code %20}, never
 * {@code +}); the secret in unpadded upper-case {@link Base32}; the {@code issuer} parameter; then
 * {@code algorithm}, {@code digits} and {@code period} only where they differ from what many apps assume
 * (SHA1, 6, 30), and for HOTP always the {@code counter}.
 *
 * <p>The URI holds the secret: show it to the user being enrolled (as text or a QR code rendered on the
 * server), never log it or send it to a third-party QR service.
 */
public final class OtpAuthUri {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private OtpAuthUri() {
    }

    /**
     * The {@code otpauth://totp/} URI of a credential; its {@code window} is the server's business and is
     * not in the URI.
     *
     * @param issuer  shown by the app beside the account; no colon (the label's separator)
     * @param account the user's account label, such as an e-mail address
     * @param secret  the shared secret; not kept
     * @throws IllegalArgumentException when the issuer holds a colon
     */
    public static String totp(String issuer, String account, byte[] secret, Totp totp) {
        Objects.requireNonNull(totp, "totp");
        StringBuilder sb = start("otpauth://totp/", issuer, account, secret);
        parameters(sb, totp.algorithm(), totp.digits());
        if (totp.periodSeconds() != Totp.DEFAULT_PERIOD_SECONDS) {
            sb.append("&period=").append(totp.periodSeconds());
        }
        return sb.toString();
    }

    /**
     * The {@code otpauth://hotp/} URI of a credential whose next code is that of {@code counter}.
     *
     * @param issuer  shown by the app beside the account; no colon (the label's separator)
     * @param account the user's account label, such as an e-mail address
     * @param secret  the shared secret; not kept
     * @param digits  code length, 6 to 8
     * @param counter the counter of the app's first code, at least 0
     * @throws IllegalArgumentException when the issuer holds a colon, or {@code digits} or {@code counter} is out
     *                                  of range
     */
    public static String hotp(String issuer, String account, byte[] secret, HmacAlgorithm algorithm, int digits,
                              long counter) {
        Objects.requireNonNull(algorithm, "algorithm");
        Hotp.requireDigits(digits);
        if (counter < 0) {
            throw new IllegalArgumentException("an otpauth counter is at least 0");
        }
        StringBuilder sb = start("otpauth://hotp/", issuer, account, secret);
        parameters(sb, algorithm, digits);
        return sb.append("&counter=").append(counter).toString();
    }

    /** The scheme and type, the label, the secret and the issuer parameter. */
    private static StringBuilder start(String prefix, String issuer, String account, byte[] secret) {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(account, "account");
        if (issuer.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an otpauth issuer holds no colon: it separates issuer and account "
                    + "in the label");
        }
        StringBuilder sb = new StringBuilder(128).append(prefix);
        encode(issuer, sb);
        sb.append(':');
        encode(account, sb);
        sb.append("?secret=").append(Base32.encode(secret)).append("&issuer=");
        encode(issuer, sb);
        return sb;
    }

    private static void parameters(StringBuilder sb, HmacAlgorithm algorithm, int digits) {
        if (algorithm != HmacAlgorithm.SHA1) {
            sb.append("&algorithm=").append(algorithm.name());
        }
        if (digits != Totp.DEFAULT_DIGITS) {
            sb.append("&digits=").append(digits);
        }
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
