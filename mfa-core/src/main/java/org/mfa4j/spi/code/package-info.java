/**
 * One-time codes sent out of band, the building block of the e-mail and SMS factors and of any third-party
 * sent-code factor: {@link org.mfa4j.spi.code.OneTimeCodes} makes codes from {@code SecureRandom}, keeps only
 * a keyed hash of each, enforces their lifetime (default 5 minutes, at most 10: NIST SP 800-63B-4) and single
 * use, waits a cooldown between sends, names the send budgets the core charges before anything is sent
 * ({@link org.mfa4j.spi.code.SendBudget}), masks destinations, and hands each message to a
 * {@link org.mfa4j.spi.code.CodeChannel} once, after commit.
 *
 * <p>It does not talk to any peer: a channel does (SMTP, Twilio). It does not count wrong answers: the core's
 * lockout does, and a resend never resets that count.
 */
package org.mfa4j.spi.code;
