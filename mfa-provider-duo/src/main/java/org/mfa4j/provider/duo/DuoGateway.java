package org.mfa4j.provider.duo;

import com.duosecurity.Client;
import com.duosecurity.exception.DuoException;
import com.duosecurity.model.AuthResult;
import com.duosecurity.model.HealthCheckResponse;
import com.duosecurity.model.Token;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.provider.duo.ExchangeResult.Status;
import org.mfa4j.spi.SecretBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls to Duo, through the real Duo Universal SDK: the health check, the authorization URL and the
 * code exchange. One {@link Client} per gateway, built in the constructor (that is when the JVM's trust
 * store is read and the SDK's certificate pins are fixed) and tuned by {@link SdkHttp}. Thread-safe.
 *
 * <p>Every failure is a value, never an exception: {@link #health()} is {@code DOWN} for anything but a
 * {@code stat: OK} answer, including the exceptions the SDK throws from inside itself (1.3.1 throws a
 * {@code NullPointerException} for any non-2xx health answer), so fail mode {@code CLOSED} cannot fail open
 * by accident. {@link #exchange} is one POST to Duo's token endpoint and is not idempotent (Duo's code is
 * single use): the caller runs it once, outside any retry loop, and applies the result afterwards.
 *
 * <p>No code, state, token or client secret goes into a log line, a reason or a {@code toString}; neither
 * does the text of an SDK exception (it may quote Duo's answer): only its class.
 */
final class DuoGateway {

    private static final Logger LOG = LoggerFactory.getLogger(DuoGateway.class);
    /** Duo's codes are short tokens of visible ASCII; anything else is refused before it reaches Duo. */
    private static final Pattern CODE = Pattern.compile("[\\x21-\\x7e]{1,1024}");
    private static final int MAX_USERNAME = 1024;

    /** Whether {@code code} has the shape of a Duo code; anything else never reaches Duo. */
    static boolean wellFormedCode(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    private final DuoSettings settings;
    private final SecureRandom random;
    private final SecretBytes clientSecret;
    private final Client client;

    DuoGateway(DuoSettings settings, SecureRandom random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
        this.clientSecret = settings.clientSecret();
        String secret = secret();
        String redirectUri = settings.redirectUri().toString();
        Client.Builder builder = settings.proxyHost().isPresent()
                ? new Client.Builder(settings.clientId(), secret, settings.proxyHost().get(),
                        settings.proxyPort().orElseThrow(), settings.apiHost(), redirectUri)
                : new Client.Builder(settings.clientId(), secret, settings.apiHost(), redirectUri);
        if (!settings.caPins().isEmpty()) {
            builder.setCACerts(settings.caPins().toArray(String[]::new));
        }
        try {
            this.client = builder.appendUserAgentInfo("mfa4j").build();
        } catch (DuoException | RuntimeException e) {
            throw new MfaConfigurationException("the Duo SDK refused the settings ("
                    + e.getClass().getSimpleName() + "); check client-id, api-host and redirect-uri");
        }
        SdkHttp.tune(client, settings);
    }

    /** The SDK takes the secret as a String; made on demand, the gateway keeps only the holder. */
    private String secret() {
        return clientSecret.read(bytes -> new String(bytes, StandardCharsets.US_ASCII));
    }

    DuoSettings settings() {
        return settings;
    }

    /** One health check; never throws. */
    Health health() {
        Health health;
        try {
            HealthCheckResponse answer = client.healthCheck();
            health = answer != null && "OK".equalsIgnoreCase(answer.getStat())
                    ? Health.up() : Health.down("Duo's health answer was not stat OK");
        } catch (DuoException e) {
            health = Health.down(transportFailure(e).map(ExchangeResult::reason).orElse("Duo answered stat FAIL"));
        } catch (RuntimeException e) {
            // duo-universal-sdk 1.3.1: a non-2xx health answer has no body, and healthCheck() dereferences it.
            health = Health.down("the health check failed inside the SDK (" + e.getClass().getSimpleName()
                    + "), as it does for an HTTP error status");
        }
        if (!health.isUp()) {
            LOG.warn("Duo health check of {}: DOWN, {}", settings.apiHost(), health.reason());
        }
        return health;
    }

    /** The health check and the fail-mode decision on it; a fail-open pass is logged here and must be reported. */
    Preflight preflight() {
        Preflight preflight = Preflight.decide(settings.failMode(), health());
        if (preflight.decision() == Preflight.Decision.ALLOWED_FAIL_OPEN) {
            LOG.warn("Duo is down and fail mode is OPEN: a sign-in passes without Duo");
        }
        return preflight;
    }

    /** A fresh state for one prompt, from the injected {@code SecureRandom}; the caller stores it. */
    DuoState newState() {
        return DuoState.generate(random);
    }

    /**
     * The URL to send the browser to. It carries the state inside a signed (not encrypted) request object,
     * so it is as secret as the state: never log it.
     */
    URI authorizationUrl(String username, DuoState state) {
        requireUsername(username);
        Objects.requireNonNull(state, "state");
        try {
            return URI.create(client.createAuthUrl(username, state.value()));
        } catch (DuoException | RuntimeException e) {
            // Unreachable with a checked username and state; say which call, not what it held.
            throw new IllegalStateException("the Duo SDK could not build an authorization URL ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Exchanges the callback's code for Duo's verdict on {@code username}: one POST to the token endpoint.
     * The caller has checked the callback's state against the stored one before calling this.
     */
    ExchangeResult exchange(String code, String username) {
        requireUsername(username);
        ExchangeResult result;
        if (!wellFormedCode(code)) {
            result = new ExchangeResult(Status.MALFORMED_CODE, "the callback's code is empty, too long or not visible ASCII");
        } else {
            result = callTokenEndpoint(code, username);
        }
        // Not the username: with username=account-label it may be an e-mail address. The caller knows the user.
        if (result.status() == Status.NETWORK || result.status() == Status.PROTOCOL_ERROR) {
            LOG.warn("Duo code exchange: {}, {}", result.status(), result.reason());
        } else {
            LOG.debug("Duo code exchange: {}, {}", result.status(), result.reason());
        }
        return result;
    }

    private ExchangeResult callTokenEndpoint(String code, String username) {
        IdTokenCheck check = new IdTokenCheck(secret(), username, settings.clientId(), settings.apiHost());
        try {
            Token token = client.exchangeAuthorizationCodeFor2FAResult(code, check);
            return verdict(token.getAuth_result());
        } catch (IdTokenCheck.Refused e) {
            return e.result();
        } catch (DuoException e) {
            return transportFailure(e).orElseGet(() -> new ExchangeResult(Status.DUO_ERROR,
                            "Duo answered the token request with an error status"));
        } catch (RuntimeException e) {
            return new ExchangeResult(Status.PROTOCOL_ERROR,
                    "the exchange failed inside the SDK (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static ExchangeResult verdict(AuthResult result) {
        if (result == null || result.getStatus() == null) {
            return new ExchangeResult(Status.INVALID_TOKEN, "the ID token has no auth_result status");
        }
        if ("allow".equals(result.getStatus()) && "allow".equals(result.getResult())) {
            return new ExchangeResult(Status.ALLOW, "Duo approved");
        }
        return new ExchangeResult(Status.DENY, "Duo did not approve (auth_result status '"
                + word(result.getStatus()) + "', result '" + word(result.getResult()) + "')");
    }

    /** Duo's status words ({@code deny}, {@code fraud}, ...) as they are; anything else as {@code other}. */
    private static String word(String s) {
        return s != null && s.matches("[a-z_ ]{1,32}") ? s : "other";
    }

    /**
     * For a DuoException caused by I/O: {@code NETWORK} (no answer) or {@code PROTOCOL_ERROR} (an answer
     * that is not JSON: Jackson's errors are IOExceptions too), with what failed in our words. Empty when
     * Duo answered and the SDK refused the answer itself.
     */
    private static Optional<ExchangeResult> transportFailure(DuoException e) {
        IOException io = null;
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException) {
                return Optional.of(new ExchangeResult(Status.PROTOCOL_ERROR, "Duo's answer is not the JSON the SDK expects"));
            }
            String what = t instanceof InterruptedIOException ? "timed out"
                    : t instanceof ConnectException ? "no connection"
                    : t instanceof UnknownHostException ? "host not found"
                    : t instanceof SSLException ? "TLS failed: certificate, pin or handshake"
                    : null;
            if (what != null) {
                return Optional.of(network(what, t));
            }
            if (io == null && t instanceof IOException first) {
                io = first;
            }
        }
        return io == null ? Optional.empty() : Optional.of(network("I/O failure", io));
    }

    private static ExchangeResult network(String what, Throwable t) {
        return new ExchangeResult(Status.NETWORK, what + " (" + t.getClass().getSimpleName() + ")");
    }

    private static void requireUsername(String username) {
        if (username == null || username.isBlank() || username.length() > MAX_USERNAME
                || username.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a Duo username is 1 to " + MAX_USERNAME
                    + " characters without control characters");
        }
    }

    @Override
    public String toString() {
        return "DuoGateway[" + settings + "]";
    }
}
