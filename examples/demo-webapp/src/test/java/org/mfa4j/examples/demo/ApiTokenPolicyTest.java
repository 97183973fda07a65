package org.mfa4j.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token API where the policy requires MFA of administrators only: a user of whom mfa4j requires nothing
 * gets a token for the password alone, and the administrator without a factor is told to set one up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:demo-api-policy;DB_CLOSE_DELAY=-1", "mfa4j.keys.file=",
        "mfa4j.keys.ephemeral=true", "mfa4j.policy.require=ADMINS", "demo.users.alice.password=alice-policy-test",
        "demo.users.admin.password=admin-policy-test"})
class ApiTokenPolicyTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void whenMfaIsNotRequiredThePasswordGivesATokenThatWorks() throws Exception {
        HttpResponse<String> r = token("alice", "alice-policy-test");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String token = JsonMapper.builder().build().readTree(r.body()).get("token").asString();
        HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/me"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(me.body()).isEqualTo("{\"user\":\"alice\"}");
    }

    @Test
    void theAdministratorWithoutAFactorMustSetOneUp() throws Exception {
        HttpResponse<String> r = token("admin", "admin-policy-test");
        assertThat(r.statusCode()).isEqualTo(403);
        JsonNode e = JsonMapper.builder().build().readTree(r.body());
        assertThat(e.get("error").asString()).isEqualTo("mfa_setup_required");
        assertThat(e.get("confirmationSent").asBoolean()).isTrue();
    }

    private HttpResponse<String> token(String user, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\""
                        + password + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
