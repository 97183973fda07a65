package org.mfa4j.provider.duo;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaUser;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.Settings;

/**
 * Duo Universal Prompt (an OIDC redirect to Duo, which runs push, SMS, phone call or passcode itself),
 * through the real Duo Universal SDK. Provider id {@value #ID}; found by {@code ServiceLoader}.
 *
 * <h2>Sign-in</h2>
 * {@code Mfa.prompt} asks Duo's health check first. Duo up: a state of 256 bits from the core's
 * {@code SecureRandom} is sealed into the login flow's properties (bound to the user and to this session's
 * flow; the core voids it when the flow resets or completes) with its expiry, and the prompt's view holds
 * {@value #VIEW_URL}, Duo's authorization URL: send the browser there. Duo sends it back to the redirect URI
 * with {@code duo_code} and {@code state}; hand both to {@code Mfa.verify} as
 * {@code MfaInput.of(Map.of("state", .., "duo_code", ..))} ({@code code} is read when there is no
 * {@code duo_code}). The state must be the stored one, compared in constant time (the SDK does not check
 * it); only then is the code exchanged with Duo, once, outside the core's compare-and-set retry loop. Inside
 * the transaction the state is checked again and consumed, and the answer passes only when Duo's ID token
 * verifies (HS512 under the client secret, issuer, audience, expiry) and names this user, and its
 * {@code auth_result.status} is {@code allow} (the SDK does not throw for a {@code deny}). Refusals are
 * typed: a wrong state {@code WRONG_CODE}, the state used last again {@code REPLAY} (not counted for a
 * double submit in the session it signed in), no state pending {@code NO_CHALLENGE} (another user's or
 * another flow's state), a state or token past its time {@code EXPIRED}, a token for another user or with a
 * bad signature {@code WRONG_CODE}, Duo's denial or an {@code error} callback {@code DENIED}, a network
 * failure or timeout {@code UNAVAILABLE}. The result's detail {@value #DETAIL_DUO} says which. Bad tokens
 * and network failures are also notices ({@value #NOTICE_BAD_TOKEN}, {@value #NOTICE_UNREACHABLE}) with
 * mfa4j's own words, never Duo's answer.
 *
 * <h2>Duo down</h2>
 * Fail mode {@code closed} (the default): the prompt is refused with status {@code UNAVAILABLE} and nothing
 * is stored. Fail mode {@code open}: the prompt's view holds, as {@value #VIEW_URL}, the redirect URI with
 * a fresh state (and {@value #VIEW_FAIL_OPEN} {@code true}); the callback with that state alone passes,
 * with detail {@value #DETAIL_DUO} {@code fail-open} and a notice {@value #NOTICE_FAIL_OPEN} every time.
 * <b>The risk:</b> whoever can make the health check fail (block the route to Duo, break DNS or the proxy,
 * slow it past the timeout) signs in with the first factor alone. Use it only where availability matters
 * more than the second factor, and alert on those notices. A code exchange that fails is refused in either
 * mode.
 *
 * <h2>Setup</h2>
 * Duo enrols users in its own prompt. {@code Mfa.setup} keeps a state in the entry and its view holds
 * {@value #VIEW_URL} for a first round trip; {@code Mfa.activate} with that callback makes the same checks
 * as a sign-in and records that the user uses Duo. Setup asks no health check and never fails open.
 *
 * <h2>Settings</h2>
 * Keys of {@code configure("duo", ...)}, or environment variables {@code MFA4J_DUO_<KEY>} (upper case,
 * dashes as underscores); {@link DuoSettings} says more about the first ones:
 * <ul>
 *   <li>{@code client-id}, {@code client-secret}, {@code api-host}, {@code redirect-uri}: required, from the
 *       Duo Admin Panel (Applications, Web SDK). The redirect URI has no query: mfa4j adds one.</li>
 *   <li>{@code fail-mode}: {@code closed} or {@code open}. The default is {@code closed}; see above.</li>
 *   <li>{@code sole-factor}: {@code true} makes Duo a sole factor (Auth0's rule): it is then allowed for a
 *       user only when no other provider is, and must be the user's only one ({@code Mfa.explain} says
 *       why). The default is {@code false}.</li>
 *   <li>{@code username}: what Duo knows the user by, {@code id} ({@code MfaUser.id()}) or
 *       {@code account-label}. The default is {@code id}.</li>
 *   <li>{@code state-lifetime}: how long a prompt's or setup's state is accepted, 1 to 30 minutes. The
 *       default is 5 minutes.</li>
 *   <li>{@code proxy-host} and {@code proxy-port}: an HTTP CONNECT proxy for every call to Duo. The default
 *       is none.</li>
 *   <li>{@code ca-pins}: public-key pins that replace the SDK's pins of Duo's CAs, comma-separated. The
 *       default is none (the SDK's pins, which production wants).</li>
 *   <li>{@code connect-timeout}, {@code read-timeout}, {@code call-timeout}: the defaults are 5, 10 and 15
 *       seconds ({@code PT5S} or {@code 5}).</li>
 * </ul>
 */
