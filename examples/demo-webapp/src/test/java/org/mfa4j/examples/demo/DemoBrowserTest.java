package org.mfa4j.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo in real headless Chromium, one user's story in order: forced TOTP setup with a code computed from
 * the secret on the page and recovery codes shown once; sign-in with TOTP; the protected action within the
 * grace period and asked again after; three wrong codes lock TOTP and a recovery code still gets in; the
 * administrator unlocks, resets the recovery codes, and with only a password the user cannot add them back;
 * the administrator resets TOTP and the user must set up again. mfa4j's clock is moved by the test, so
 * codes and the grace period need no waiting. Screenshots under target/browser/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:demo-browser;DB_CLOSE_DELAY=-1",
        "demo.users.admin.password=admin-browser-test",
        "demo.users.alice.password=alice-browser-test"})
@Import(BrowserStory.Clocks.class)
class DemoBrowserTest extends BrowserStory {

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "browser"));
        Path keys = dir.resolve("mfa4j-" + System.nanoTime() + ".keys");
        registry.add("mfa4j.keys.file", keys::toString);
    }

    @LocalServerPort
    int port;

    private String aliceSecret;
    private List<String> aliceCodes;

    @Override
    int port() {
        return port;
    }

    @Override
    String series() {
        return "totp";
    }

    @Test
    @Order(1)
    void aUserWhoMustUseMfaSetsUpTotpAndSeesRecoveryCodesOnce() throws IOException {
        browser.signIn("alice", "alice-browser-test");
        assertThat(browser.path()).isEqualTo("/mfa/setup/totp");
        assertThat(browser.has("secret")).as("opening the setup page starts nothing").isFalse();
        browser.click("start");
        browser.screenshot("totp-setup");
        aliceSecret = browser.text("secret");
        aliceCodes = enrol(aliceSecret);
        assertThat(aliceCodes).hasSize(10);
        browser.get("/mfa/setup/recovery");
        browser.click("start");
        assertThat(browser.text("error")).contains("cannot be set up now");
        assertThat(browser.pageText()).doesNotContain(aliceCodes.get(1));
        browser.get("/");
        assertThat(browser.text("welcome")).isEqualTo("Welcome, alice");
        browser.signOut();
    }

    @Test
    @Order(2)
    void totpSignsInAndTheProtectedActionNeedsARecentVerification() throws IOException {
        CLOCK.advance(Duration.ofSeconds(31)); // the enrolment used the current step's code
        signInWithTotp("alice", "alice-browser-test", aliceSecret);
        browser.get("/account");
        browser.type("new-email", "alice.new@example.org");
        browser.click("change-email");
        assertThat(browser.pageText()).contains("Your e-mail address was changed.");
        assertThat(browser.text("email")).isEqualTo("alice.new@example.org");

        CLOCK.advance(Duration.ofMinutes(3)); // past the action's 2 minutes, within the session
        browser.type("new-email", "alice.later@example.org");
        browser.click("change-email");
        assertThat(browser.path()).startsWith("/mfa/verify/totp");
        assertThat(browser.pageText()).contains("This action needs a recent confirmation.");
        browser.screenshot("step-up");
        browser.type("code", code(aliceSecret));
        browser.click("verify");
        assertThat(browser.path()).isEqualTo("/account");
        browser.type("new-email", "alice.later@example.org");
        browser.click("change-email");
        assertThat(browser.text("email")).isEqualTo("alice.later@example.org");
        browser.screenshot("account");
        browser.signOut();
    }

    @Test
    @Order(3)
    void threeWrongCodesLockTotpAndARecoveryCodeStillGetsIn() throws IOException {
        CLOCK.advance(Duration.ofSeconds(31));
        browser.signIn("alice", "alice-browser-test");
        assertThat(browser.path()).isEqualTo("/mfa/verify/totp");
        String wrong = String.format("%06d", (Integer.parseInt(code(aliceSecret)) + 500_000) % 1_000_000);
        for (int i = 0; i < 3; i++) {
            browser.type("code", wrong);
            browser.click("verify");
        }
        assertThat(browser.text("error")).contains("locked");
        browser.screenshot("totp-locked");
        browser.click("use-recovery");
        browser.type("code", aliceCodes.get(1));
        browser.click("verify");
        assertThat(browser.text("welcome")).isEqualTo("Welcome, alice");
        browser.get("/account");
        assertThat(browser.text("factor-totp")).contains("active, locked");
        browser.signOut();
    }

    @Test
    @Order(4)
    void withOnlyAPasswordTheAccountPageRefusesToAddAFactor() throws IOException {
        CLOCK.advance(Duration.ofSeconds(31));
        signInWithTotp("admin", "admin-browser-test", null); // the administrator's own first sign-in
        browser.get("/admin");
        browser.screenshot("admin");
        browser.click("unlock-alice-totp");
        assertThat(browser.pageText()).contains("Unlocked totp for alice.");
        browser.click("reset-alice-recovery");
        assertThat(browser.pageText()).contains("Reset for alice: recovery.");
        browser.signOut();

        browser.signIn("alice", "alice-browser-test");
        browser.get("/account");
        assertThat(browser.path()).isEqualTo("/mfa/verify/totp");
        browser.get("/mfa/setup/recovery");
        browser.click("start");
        assertThat(browser.text("refused")).contains("You cannot add a factor with only your password.");
        browser.screenshot("add-refused");
        browser.signOut();
    }

    @Test
    @Order(5)
    void theAdministratorResetsTotpAndTheUserMustSetUpAgain() throws IOException {
        CLOCK.advance(Duration.ofSeconds(31));
        signInWithTotp("admin", "admin-browser-test", adminSecret);
        browser.get("/admin");
        browser.click("reset-alice-totp");
        assertThat(browser.pageText()).contains("Reset for alice: totp.");
        browser.signOut();

        browser.signIn("alice", "alice-browser-test");
        assertThat(browser.path()).isEqualTo("/mfa/setup/totp");
        browser.click("start");
        assertThat(browser.text("secret")).isNotEqualTo(aliceSecret);
        browser.screenshot("setup-again");
    }

    private String adminSecret;

    /** Signs in; a user without factors enrols first (the secret is remembered for the administrator). */
    private void signInWithTotp(String user, String password, String secret) throws IOException {
        browser.signIn(user, password);
        if (secret == null) {
            assertThat(browser.path()).isEqualTo("/mfa/setup/totp");
            browser.click("start");
            adminSecret = browser.text("secret");
            enrol(adminSecret);
            return;
        }
        assertThat(browser.path()).isEqualTo("/mfa/verify/totp");
        browser.screenshot("verify-" + user);
        browser.type("code", code(secret));
        browser.click("verify");
        assertThat(browser.text("welcome")).isEqualTo("Welcome, " + user);
    }

    /** On the TOTP setup page: activates with a code, then confirms the recovery codes; returns them. */
    private List<String> enrol(String secret) throws IOException {
        browser.type("code", code(secret));
        browser.click("activate");
        assertThat(browser.path()).as(browser.pageText()).isEqualTo("/mfa/setup/recovery");
        browser.click("start");
        List<String> codes = browser.items("codes");
        browser.screenshot("recovery-codes");
        browser.type("code", codes.get(0));
        browser.click("activate");
        return codes;
    }

    private static String code(String secret) {
        return String.format("%06d", new GoogleAuthenticator().getTotpPassword(secret, CLOCK.millis()));
    }
}
