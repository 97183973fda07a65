/**
 * One-time-password building blocks for providers of authenticator-app and token factors, so that a second
 * OTP provider (HOTP, a vendor's TOTP variant) reuses what the TOTP provider uses instead of copying it:
 * {@link org.mfa4j.spi.otp.Hotp} (RFC 4226: codes, reading and comparing a typed code),
 * {@link org.mfa4j.spi.otp.Totp} (RFC 6238: a credential's parameters, time steps and the window search
 * that reports the step to keep as a replay guard), {@link org.mfa4j.spi.otp.HmacAlgorithm},
 * {@link org.mfa4j.spi.otp.Base32} (RFC 4648) and {@link org.mfa4j.spi.otp.OtpAuthUri}
 * ({@code otpauth://totp/} and {@code otpauth://hotp/}).
 *
 * <p>Codes come from a secret held in a {@link org.mfa4j.spi.SecretBytes}, with one {@code Mac} per thread
 * and algorithm that is only re-keyed, so verifying a code allocates next to nothing. Typed codes are read
 * strictly (exactly the code's digits, no number parsing) and compared whole, in constant time. Errors are
 * {@code IllegalArgumentException}s that name the rule broken, never the input or a secret.
 *
 * <p>What this package does not do: store anything. The secret is sealed, and the replay guard (the step
 * or counter accepted last) kept, by the provider in its {@link org.mfa4j.spi.PropertyManager}, which the
 * core writes in one compare-and-set with the operation; that is what makes a code work once across threads
 * and nodes. Nor does it draw secrets (use the context's {@code SecureRandom} and
 * {@link org.mfa4j.spi.otp.HmacAlgorithm#keyBytes()}), count failures or lock: the core does that for every
 * provider. QR codes are a provider's own (the TOTP provider renders them with ZXing).
 */
package org.mfa4j.spi.otp;
