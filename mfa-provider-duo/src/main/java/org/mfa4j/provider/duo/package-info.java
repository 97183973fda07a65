/**
 * Duo Universal Prompt as the {@code duo} provider, through the real Duo Universal SDK
 * ({@code com.duosecurity:duo-universal-sdk}).
 *
 * <p>Public: {@link org.mfa4j.provider.duo.DuoProviderFactory} (what the provider does, its settings, view
 * keys, details and notices) and {@link org.mfa4j.provider.duo.DuoSettings} (the checked connection
 * settings). Everything else is package-private: the provider on the core's SPI, the gateway that makes the
 * three calls to Duo (health check, authorization URL, code exchange) and the values it returns (health,
 * fail-mode decision, exchange outcome, state), the stored state and the callback's parameters.
 *
 * <p>What this package does not do: it never stores anything itself (the core writes the state it keeps,
 * sealed, with the user's document) and it never repeats a code exchange: Duo's code is single use, so the
 * exchange runs once, outside the core's compare-and-set retry loop, and a failed one is a refusal. It does
 * not check a nonce (the SDK sends none); the server-side state binds the callback to the user and the flow.
 */
package org.mfa4j.provider.duo;
