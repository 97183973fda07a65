package org.mfa4j.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The factors beyond TOTP in real headless Chromium, one user's story: a security key as the first factor
 * through a virtual authenticator, a second key beside it, renamed and the first removed, and a sign-in with
 * the remaining one; then an e-mail address and two phone numbers verified with codes read from the
 * developer outbox, and sign-ins with an e-mail code and an SMS code through "use another method", each sent
 * only by the page's "Send code" button (opening or reloading a page sends nothing). The server
 * listens on a free port chosen here, because a security key is bound to the exact origin.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:demo-factors;DB_CLOSE_DELAY=-1",
        "mfa4j.keys.file=", "mfa4j.keys.ephemeral=true",
        "demo.users.alice.password=alice-factors-test"})
@Import(BrowserStory.Clocks.class)
class DemoFactorsBrowserTest extends BrowserStory {

    private static final int PORT = freePort();
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6,8})\\b");

    @Autowired
    Outbox outbox;

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
    }

    @Override
    int port() {
        return PORT;
    }

    @Override
    String series() {
        return "factors";
    }

    @Test
    @Order(1)
    void aSecurityKeyRegistersAsTheFirstFactorAndASecondOneBesideIt() throws IOException {
        browser.signIn("alice", "alice-factors-test");
        assertThat(browser.path()).isEqualTo("/mfa/setup/totp");
        VirtualAuthenticator laptop = browser.addSecurityKey(Transport.USB);
        registerKey("setup-u2f", "Laptop key");
        assertThat(browser.text("credential-u2f-1")).contains("Laptop key");

        // A second key needs a second authenticator: the first one would be excluded (already registered).
        List<Credential> laptopKeys = laptop.getCredentials();
        browser.removeSecurityKey(laptop);
        browser.addSecurityKey(Transport.USB);
        registerKey("add-u2f", "Backup key");
        assertThat(browser.text("credential-u2f-2")).contains("Backup key");
        assertThat(laptopKeys).hasSize(1);

        browser.type("rename-label-u2f-2", "Spare key");
        browser.click("rename-u2f-2");
        browser.awaitText("Renamed.");
        browser.click("remove-u2f-1");
        browser.awaitText("Removed.");
        assertThat(browser.text("credential-u2f-1")).contains("Spare key");
        assertThat(browser.has("credential-u2f-2")).isFalse();
        browser.screenshot("keys");
        browser.signOut();
    }

    @Test
    @Order(2)
    void theRemainingKeySignsIn() throws IOException {
        browser.signIn("alice", "alice-factors-test");
        assertThat(browser.path()).isEqualTo("/mfa/verify/u2f");
        browser.screenshot("key-verify");
        browser.click("use-key");
        browser.awaitPath("/");
        assertThat(browser.text("welcome")).isEqualTo("Welcome, alice");
    }

    @Test
    @Order(3)
    void anEmailAddressAndTwoPhoneNumbersAreVerifiedWithCodesFromTheOutbox() throws IOException {
        browser.get("/account");
        int emails = outbox.emails().size();
        browser.click("add-email");
        assertThat(browser.has("secret")).isFalse();
        browser.get("/mfa/setup/email");
        assertThat(outbox.emails()).as("opening a setup page sends nothing").hasSize(emails);
        browser.click("start");
        assertThat(browser.text("sent-to")).contains("a***@example.org").doesNotContain("alice@");
        browser.type("code", code("email-1"));
        browser.click("activate");
        assertThat(browser.path()).isEqualTo("/account?added=email");

        enrolPhone("+1 201 555 0123", "Mobile");
        CLOCK.advance(Duration.ofSeconds(61)); // the resend cooldown
        enrolPhone("+44 7400 123456", "Travel");
        assertThat(browser.text("credential-sms-1")).contains("Mobile");
        assertThat(browser.text("credential-sms-2")).contains("Travel");
        assertThat(browser.pageText()).doesNotContain("7400 123456").doesNotContain("2015550123");
        browser.screenshot("account-factors");
        browser.get("/dev/outbox");
        browser.screenshot("outbox");
        browser.get("/account");
        browser.signOut();
    }

    @Test
    @Order(4)
    void emailAndSmsCodesFromTheOutboxSignIn() throws IOException {
        CLOCK.advance(Duration.ofSeconds(61));
        browser.signIn("alice", "alice-factors-test");
        assertThat(browser.path()).isEqualTo("/mfa/verify/u2f");
        browser.click("use-email");
        codeSentOnlyOnPost("/mfa/verify/email", () -> outbox.emails().size());
        assertThat(browser.text("sent-to")).contains("a***@example.org").contains("valid for 5 min")
                .doesNotContain("alice@");
        browser.screenshot("email-verify");
        browser.type("code", code("email-1"));
        browser.click("verify");
        assertThat(browser.text("welcome")).isEqualTo("Welcome, alice");
        browser.signOut();

        CLOCK.advance(Duration.ofSeconds(61));
        browser.signIn("alice", "alice-factors-test");
        browser.click("use-sms");
        codeSentOnlyOnPost("/mfa/verify/sms", () -> outbox.texts().size());
        browser.screenshot("sms-verify");
        String sms = browser.textInNewTab("/dev/outbox", "sms-1");
        assertThat(sms).as("sign-in codes go to the first number").contains("+12015550123");
        browser.type("code", code("sms-1"));
        browser.click("verify");
        assertThat(browser.text("welcome")).isEqualTo("Welcome, alice");
        browser.signOut();
    }

    /**
     * On the verify page {@code path} of a factor that sends its code: opening and reloading it sends nothing
     * and offers no code field; "Send code" sends one message; "Send a new code" within the resend cooldown
     * sends none and says why.
     */
    private void codeSentOnlyOnPost(String path, IntSupplier sent) {
        int before = sent.getAsInt();
        assertThat(browser.path()).startsWith(path);
        browser.get(path);
        browser.get(path);
        assertThat(sent.getAsInt()).as("a GET of %s sends nothing", path).isEqualTo(before);
        assertThat(browser.has("code")).isFalse();
        assertThat(browser.text("send")).isEqualTo("Send code");
        browser.click("send");
        browser.awaitText("A code was sent to");
        assertThat(browser.path()).startsWith(path);
        assertThat(sent.getAsInt()).as("the POST sends one code").isEqualTo(before + 1);
        assertThat(browser.text("send")).isEqualTo("Send a new code");
        browser.get(path);
        assertThat(browser.has("sent-to")).as("a reload still shows the code sent").isTrue();
        browser.click("send");
        browser.awaitText("The code sent before is still valid");
        assertThat(sent.getAsInt()).as("within the cooldown nothing more is sent").isEqualTo(before + 1);
    }

    /** From the link {@code start} to the account page: a key named {@code label} on the browser's authenticator. */
    private void registerKey(String start, String label) throws IOException {
        browser.click(start);
        browser.type("label", label);
        browser.click("start");
        browser.screenshot("key-setup");
        browser.click("register-key");
        browser.awaitPath("/account");
    }

    private void enrolPhone(String number, String label) {
        browser.get("/account");
        browser.click("add-sms");
        browser.type("phone", number);
        browser.type("label", label);
        browser.click("start");
        browser.type("code", code("sms-1"));
        browser.click("activate");
        assertThat(browser.path()).isEqualTo("/account?added=sms");
    }

    /** The code in the newest message of the outbox list item {@code id} ({@code email-1}, {@code sms-1}). */
    private String code(String id) {
        String text = browser.textInNewTab("/dev/outbox", id);
        Matcher m = CODE.matcher(text.substring(text.indexOf('\n') + 1)); // after the line with the time
        assertThat(m.find()).as("a code in %s", text).isTrue();
        return m.group(1);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
