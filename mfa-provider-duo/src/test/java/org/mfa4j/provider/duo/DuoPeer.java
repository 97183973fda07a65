package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Duo peer of the tests, one per JVM: a CA made for the run, the fake Duo serving a certificate it
 * signed for {@value #API_HOST}, and the CONNECT proxy in front of it. The CA is written to a PKCS12 trust
 * store and set as {@code javax.net.ssl.trustStore*} before any gateway is built (the SDK's OkHttp client
 * reads the JVM's default trust when it is built). Those properties are JVM-global, so these tests run in a
 * surefire fork of their own (tag {@value #TAG}).
 *
 * <p>Public, and in this module's test-jar, for one other module: the demo web app's end-to-end Duo test
 * ({@link #get}, {@link #providerSettings}, {@link #browse}, {@link #reset}). Its redirect URI has the demo's
 * callback path, {@code /mfa/duo}.
 */
public final class DuoPeer {

    /** The JUnit tag of the tests that use the peer (their own surefire fork). */
    public static final String TAG = "duo-peer";
    public static final String CLIENT_ID = "DIMFA4JTEST000000001";
    /** The Duo API host the SDK is given; the proxy sends every connection to the fake Duo. */
    public static final String API_HOST = "api-test.duosecurity.test";
    /** Where the fake Duo sends the browser back (Duo needs an https URI with a host name). */
    public static final String REDIRECT_URI = "https://app.example.test/mfa/duo";

    private static DuoPeer instance;

    final String clientSecret;
    final TestPki pki;
    final FakeDuo duo;
    final ConnectProxy proxy;
    final Path trustStore;
    final char[] trustStorePassword;
    private final HttpClient browser;

    private DuoPeer() throws IOException {
        clientSecret = alphanumerics(40);
        pki = TestPki.create("mfa4j test CA", API_HOST);
        Path dir = Files.createDirectories(Path.of("target", "duo-peer"));
        trustStore = Files.createTempFile(dir, "trust", ".p12");
        trustStore.toFile().deleteOnExit();
        trustStorePassword = alphanumerics(16).toCharArray();
        pki.writeTrustStore(trustStore, trustStorePassword);
        useTrustStore(trustStore, trustStorePassword);
        duo = new FakeDuo(pki.serverContext(), CLIENT_ID, clientSecret.getBytes(StandardCharsets.US_ASCII),
                API_HOST, REDIRECT_URI);
        proxy = new ConnectProxy(duo.port());
        browser = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port())))
                .sslContext(pki.clientContext())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            duo.close();
        }));
    }

    /** The peer of this JVM, started on first use (and the JVM's default trust store set to its CA). */
    public static synchronized DuoPeer get() {
        if (instance == null) {
            try {
                instance = new DuoPeer();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the Duo peer", e);
            }
        }
        return instance;
    }

    /** Sets the JVM's default trust store (what the SDK's OkHttp client reads when it is built). */
    static void useTrustStore(Path file, char[] password) {
        System.setProperty("javax.net.ssl.trustStore", file.toAbsolutePath().toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(password));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    /** A healthy Duo again, counters at zero. */
    public void reset() {
        duo.reset();
        proxy.clear();
    }

    /** Settings for the peer: through the proxy, pinned to the test CA, short timeouts. */
    DuoSettings.Builder settings() {
        return DuoSettings.builder()
                .clientId(CLIENT_ID)
                .clientSecret(clientSecret)
                .apiHost(API_HOST)
                .redirectUri(REDIRECT_URI)
                .proxy("127.0.0.1", proxy.port())
                .caPins(List.of(pki.caPin()))
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2))
                .callTimeout(Duration.ofSeconds(3));
    }

    /** The same, as the provider's settings for {@code Mfa.builder().configure("duo", ...)}. */
    public Map<String, String> providerSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("client-id", CLIENT_ID);
        settings.put("client-secret", clientSecret);
        settings.put("api-host", API_HOST);
        settings.put("redirect-uri", REDIRECT_URI);
        settings.put("proxy-host", "127.0.0.1");
        settings.put("proxy-port", Integer.toString(proxy.port()));
        settings.put("ca-pins", pki.caPin());
        settings.put("connect-timeout", "PT2S");
        settings.put("read-timeout", "PT2S");
        settings.put("call-timeout", "PT3S");
        return settings;
    }

    DuoGateway gateway() {
        return gateway(settings());
    }

    static DuoGateway gateway(DuoSettings.Builder settings) {
        return new DuoGateway(settings.build(), new SecureRandom());
    }

    /** The callback Duo sends the browser to: the redirect URI with {@code duo_code} and {@code state}. */
    public record Callback(URI location, String code, String state) {
    }

    /**
     * What a browser does with the authorization URL: GET it (through the proxy, trusting the test CA),
     * take the 302 and read the callback's parameters without following it to the application.
     */
    public Callback browse(URI authorizationUrl) {
        try {
            HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(authorizationUrl)
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("authorize answer").isEqualTo(302);
            return callbackOf(URI.create(answer.headers().firstValue("Location").orElseThrow()));
        } catch (IOException e) {
            throw new IllegalStateException("the browser could not reach the fake Duo", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * What a browser brings the application from a URL that is the application's own callback already (fail
     * mode open while Duo is down): its {@code state}, and no code.
     */
    Callback browseLocal(URI callbackUrl) {
        assertThat(callbackUrl.toString()).as("a URL of the application").startsWith(REDIRECT_URI + "?");
        return callbackOf(callbackUrl);
    }

    private static Callback callbackOf(URI location) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : location.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return new Callback(location, query.get("duo_code"), query.get("state"));
    }

    /** A full prompt for {@code username} up to the callback: a fresh state, the URL, the browser. */
    Callback prompt(DuoGateway gateway, String username, DuoState state) {
        return browse(gateway.authorizationUrl(username, state));
    }

    /** A local port nobody listens on (bound, then released). */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String alphanumerics(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
