package org.mfa4j.benchmarks.spring;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mfa4j.testing.MutableClock;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link BenchmarkApp} on a random loopback port, and one browser-like client of it: the JDK's HTTP client with
 * a cookie store (the session cookie), HTTP/1.1, no redirects followed. {@link #start} signs the user in with
 * the password and enrols TOTP as an authenticator app would; then {@link #verifyNext} and
 * {@link #passwordPage} are the two measured requests, in that one session.
 */
public final class StarterClient implements AutoCloseable {

    /** One TOTP period at the default settings. */
    static final Duration PERIOD = Duration.ofSeconds(30);
    private static final Pattern LOGIN_CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final ConfigurableApplicationContext app;
    private final MutableClock clock;
    private final HttpClient http;
    private final String base;
    private final GoogleAuthenticator authenticator = new GoogleAuthenticator();
    private String secret;
    private String csrf;

    private StarterClient(ConfigurableApplicationContext app, MutableClock clock) {
        this.app = app;
        this.clock = clock;
        this.base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Boots the application, signs in with the password and enrols TOTP (the first factor: no proof needed). */
    public static StarterClient start() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        ConfigurableApplicationContext app = new SpringApplicationBuilder(BenchmarkApp.class)
                .initializers(c -> c.getBeanFactory().registerSingleton("mfaClock", clock))
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        "logging.level.root=WARN", "mfa4j.keys.ephemeral=true", "mfa4j.policy.require=ALL",
                        "mfa4j.totp.issuer=mfa4j benchmark")
                .run();
        StarterClient client = new StarterClient(app, clock);
        try {
            client.signIn();
            client.enrol();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private void signIn() {
        Matcher m = LOGIN_CSRF.matcher(send(HttpRequest.newBuilder(uri("/login")).GET(), 200));
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the login page");
        }
        HttpResponse<String> r = exchange(form("/login", "username=" + BenchmarkApp.USER + "&password="
                + BenchmarkApp.PASSWORD + "&_csrf=" + encode(m.group(1))));
        String to = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() != 302 || to.contains("error")) {
            throw new IllegalStateException("password sign-in refused: " + r.statusCode() + " to " + to);
        }
        csrf = send(HttpRequest.newBuilder(uri("/mfa/csrf")).GET(), 200); // the token after sign-in
    }

    private void enrol() {
        secret = send(form("/mfa/setup", ""), 200);
        if (secret.isEmpty()) {
            throw new IllegalStateException("the TOTP setup gave no secret");
        }
        require("ACCEPTED", send(form("/mfa/activate", "code=" + code()), 200), "TOTP activation");
    }

    /**
     * (a) One period later, the code of the new step posted to the MFA step: {@code ACCEPTED}, or an exception.
     * Each step is accepted once, so the clock moves first (as {@code TotpVerifyBenchmark} does).
     */
    public String verifyNext() {
        clock.advance(PERIOD);
        return verify(code());
    }

    /** Posts {@code code} to the MFA step: {@code ACCEPTED}, or an exception that names the status. */
    String verify(String code) {
        return require("ACCEPTED", send(form("/mfa/verify", "code=" + code), 200), "TOTP step");
    }

    /** (b) The page that needs only the password, in the same session. */
    public String passwordPage() {
        return require("signed in", send(HttpRequest.newBuilder(uri("/password-page")).GET(), 200), "password page");
    }

    /** The code an authenticator app shows now. */
    String code() {
        return String.format("%06d", authenticator.getTotpPassword(secret, clock.millis()));
    }

    private HttpRequest.Builder form(String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return csrf == null ? b : b.header("X-CSRF-TOKEN", csrf); // before sign-in: the form's _csrf field
    }

    private String send(HttpRequest.Builder request, int expected) {
        HttpResponse<String> r = exchange(request);
        if (r.statusCode() != expected) {
            throw new IllegalStateException(r.request().uri().getPath() + " answered " + r.statusCode()
                    + r.headers().firstValue("Location").map(l -> " to " + l).orElse(""));
        }
        return r.body();
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String require(String expected, String actual, String what) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
        return actual;
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        app.close(); // Java 17's HttpClient has no close(): its threads end with the fork
    }
}
