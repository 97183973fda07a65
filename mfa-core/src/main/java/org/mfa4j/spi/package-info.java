/**
 * The provider SPI: what a third party implements to add a factor, and what the core hands it. A provider
 * is an {@link org.mfa4j.spi.MfaProviderFactory} found by {@link java.util.ServiceLoader} (or registered on
 * the builder) with a {@link org.mfa4j.spi.ProviderDescriptor}; its {@link org.mfa4j.spi.MfaProvider}
 * reads and stages the user's state only through a {@link org.mfa4j.spi.PropertyManager}, and returns
 * values: {@link org.mfa4j.spi.Setup}, {@link org.mfa4j.spi.Challenge}, {@link org.mfa4j.spi.Outcome},
 * {@link org.mfa4j.View}. Deliveries run once after commit; remote checks run once outside the retry
 * loop ({@link org.mfa4j.spi.RemoteCheck}). Providers of one-time-password factors (authenticator apps,
 * tokens) find HOTP, TOTP, Base32 and the otpauth URI in {@link org.mfa4j.spi.otp}; providers of codes sent
 * by e-mail, SMS or any other channel build on {@link org.mfa4j.spi.code.OneTimeCodes}. An entry may hold
 * several {@link org.mfa4j.spi.Credential}s (security keys, phone numbers), each with its own properties.
 * A provider may also offer usernameless sign-in as a first factor ({@link org.mfa4j.spi.PasskeySignIn}).
 *
 * <p>What a provider does not do: count failures, lock, keep flows, sign proofs or write to the store: the
 * core does all of that, the same way for every provider. A provider method may run more than once for one
 * call (the core re-runs an operation after a conflicting write), so it has no side effects outside its
 * property manager.
 */
package org.mfa4j.spi;
