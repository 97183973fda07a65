/**
 * Duo Universal Prompt: the transport to Duo through the real Duo Universal SDK
 * ({@code com.duosecurity:duo-universal-sdk}), on which the {@code duo} provider will sit.
 *
 * <p>Public: {@link org.mfa4j.provider.duo.DuoSettings} only (client id, client secret, API hostname,
 * redirect URI, fail mode, proxy, certificate pins, timeouts). Everything else is package-private: the
 * gateway that makes the three calls to Duo (health check, authorization URL, code exchange) and the
 * values it returns (health, fail-mode decision, exchange outcome, state).
 *
 * <p>What this package does not do: it stores nothing. The caller keeps the state server-side, bound to
 * the user and the login flow and single use, and compares it with the callback's before the exchange;
 * the SDK checks neither the state nor a nonce. The exchange is a remote call that cannot be repeated
 * (Duo's code is single use), so it is run once, outside any compare-and-set retry loop.
 */
package org.mfa4j.provider.duo;
