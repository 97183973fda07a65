package org.mfa4j.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.otp.Base32;
import org.mfa4j.spi.otp.HmacAlgorithm;
import org.mfa4j.spi.otp.Totp;
import org.mfa4j.testing.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token API in the running demo, through {@link HttpClient} on the real port, told in order: each typed
 * error, a token after a TOTP code, a recovery code, three wrong codes lock, and the web login's MFA step
 * (driven over HTTP with a cookie-keeping client and the CSRF token) shares the counter and reports the same
 * lock. mfa4j's clock is the test's to move, so codes need no waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:demo-api;DB_CLOSE_DELAY=-1", "mfa4j.keys.file=",
        "mfa4j.keys.ephemeral=true", "demo.users.alice.password=alice-api-test",
        "demo.users.admin.password=admin-api-test"})
@Import(BrowserStory.Clocks.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiTokenTest {

    /** The browser stories' clock ({@link BrowserStory.Clocks}, imported): mfa4j's clock, the test's to move. */
    private static final MutableClock CLOCK = BrowserStory.CLOCK;
    private static final Totp TOTP = new Totp(HmacAlgorithm.SHA1, 6, 30, 1);
    private static final String PASSWORD = "alice-api-test";
    /** Caller input that must never come back in a response. */
    private static final String MARKER = "<b>echo-me</b>";

    @LocalServerPort
    int port;
    @Autowired
    Mfa mfa;
    @Autowired
    Outbox outbox;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = JsonMapper.builder().build();
    private final List<String> errorBodies = new ArrayList<>();
    private String secret;
    private String enrolmentProof;
    /** The web page's client: keeps the session cookie. */
    private HttpClient browser;
    private List<String> recoveryCodes;

    @Test
    @Order(1)
    void malformedRequestsAreATypedBadRequestThatEchoesNothing() throws Exception {
        assertError(send("POST", "/api/token", "text/plain", "username=alice"), 400, "bad_request");
        assertError(post("/api/token", "{not json " + MARKER), 400, "bad_request");
        assertError(post("/api/token", "[\"alice\"]"), 400, "bad_request");
        assertError(post("/api/token", "{\"username\":\"alice\"}"), 400, "bad_request");
        assertError(post("/api/token", "{\"username\":\"alice\",\"password\":42}"), 400, "bad_request");
        assertError(post("/api/token", body("username", MARKER.repeat(10), "password", PASSWORD)), 400,
                "bad_request");
        assertError(post("/api/token", body("username", "alice", "password", "x".repeat(5000))), 400, "bad_request");
        assertError(post("/api/token/totp", body("username", "alice", "password", PASSWORD)), 400, "bad_request");
        assertError(post("/api/token%3B" + URLEncoder.encode(MARKER, StandardCharsets.UTF_8).replace("%2F", ""),
                body("username", "alice", "password", PASSWORD)), 400, "bad_request"); // Spring's firewall
        assertError(post("/api/token/%3Cb%3Eecho-me", body("username", "alice", "password", PASSWORD, "code",
                "123456")), 404, "unsupported_provider");
        assertError(post("/api/token/u2f", body("username", "alice", "password", PASSWORD, "code", "1")), 404,
                "unsupported_provider");
        assertError(send("GET", "/api/token", null, null), 404, "not_found");
        assertError(send("GET", "/api/%3Cb%3Eecho-me", null, null), 404, "not_found");
        assertThat(errorBodies).noneMatch(b -> b.contains("echo-me"));
    }

    @Test
    @Order(2)
    void anUnknownUserAndAWrongPasswordGetTheSameAnswer() throws Exception {
        HttpResponse<String> wrong = post("/api/token", body("username", "alice", "password", "wrong-password"));
        HttpResponse<String> unknown = post("/api/token", body("username", "mallory", "password", PASSWORD));
        HttpResponse<String> long_ = post("/api/token", body("username", "alice", "password", "p".repeat(200)));
        assertError(wrong, 401, "invalid_credentials");
        assertThat(unknown.statusCode()).isEqualTo(wrong.statusCode());
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(long_.body()).isEqualTo(wrong.body());
    }

    @Test
    @Order(3)
    void aUserWithoutAFactorMustSetOneUpAndIsSentAConfirmationWithTheAccountPage() throws Exception {
        int before = outbox.emails().size();
        JsonNode e = assertError(post("/api/token", body("username", "alice", "password", PASSWORD)), 403,
                "mfa_setup_required");
        assertThat(e.get("confirmationSent").asBoolean()).isTrue();
        assertThat(outbox.emails()).hasSize(before + 1);
        Outbox.Message mail = outbox.emails().get(0);
        assertThat(mail.to()).isEqualTo("alice@example.org");
        assertThat(mail.text()).contains("http://localhost:" + port + "/account");
        post("/api/token", body("username", "alice", "password", PASSWORD));
        assertThat(outbox.emails()).as("one e-mail per cooldown").hasSize(before + 1);
    }

    @Test
    @Order(4)
    void withFactorsTheErrorNamesTheUsersProvidersAndTheirEndpoints() throws Exception {
        enrolAlice();
        JsonNode e = assertError(post("/api/token", body("username", "alice", "password", PASSWORD)), 401,
                "mfa_required");
        assertThat(json.writeValueAsString(e.get("providers"))).isEqualTo(
                "[{\"id\":\"totp\",\"endpoint\":\"/api/token/totp\"},"
                        + "{\"id\":\"recovery\",\"endpoint\":\"/api/token/recovery\"}]");
    }

    @Test
    @Order(5)
    void aTotpCodeGivesATokenThatWorksOnMeUntilItExpiresAndATamperedOneIsRefused() throws Exception {
        CLOCK.advance(Duration.ofSeconds(30));
        HttpResponse<String> ok = post("/api/token/totp", body("username", "alice", "password", PASSWORD,
                "code", code(0)));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Set-Cookie")).as("stateless: no session").isEmpty();
        JsonNode t = json.readTree(ok.body());
        String token = t.get("token").asString();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(t.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(t.get("expiresIn").asLong()).isEqualTo(3600);

        HttpResponse<String> me = me(token);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json.readTree(me.body()).get("user").asString()).isEqualTo("alice");
        char last = token.charAt(42);
        assertError(me(token.substring(0, 42) + (last == 'A' ? 'B' : 'A')), 401, "invalid_token");
        assertError(me("made-up"), 401, "invalid_token");
        assertError(me(enrolmentProof), 401, "invalid_token"); // a proof from Mfa is not a bearer token
        assertError(send("GET", "/api/me", null, null), 401, "unauthorized");

        CLOCK.advance(Duration.ofMinutes(61));
        assertError(me(token), 401, "invalid_token");
    }

    @Test
    @Order(6)
    void aRecoveryCodeGivesATokenOnceOnly() throws Exception {
        String body = body("username", "alice", "password", PASSWORD, "code", recoveryCodes.get(1));
        HttpResponse<String> ok = post("/api/token/recovery", body);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(me(json.readTree(ok.body()).get("token").asString()).statusCode()).isEqualTo(200);
        JsonNode again = assertError(post("/api/token/recovery", body), 401, "rejected");
        assertThat(again.get("attemptsLeft").asInt()).isEqualTo(2);
        assertThat(post("/api/token/recovery", body("username", "alice", "password", PASSWORD, "code",
                recoveryCodes.get(2))).statusCode()).as("a success resets the count").isEqualTo(200);
    }

    /**
     * One counter for both channels: a wrong code on the web page (a cookie-keeping client signed in through the
     * login form with its CSRF token) leaves the API two attempts less one, and the API's wrong codes lock.
     */
    @Test
    @Order(7)
    void aWrongCodeOnTheWebPageAndTwoOnTheApiLockTotp() throws Exception {
        CLOCK.advance(Duration.ofSeconds(30));
        String wrongCode = wrongCode();
        HttpResponse<String> page = webVerifyPage();
        HttpResponse<String> web = form(browser, "/mfa/verify/totp", "code=" + wrongCode + "&_csrf=" + csrf(page.body()));
        assertThat(web.body()).contains("Attempts left: 2.");

        String wrong = body("username", "alice", "password", PASSWORD, "code", wrongCode);
        assertThat(assertError(post("/api/token/totp", wrong), 401, "rejected").get("attemptsLeft").asInt())
                .as("the web page's failure counted").isEqualTo(1);
        assertThat(assertError(post("/api/token/totp", wrong), 423, "locked").get("scope").asString())
                .as("the third wrong code locks").isEqualTo("provider");
        JsonNode locked = assertError(post("/api/token/totp", body("username", "alice", "password", PASSWORD,
                "code", code(0))), 423, "locked");
        assertThat(locked.get("scope").asString()).isEqualTo("provider");
        JsonNode state = assertError(post("/api/token", body("username", "alice", "password", PASSWORD)), 401,
                "mfa_required");
        assertThat(json.writeValueAsString(state.get("providers"))).contains(
                "{\"id\":\"totp\",\"endpoint\":\"/api/token/totp\",\"locked\":true}");
    }

    /** The web page shares the lock: its MFA step refuses the right TOTP code now. */
    @Test
    @Order(8)
    void theLockIsTheWebPagesLock() throws Exception {
        HttpResponse<String> page = webVerifyPage();
        CLOCK.advance(Duration.ofSeconds(30));
        HttpResponse<String> answer = form(browser, "/mfa/verify/totp", "code=" + code(0) + "&_csrf="
                + csrf(page.body()));
        assertThat(answer.statusCode()).as("the page again, not a redirect onwards").isEqualTo(200);
        assertThat(answer.body()).contains("This method is locked after too many wrong codes");
        assertThat(get(browser, "/account").statusCode()).as("still without the factor").isEqualTo(302);
    }

    @Test
    @Order(9)
    void noErrorBodyCarriesAStackTraceOrAnExceptionsName() {
        assertThat(errorBodies).hasSizeGreaterThan(15);
        assertThat(errorBodies).allSatisfy(b -> assertThat(b).doesNotContain("Exception", "\tat ", "trace",
                "org.springframework", "<html"));
    }

    // ------------------------------------------------------------------ helpers

    /** The web page's TOTP step for alice, signed in with the password through the login form on first use. */
    private HttpResponse<String> webVerifyPage() throws Exception {
        if (browser == null) {
            browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            String csrf = csrf(get(browser, "/login").body());
            HttpResponse<String> login = form(browser, "/login", "username=alice&password=" + PASSWORD + "&_csrf="
                    + csrf);
            assertThat(login.statusCode()).isEqualTo(302);
            assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        }
        HttpResponse<String> page = get(browser, "/mfa/verify/totp");
        assertThat(page.statusCode()).isEqualTo(200);
        return page;
    }

    /** The quick start's enrolment through the demo's own {@code Mfa}: an authenticator app, then recovery codes. */
    private void enrolAlice() {
        MfaUser alice = MfaUser.of("alice");
        MfaSession session = MfaSession.of("api-test-enrolment");
        secret = mfa.setup(alice, "totp", session).view().orElseThrow().require("secret");
        Result app = mfa.activate(alice, "totp", MfaInput.code(code(0)), session);
        assertThat(app.isAccepted()).as(app.toString()).isTrue();
        session = session.withProof(app.proof().orElseThrow());
        enrolmentProof = app.proof().orElseThrow().token();
        recoveryCodes = List.of(mfa.setup(alice, "recovery", session).view().orElseThrow().require("codes")
                .split("\n"));
        Result codes = mfa.activate(alice, "recovery", MfaInput.code(recoveryCodes.get(0)), session);
        assertThat(codes.isAccepted()).as(codes.toString()).isTrue();
    }

    /** The app's code {@code offset} steps from the test clock's now, by the totp module's own computation. */
    private String code(int offset) {
        long step = TOTP.step(CLOCK.instant()) + offset;
        return String.format("%06d", TOTP.code(SecretBytes.copyOf(Base32.decode(secret)), step));
    }

    private String wrongCode() {
        List<String> near = List.of(code(-1), code(0), code(1));
        for (int n = 0; ; n++) {
            String c = String.format("%06d", n);
            if (!near.contains(c)) {
                return c;
            }
        }
    }

    private String body(String... pairs) throws IOException {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return json.writeValueAsString(m);
    }

    private JsonNode assertError(HttpResponse<String> r, int status, String code) {
        errorBodies.add(r.body());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode n = json.readTree(r.body());
        assertThat(n.get("error").asString()).isEqualTo(code);
        assertThat(n.get("message").asString()).isNotBlank();
        return n;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, "application/json", body);
    }

    private HttpResponse<String> me(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/me")).header("Authorization", "Bearer " + token)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", "text/html,*/*");
        if (type != null) {
            b.header("Content-Type", type);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> form(HttpClient client, String path, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return URLEncoder.encode(m.group(1), StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
