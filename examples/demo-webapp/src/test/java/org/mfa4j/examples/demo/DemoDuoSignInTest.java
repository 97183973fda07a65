package org.mfa4j.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mfa4j.provider.duo.DuoPeer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Duo end to end through the demo: the demo's Duo settings point at the Duo module's local peer (a fake Duo
 * over HTTPS that speaks Duo's OIDC endpoints, reached through a CONNECT proxy and trusted through a CA made
 * for the run), and the demo's own {@code mfa-provider-duo} talks to it with the real Duo Universal SDK. A
 * cookie-keeping HTTP client plays the browser: it signs in with the password, sets Duo up with one round
 * trip, signs in again through {@code /mfa}, follows the Duo URL the page shows to the peer, and brings the
 * peer's redirect (to {@code /mfa/duo} with {@code state} and {@code duo_code}) back to the demo. The peer
 * sets the JVM's trust store, so this class runs in a surefire fork of its own (tag {@value DuoPeer#TAG}).
 */
@Tag(DuoPeer.TAG)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:demo-duo-sign-in;DB_CLOSE_DELAY=-1",
        "mfa4j.keys.file=", "mfa4j.keys.ephemeral=true",
        "demo.users.alice.password=alice-duo-test"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoDuoSignInTest {

    private static final String PASSWORD = "alice-duo-test";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern DUO_LINK = Pattern.compile("id=\"duo-continue\" href=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void duo(DynamicPropertyRegistry registry) {
        DuoPeer.get().providerSettings().forEach((name, value) -> registry.add("mfa4j.duo." + name, () -> value));
    }

    @Test
    @Order(1)
    void duoIsSetUpWithOneRoundTripToThePeer() {
        Client alice = new Client();
        alice.signIn();
        alice.get("/mfa/setup/duo", 200);
        String setup = alice.post("/mfa/setup/duo/start", "", 200).body();
        URI duo = duoLink(setup);
        assertThat(alice.get(callback(duo).toString(), 302).headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/account?added=duo"));
        String account = alice.get("/account", 200).body();
        assertThat(account).contains("Duo");
    }

    @Test
    @Order(2)
    void aSignInThroughMfaGoesToDuoAndBackAndSignsTheUserIn() {
        Client alice = new Client();
        alice.signIn();
        assertThat(alice.get("/", 302).headers().firstValue("Location")).hasValueSatisfying(to ->
                assertThat(to).contains("/mfa"));
        assertThat(alice.get("/mfa", 302).headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/mfa/verify/duo"));
        URI duo = duoLink(alice.get("/mfa/verify/duo", 200).body());
        assertThat(duo.toString()).as("the Duo URL points at the peer")
                .startsWith("https://" + DuoPeer.API_HOST + "/oauth/v1/authorize?");

        URI back = callback(duo);
        assertThat(alice.get(back.toString(), 302).headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).doesNotContain("/mfa"));
        assertThat(alice.get("/", 200).body()).contains("Welcome, alice");
    }

    @Test
    @Order(3)
    void aCallbackWithAnotherStateIsRefusedAndTheUserStaysOutside() {
        Client alice = new Client();
        alice.signIn();
        URI duo = duoLink(alice.get("/mfa/verify/duo", 200).body());
        DuoPeer.Callback answer = DuoPeer.get().browse(duo);
        String wrongState = answer.state().substring(1) + (answer.state().charAt(0) == 'A' ? "B" : "A");
        String page = alice.get("/mfa/duo?duo_code=" + encode(answer.code()) + "&state=" + encode(wrongState), 200)
                .body();
        assertThat(page).contains("id=\"error\"").doesNotContain(wrongState).doesNotContain(answer.code());
        assertThat(alice.get("/", 302).headers().firstValue("Location")).hasValueSatisfying(to ->
                assertThat(to).contains("/mfa"));
    }

    /** The "Continue to Duo" link of a page, unescaped. */
    private static URI duoLink(String html) {
        Matcher m = DUO_LINK.matcher(html);
        assertThat(m.find()).as("a Duo link on the page:\n%s", html).isTrue();
        return URI.create(m.group(1).replace("&amp;", "&"));
    }

    /**
     * The browser at Duo: the peer approves and redirects to the demo's redirect URI; what comes back to the
     * demo is that redirect's path and query (the demo is behind https at that host in a deployment).
     */
    private static URI callback(URI duo) {
        DuoPeer.Callback answer = DuoPeer.get().browse(duo);
        assertThat(answer.location().toString()).startsWith(DuoPeer.REDIRECT_URI + "?");
        assertThat(answer.location().getPath()).isEqualTo("/mfa/duo");
        assertThat(answer.code()).isNotBlank();
        assertThat(answer.state()).isNotBlank();
        return URI.create(answer.location().getRawPath() + "?" + answer.location().getRawQuery());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A browser without JavaScript: cookies kept, redirects not followed, the CSRF token of the last page sent. */
    private final class Client {
        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        private String csrf;

        void signIn() {
            get("/login", 200);
            HttpResponse<String> r = post("/login", "username=alice&password=" + PASSWORD, 302);
            assertThat(r.headers().firstValue("Location")).hasValueSatisfying(to ->
                    assertThat(to).doesNotContain("error"));
        }

        HttpResponse<String> get(String path, int status) {
            return send(HttpRequest.newBuilder(uri(path)).GET(), status);
        }

        HttpResponse<String> post(String path, String form, int status) {
            String body = (form.isEmpty() ? "" : form + "&") + "_csrf=" + encode(csrf);
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)), status);
        }

        private HttpResponse<String> send(HttpRequest.Builder request, int status) {
            HttpResponse<String> r;
            try {
                r = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException("the demo did not answer", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            assertThat(r.statusCode()).as("%s %s answered (Location %s):\n%s", r.request().method(),
                    r.request().uri(), r.headers().firstValue("Location").orElse("-"), r.body()).isEqualTo(status);
            Matcher m = CSRF.matcher(r.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return r;
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }
    }
}