public final class DuoProviderFactory implements MfaProviderFactory {

    /** The provider id. */
    public static final String ID = "duo";
    /** Prompt and setup view: where to send the browser. */
    public static final String VIEW_URL = "url";
    /** Prompt view, only when Duo is down and fail mode is open: {@code true}. */
    public static final String VIEW_FAIL_OPEN = "fail-open";
    /** Result detail: how the answer was decided ({@code allow}, {@code deny}, {@code fail-open}, ...). */
    public static final String DETAIL_DUO = "duo";
    /** Notice: a sign-in passed without Duo because Duo was down and fail mode is open. */
    public static final String NOTICE_FAIL_OPEN = "fail-open";
    /** Notice: Duo's answer could not be verified (signature, expiry, another user). */
    public static final String NOTICE_BAD_TOKEN = "bad-token";
    /** Notice: Duo could not be asked (network, timeout, an unreadable answer). */
    public static final String NOTICE_UNREACHABLE = "unreachable";

    private static final Pattern PIN_SEPARATORS = Pattern.compile("[\\s,]+");

    /** The factory {@code ServiceLoader} uses. */
    public DuoProviderFactory() {
    }

    @Override
    public ProviderDescriptor descriptor() {
        return descriptor(false);
    }

    @Override
    public ProviderDescriptor descriptor(Settings settings) {
        return descriptor(settings.getBoolean("sole-factor", false));
    }

    private static ProviderDescriptor descriptor(boolean soleFactor) {
        return ProviderDescriptor.builder(ID)
                .title("Duo")
                .description("Approve the sign-in in Duo: a push to Duo Mobile, a passcode, SMS or a phone call.")
                .setupInstructions("Continue to Duo and follow its steps; it sets up your device there.")
                .iconKey("mfa-duo")
                .remoteCheck(true)
                .soleFactor(soleFactor)
                .build();
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        Settings s = context.settings();
        DuoSettings.Builder b = DuoSettings.builder()
                .clientId(s.require("client-id"))
                .clientSecret(s.require("client-secret"))
                .apiHost(s.require("api-host"))
                .redirectUri(s.require("redirect-uri"))
                .failMode(choice(s, "fail-mode", DuoSettings.FailMode.class, DuoSettings.FailMode.CLOSED))
                .connectTimeout(timeout(s, "connect-timeout", Duration.ofSeconds(5)))
                .readTimeout(timeout(s, "read-timeout", Duration.ofSeconds(10)))
                .callTimeout(timeout(s, "call-timeout", Duration.ofSeconds(15)));
        s.get("ca-pins").ifPresent(pins -> b.caPins(List.of(PIN_SEPARATORS.split(pins))));
        if (s.get("proxy-host").isPresent() || s.get("proxy-port").isPresent()) {
            String host = s.require("proxy-host");
            s.require("proxy-port");
            b.proxy(host, s.getInt("proxy-port", 0, 1, 65535));
        }
        Duration lifetime = s.getDuration("state-lifetime", Duration.ofMinutes(5), Duration.ofMinutes(1),
                Duration.ofMinutes(30));
        Username username = choice(s, "username", Username.class, Username.ID);
        return new DuoProvider(new DuoGateway(b.build(), context.random()), lifetime, username, context.events());
    }

    private static Duration timeout(Settings s, String key, Duration defaultValue) {
        return s.getDuration(key, defaultValue, Duration.ofMillis(10), Duration.ofMinutes(2));
    }

    /** One of an enum's constants, written in lower case with dashes ({@code account-label}). */
    private static <E extends Enum<E>> E choice(Settings s, String key, Class<E> type, E defaultValue) {
        String raw = s.get(key).orElse(null);
        if (raw == null) {
            return defaultValue;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().replace('_', '-').equalsIgnoreCase(raw)) {
                return e;
            }
        }
        throw new MfaConfigurationException("provider '" + ID + "' setting '" + key + "' must be one of "
                + List.of(type.getEnumConstants()).stream()
                        .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
    }

    /** What Duo knows a user by. */
    private enum Username implements Function<MfaUser, String> {
        ID {
            @Override
            public String apply(MfaUser user) {
                return user.id();
            }
        },
        ACCOUNT_LABEL {
            @Override
            public String apply(MfaUser user) {
                return user.accountLabel();
            }
        }
    }

    @Override
    public String toString() {
        return "DuoProviderFactory[id=" + ID + "]";
    }
}
