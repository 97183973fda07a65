package org.mfa4j.provider.duo;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.spi.SecretBytes;

/**
 * How mfa4j talks to one Duo application (Duo Admin Panel: Applications, "Web SDK" / Universal Prompt).
 * Immutable and thread-safe; built with {@link #builder()}, which checks every value and throws a
 * {@link MfaConfigurationException} naming the setting (never its value) for the first one that cannot
 * work. The names in those messages ({@code client-id}, {@code api-host}, ...) are the keys the provider
 * will read from its configuration.
 *
 * <h2>Settings</h2>
 * <ul>
 *   <li>{@code client-id} (required): the application's Client ID, 20 ASCII letters and digits starting
 *       with {@code DI}.</li>
 *   <li>{@code client-secret} (required): the Client secret, 40 ASCII letters and digits. It signs every
 *       request to Duo and verifies Duo's answers, so whoever holds it can forge a Duo approval: keep it out
 *       of source control. It never appears in {@link #toString()} or in any message.</li>
 *   <li>{@code api-host} (required): the API hostname, such as {@code api-1a2b3c4d.duosecurity.com}. A
 *       host name only: no scheme, path or port (the SDK turns {@code host:port} into an invalid address).
 *       </li>
 *   <li>{@code redirect-uri} (required): where Duo sends the browser back, an absolute {@code https} URI
 *       of the application, such as {@code https://app.example.com/mfa/duo/callback}. Letters, digits and
 *       {@code - . _ ~ / :} only, so no query, fragment, user info or percent escapes: the SDK puts it in
 *       the authorization URL without encoding it, so a {@code ?} or {@code &} would change the request.</li>
 *   <li>{@code fail-mode}: what happens when Duo's health check fails. The default is
 *       {@link FailMode#CLOSED}. {@link FailMode#OPEN} lets the user in without a second factor while Duo
 *       is unreachable or says it is unhealthy; see its risk there.</li>
 *   <li>{@code proxy-host} and {@code proxy-port}: an HTTP proxy (CONNECT) for every call to Duo, through
 *       the SDK's proxy builder; both or neither, port 1 to 65535. The default is no proxy (a direct
 *       connection).</li>
 *   <li>{@code ca-pins}: OkHttp public-key pins ({@code sha256/} and the Base64 SHA-256 of a certificate's
 *       SubjectPublicKeyInfo) that Duo's certificate chain must match. The default is none, which keeps the
 *       SDK's own pins of the CAs that sign Duo's certificates; that is what production wants. Set it only
 *       for a test server or a Duo deployment behind other CAs: these pins replace the SDK's.</li>
 *   <li>{@code connect-timeout}: for each TCP and TLS connection. The default is 5 seconds.</li>
 *   <li>{@code read-timeout}: for each read and each write on a connection. The default is 10 seconds.</li>
 *   <li>{@code call-timeout}: for a whole call to Duo, from the DNS lookup to the last byte of the answer.
 *       The default is 15 seconds: the longest a sign-in page waits for Duo. Every timeout is between 10
 *       milliseconds and 2 minutes. A timed-out code exchange is a refusal, whatever the fail mode.</li>
 * </ul>
 * Calls to Duo are never retried or redirected by the HTTP client: a code exchange is single use, so a
 * silent second attempt could only be refused by Duo (the SDK's own client, left as it is, sends the token
 * request again when a kept-alive connection drops).
 */
public final class DuoSettings {

    /** What happens to a sign-in when Duo's health check fails (an error answer, a timeout, no route). */
    public enum FailMode {
        /**
         * The sign-in is refused while Duo is down: nobody gets in without Duo's approval. The default; the
         * cost is that a Duo outage locks users who rely on Duo out.
         */
        CLOSED,
        /**
         * The user is let through without a second factor while the health check fails; each such pass is
         * an outcome of its own and a warning in the log, so that it can be reported every time. The risk: anyone who can make the health check fail (block the connection to
         * Duo, break DNS or the proxy, exhaust the timeout) signs in with the first factor alone. Choose it
         * only where availability matters more than the second factor, and watch the reports.
         */
        OPEN
    }

