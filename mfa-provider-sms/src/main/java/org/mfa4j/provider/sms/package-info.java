/**
 * SMS as a channel for one-time codes, through Twilio: the transport and the phone-number checks the SMS provider
 * sits on.
 *
 * <p>Public: {@link org.mfa4j.provider.sms.SmsProviderFactory} (found by {@code ServiceLoader}) and
 * {@link org.mfa4j.provider.sms.TwilioSettings}. The providers (Programmable Messaging on the core's one-time-code
 * block; Twilio Verify), the sender, its results and the phone-number checks are package-private.
 *
 * <p>What the transport guarantees: one POST per send, start or check, whatever Twilio answers (the SDK's retry
 * loop and HttpClient's automatic retries are both off: with them, one 503 became six POSTs, six SMS); a typed
 * result for every answer (sent, rejected with Twilio's code, unauthorized, rate limited, unavailable, timeout,
 * and whether the SMS may have gone out anyway); a Verify check that says "pending, not valid" is a refusal, not
 * an exception; the settings' timeouts on every request; a client instance per sender, never the SDK's static
 * global. Phone numbers are checked with libphonenumber against an allow-list of countries, and shown only
 * masked ({@code +1 *** *** 2671}) in log lines, results and {@code toString}.
 *
 * <p>What it does not do: retry, or count sends itself. Send budgets (per user, number, prefix, country, overall)
 * are charged by the core's ledger before every text and every Verify start; the resend cooldown is the
 * one-time-code block's (Messaging) or the Verify provider's own (the same rule).
 */
package org.mfa4j.provider.sms;
