package org.mfa4j.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token API under another policy: MFA required of administrators only, temporary lockouts, and an
 * account-wide ceiling of four failures. A user of whom mfa4j requires nothing gets a token for the password
 * alone; the administrator without a factor is told to set one up; with factors, a lock says until when, and
 * the ceiling locks the whole account across providers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:demo-api-policy;DB_CLOSE_DELAY=-1", "mfa4j.keys.file=",
        "mfa4j.keys.ephemeral=true", "mfa4j.policy.require=ADMINS", "mfa4j.lockout.temporary-lockout=PT5M",
        "mfa4j.lockout.account-ceiling=4", "demo.users.alice.password=alice-policy-test",
        "demo.users.admin.password=admin-policy-test"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiTokenPolicyTest {

    @LocalServerPort
    int port;
    @Autowired
    Mfa mfa;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Order(1)
    void whenMfaIsNotRequiredThePasswordGivesATokenThatWorks() throws Exception {
        HttpResponse<String> r = token("alice", "alice-policy-test");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String token = JsonMapper.builder().build().readTree(r.body()).get("token").asString();
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/me"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(me.body()).isEqualTo("{\"user\":\"alice\"}");
    }

    @Test
    @Order(2)
    void theAdministratorWithoutAFactorMustSetOneUp() throws Exception {
        HttpResponse<String> r = token("admin", "admin-policy-test");
        assertThat(r.statusCode()).isEqualTo(403);
        JsonNode e = JsonMapper.builder().build().readTree(r.body());
        assertThat(e.get("error").asString()).isEqualTo("mfa_setup_required");
        assertThat(e.get("confirmationSent").asBoolean()).isTrue();
    }

    @Test
    @Order(3)
    void aTemporaryLockSaysUntilWhenAndTheCeilingLocksTheAccountAcrossProviders() throws Exception {
        MfaUser admin = MfaUser.builder("admin").administrator(true).build();
        MfaSession session = MfaSession.of("api-policy-test-enrolment");
        String secret = mfa.setup(admin, "totp", session).view().orElseThrow().require("secret");
        Totp totp = new Totp(HmacAlgorithm.SHA1, 6, 30, 1);
        long now = totp.step(Instant.now());
        List<String> near = new ArrayList<>();
        for (long step = now - 1; step <= now + 2; step++) {
            near.add(String.format("%06d", totp.code(SecretBytes.copyOf(Base32.decode(secret)), step)));
        }
        Result app = mfa.activate(admin, "totp", MfaInput.code(near.get(1)), session);
        assertThat(app.isAccepted()).as(app.toString()).isTrue();
        session = session.withProof(app.proof().orElseThrow());
        String first = mfa.setup(admin, "recovery", session).view().orElseThrow().require("codes").split("\n")[0];
        assertThat(mfa.activate(admin, "recovery", MfaInput.code(first), session).isAccepted()).isTrue();
        String wrong = near.contains("000000") ? "000001" : "000000";

        String codes = "\",\"code\":\"" + wrong + "\"}";
        assertThat(error(token("/api/token/totp", "admin", "admin-policy-test" + codes), 401).get("attemptsLeft")
                .asInt()).isEqualTo(2);
        token("/api/token/totp", "admin", "admin-policy-test" + codes);
        JsonNode locked = error(token("/api/token/totp", "admin", "admin-policy-test" + codes), 423);
        assertThat(locked.get("scope").asString()).isEqualTo("provider");
        assertThat(Instant.parse(locked.get("until").asString())).isAfter(Instant.now());
        JsonNode account = error(token("/api/token/recovery", "admin", "admin-policy-test\",\"code\":\"AAAA-BBBB\"}"),
                423);
        assertThat(account.get("scope").asString()).as("the fourth failure, on another provider").isEqualTo("account");
        assertThat(account.get("error").asString()).isEqualTo("locked");
    }

    private JsonNode error(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JsonMapper.builder().build().readTree(r.body());
    }

    private HttpResponse<String> token(String user, String password) throws Exception {
        return token("/api/token", user, password + "\"}");
    }

    /** A request to {@code path}; {@code rest} closes the password's string and the object. */
    private HttpResponse<String> token(String path, String user, String rest) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\""
                        + rest)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
