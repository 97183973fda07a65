/**
 * SMS as a channel for one-time codes, through Twilio: the transport and the phone-number checks the SMS provider
 * sits on.
 *
 * <p>Public: {@link org.mfa4j.provider.sms.TwilioSettings} only. The sender, its results and the phone-number
 * checks are package-private until the provider (a factory found by {@code ServiceLoader}, on the core's
 * one-time-code block) is written beside them.
 *
 * <p>What the transport guarantees: one POST per send, start or check, whatever Twilio answers (the SDK's retry
 * loop and HttpClient's automatic retries are both off: with them, one 503 became six POSTs, six SMS); a typed
 * result for every answer (sent, rejected with Twilio's code, unauthorized, rate limited, unavailable, timeout,
 * and whether the SMS may have gone out anyway); a Verify check that says "pending, not valid" is a refusal, not
 * an exception; the settings' timeouts on every request; a client instance per sender, never the SDK's static
 * global. Phone numbers are checked with libphonenumber against an allow-list of countries, and shown only
 * masked ({@code +1 *** *** 2671}) in log lines, results and {@code toString}.
 *
 * <p>What it does not do: retry, throttle, or budget. Send budgets (per user, number, prefix, country, overall)
 * and the resend cooldown belong to the core's one-time-code block, which this module will use.
 */
package org.mfa4j.provider.sms;
