/**
 * An example third-party factor: RFC 4226 HOTP counter codes, written only against mfa4j's exported API. Only
 * {@link org.mfa4j.examples.hotp.HotpProviderFactory} is public, the provider package-private; the HOTP
 * arithmetic, Base32 and the otpauth URI are the core's {@code org.mfa4j.spi.otp}. Not a published artifact:
 * copy it as the start of your own provider.
 */
package org.mfa4j.examples.hotp;