    private static final Pattern CLIENT_ID = Pattern.compile("DI[A-Za-z0-9]{18}");
    private static final Pattern CLIENT_SECRET = Pattern.compile("[A-Za-z0-9]{40}");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("(?=.*:.*:)[0-9A-Fa-f:.]{2,45}");
    private static final Pattern REDIRECT_URI = Pattern.compile("https://[A-Za-z0-9._~:/-]+");
    private static final Pattern PIN = Pattern.compile("sha256/[A-Za-z0-9+/]{43}=");
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);

    private final String clientId;
    private final SecretBytes clientSecret;
    private final String apiHost;
    private final URI redirectUri;
    private final FailMode failMode;
    private final String proxyHost;
    private final Integer proxyPort;
    private final List<String> caPins;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration callTimeout;

    private DuoSettings(Builder b) {
        this.clientId = require("client-id", b.clientId);
        if (!CLIENT_ID.matcher(clientId).matches()) {
            throw invalid("client-id", "20 ASCII letters and digits starting with DI (Duo Admin Panel: Client ID)");
        }
        if (b.clientSecret == null) {
            throw missing("client-secret");
        }
        this.clientSecret = b.clientSecret;
        this.apiHost = require("api-host", b.apiHost);
        if (!isHostName(apiHost)) {
            throw invalid("api-host", "a host name such as api-1a2b3c4d.duosecurity.com, without scheme, path or port");
        }
        String uri = require("redirect-uri", b.redirectUri);
        if (!REDIRECT_URI.matcher(uri).matches()) {
            throw invalid("redirect-uri", "an absolute https URI of letters, digits and - . _ ~ / : only"
                    + " (no query, fragment, user info or percent escapes: the SDK does not encode it)");
        }
        this.redirectUri = parseRedirectUri(uri);
        this.failMode = Objects.requireNonNullElse(b.failMode, FailMode.CLOSED);
        if ((b.proxyHost == null) != (b.proxyPort == null)) {
            throw invalid(b.proxyHost == null ? "proxy-host" : "proxy-port",
                    "set together with " + (b.proxyHost == null ? "proxy-port" : "proxy-host") + ", or neither");
        }
        if (b.proxyHost != null && !isHostName(b.proxyHost) && !IPV6.matcher(b.proxyHost).matches()) {
            throw invalid("proxy-host", "a host name or an IP address, without scheme or port");
        }
        if (b.proxyPort != null && (b.proxyPort < 1 || b.proxyPort > 65535)) {
            throw invalid("proxy-port", "between 1 and 65535");
        }
        this.proxyHost = b.proxyHost;
        this.proxyPort = b.proxyPort;
        this.caPins = List.copyOf(b.caPins);
        for (String pin : caPins) {
            if (!PIN.matcher(pin).matches() || Base64.getDecoder().decode(pin.substring(7)).length != 32) {
                throw invalid("ca-pins", "pins of the form sha256/ followed by the Base64 SHA-256 of a public key");
            }
        }
        this.connectTimeout = timeout("connect-timeout", b.connectTimeout);
        this.readTimeout = timeout("read-timeout", b.readTimeout);
        this.callTimeout = timeout("call-timeout", b.callTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    private static String require(String setting, String value) {
        if (value == null || value.isBlank()) {
            throw missing(setting);
        }
        return value.strip();
    }

    private static MfaConfigurationException missing(String setting) {
        return new MfaConfigurationException("Duo setting '" + setting + "' is required");
    }

    private static MfaConfigurationException invalid(String setting, String expected) {
        return new MfaConfigurationException("Duo setting '" + setting + "' must be " + expected);
    }

    private static boolean isHostName(String host) {
        if (host.length() > 253 || host.endsWith(".")) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static URI parseRedirectUri(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getHost() == null || !isHostName(parsed.getHost()) || parsed.getRawUserInfo() != null) {
                throw invalid("redirect-uri", "an https URI with a host name, such as https://app.example.com/mfa/duo");
            }
            return parsed;
        } catch (URISyntaxException e) {
            throw invalid("redirect-uri", "an https URI with a host name, such as https://app.example.com/mfa/duo");
        }
    }

    private static Duration timeout(String setting, Duration value) {
        if (value.compareTo(MIN_TIMEOUT) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw invalid(setting, "between 10 milliseconds and 2 minutes");
        }
        return value;
    }

    /** The Client ID. */
    public String clientId() {
        return clientId;
    }

    /** The client secret (immutable: read it with {@link SecretBytes#read}). */
    SecretBytes clientSecret() {
        return clientSecret;
    }

    /** The API hostname. */
    public String apiHost() {
        return apiHost;
    }

    /** Where Duo sends the browser back. */
    public URI redirectUri() {
        return redirectUri;
    }

    public FailMode failMode() {
        return failMode;
    }

    /** The proxy host, when calls go through a proxy. */
    public Optional<String> proxyHost() {
        return Optional.ofNullable(proxyHost);
    }

    /** The proxy port, when calls go through a proxy. */
    public Optional<Integer> proxyPort() {
        return Optional.ofNullable(proxyPort);
    }

    /** The configured public-key pins; empty when the SDK's own pins of Duo's CAs apply. */
    public List<String> caPins() {
        return caPins;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration readTimeout() {
        return readTimeout;
    }

    public Duration callTimeout() {
        return callTimeout;
    }

    /** Names every setting but the client secret. */
    @Override
    public String toString() {
        return "DuoSettings[clientId=" + clientId + ", apiHost=" + apiHost + ", redirectUri=" + redirectUri
                + ", failMode=" + failMode + ", proxy=" + (proxyHost == null ? "none" : proxyHost + ":" + proxyPort)
                + ", caPins=" + (caPins.isEmpty() ? "SDK default" : caPins.size() + " configured")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", callTimeout=" + callTimeout + "]";
    }

    /** Collects settings; {@link #build()} checks them all. Not thread-safe. */
    public static final class Builder {

        private String clientId;
        private SecretBytes clientSecret;
        private String apiHost;
        private String redirectUri;
        private FailMode failMode = FailMode.CLOSED;
        private String proxyHost;
        private Integer proxyPort;
        private List<String> caPins = List.of();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private Duration callTimeout = Duration.ofSeconds(15);

        private Builder() {
        }

        /** Required: the Client ID, {@code DI} and 18 letters or digits. */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Required: the client secret, 40 letters or digits. Checked here, so that a message about it can
         * say what is wrong without ever holding the value; the builder keeps a copy, not the argument.
         */
        public Builder clientSecret(CharSequence clientSecret) {
            Objects.requireNonNull(clientSecret, "clientSecret");
            String s = clientSecret.toString().strip();
            if (!CLIENT_SECRET.matcher(s).matches()) {
                throw invalid("client-secret", "40 ASCII letters and digits (Duo Admin Panel: Client secret)");
            }
            this.clientSecret = SecretBytes.copyOf(s.getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        /** Required: the API hostname, without scheme, path or port. */
        public Builder apiHost(String apiHost) {
            this.apiHost = apiHost == null ? null : apiHost.toLowerCase(Locale.ROOT);
            return this;
        }

        /** Required: the https URI Duo sends the browser back to. */
        public Builder redirectUri(String redirectUri) {
            this.redirectUri = redirectUri;
            return this;
        }

        /** The default is {@link FailMode#CLOSED}. */
        public Builder failMode(FailMode failMode) {
            this.failMode = Objects.requireNonNull(failMode, "failMode");
            return this;
        }

        /** An HTTP proxy for every call to Duo. The default is a direct connection. */
        public Builder proxy(String host, int port) {
            this.proxyHost = Objects.requireNonNull(host, "host").strip();
            this.proxyPort = port;
            return this;
        }

        /** Public-key pins that replace the SDK's pins of Duo's CAs. The default is none (the SDK's pins). */
        public Builder caPins(List<String> pins) {
            this.caPins = List.copyOf(pins);
            return this;
        }

        /** The default is 5 seconds. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The default is 10 seconds. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The default is 15 seconds. */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Checks every setting; throws {@link MfaConfigurationException} naming the first that cannot work. */
        public DuoSettings build() {
            return new DuoSettings(this);
        }

        @Override
        public String toString() {
            return "DuoSettings.Builder[clientSecret=" + (clientSecret == null ? "unset" : "set") + "]";
        }
    }
}
