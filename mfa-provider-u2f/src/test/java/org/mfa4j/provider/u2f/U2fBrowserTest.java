package org.mfa4j.provider.u2f;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mfa4j.Change;
import org.mfa4j.ChangeStatus;
import org.mfa4j.CredentialOverview;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * End to end in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, never a downloaded
 * driver) with Selenium's virtual authenticators: a page on {@code http://localhost:<port>} runs
 * {@code navigator.credentials.create} and {@code get} with the options {@link Mfa} returned, and hands
 * {@code credential.toJSON()} back to {@code Mfa}. Without Chromium the test is skipped, or fails when
 * {@code CI=true} ({@code .ci/run} installs it).
 */
class U2fBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ID = U2fProviderFactory.ID;
    private static final String CREATE = "const done = arguments[arguments.length - 1];"
            + "navigator.credentials.create({publicKey: PublicKeyCredential.parseCreationOptionsFromJSON("
            + "JSON.parse(arguments[0]))}).then(c => done(JSON.stringify(c.toJSON())), e => done('error:' + e.name));";
    private static final String GET = "const done = arguments[arguments.length - 1];"
            + "navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON("
            + "JSON.parse(arguments[0]))}).then(c => done(JSON.stringify(c.toJSON())), e => done('error:' + e.name));";

    private static HttpServer server;
    private static ChromeDriver browser;
    private static Mfa mfa;

    private final MfaUser user = MfaUser.builder("browser-user").accountLabel("browser.user@example.test").build();
    private MfaSession account = MfaSession.of("account");
    private int logins;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Chromium or chromedriver is missing; .ci/run installs Debian's chromium and chromium-driver");
            }
            Assumptions.abort("Chromium or chromedriver is missing (apt-get install chromium chromium-driver)");
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] page = "<!doctype html><html><head><title>mfa4j</title></head><body>mfa4j</body></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        String origin = "http://localhost:" + server.getAddress().getPort();
        mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .clock(MutableClock.startingAt2026()).provider(new U2fProviderFactory())
                .configure(ID, Map.of("rp-id", "localhost", "origins", origin, "passkeys", "true",
                        "timeout", "PT20S"))
                .build();

        Path target = Path.of("target", "chromium").toAbsolutePath();
        Files.createDirectories(target);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort()
                .withEnvironment(Map.of("XDG_CONFIG_HOME", target.resolve("config").toString(),
                        "XDG_CACHE_HOME", target.resolve("cache").toString()))
                .build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--user-data-dir=" + Files.createTempDirectory(target, "profile"));
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
        browser.get(origin + "/");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private static VirtualAuthenticator authenticator(VirtualAuthenticatorOptions.Transport transport) {
        return browser.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2).setTransport(transport)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
    }

    private static String run(String script, String optionsJson) {
        Object out = ((JavascriptExecutor) browser).executeAsyncScript(script, optionsJson);
        assertThat(out).asString().doesNotStartWith("error:");
        return (String) out;
    }

    private void register(String label) {
        Change setup = mfa.setup(user, ID, MfaInput.of(Map.of(U2fProviderFactory.INPUT_LABEL, label)), account);
        assertThat(setup.status()).as("setup of %s", label).isEqualTo(ChangeStatus.DONE);
        String response = run(CREATE, setup.view().orElseThrow().require(U2fProviderFactory.VIEW_CREATION_OPTIONS));
        Result r = mfa.activate(user, ID, MfaInput.of(Map.of(U2fProviderFactory.INPUT_CREDENTIAL, response)), account);
        assertThat(r.status()).as("activation of %s: %s", label, r).isEqualTo(Status.ACCEPTED);
        account = account.withProof(r.proof().orElseThrow());
    }

    /** Signs in in a new login session with whichever key the browser has; returns the credential id used. */
    private String signIn() {
        MfaSession login = MfaSession.of("login-" + ++logins);
        Prompt p = mfa.prompt(user, ID, login);
        assertThat(p.issued()).isTrue();
        String response = run(GET, p.view().require(U2fProviderFactory.VIEW_REQUEST_OPTIONS));
        Result r = mfa.verify(user, ID, MfaInput.of(Map.of(U2fProviderFactory.INPUT_CREDENTIAL, response)), login);
        assertThat(r.status()).as("sign-in: %s", r).isEqualTo(Status.ACCEPTED);
        return r.details().get(U2fProviderFactory.DETAIL_CREDENTIAL);
    }

    private List<CredentialOverview> keys() {
        return mfa.overview(user).provider(ID).orElseThrow().credentials();
    }

    @Test
    void registerSignInAddASecondKeyBothWorkAndRemovingOneLeavesTheOther() {
        VirtualAuthenticator first = authenticator(VirtualAuthenticatorOptions.Transport.INTERNAL);
        register("Laptop");
        String firstId = keys().get(0).id();
        assertThat(signIn()).isEqualTo(firstId);

        // Chromium allows one internal authenticator: the second key is a USB one, the first put aside.
        List<Credential> firstKeys = first.getCredentials();
        browser.removeVirtualAuthenticator(first);
        VirtualAuthenticator second = authenticator(VirtualAuthenticatorOptions.Transport.USB);
        register("YubiKey");
        assertThat(keys()).extracting(CredentialOverview::label).containsExactly("Laptop", "YubiKey");
        String secondId = keys().get(1).id();
        assertThat(signIn()).isEqualTo(secondId);

        List<Credential> secondKeys = second.getCredentials();
        browser.removeVirtualAuthenticator(second);
        VirtualAuthenticator firstAgain = authenticator(VirtualAuthenticatorOptions.Transport.INTERNAL);
        firstKeys.forEach(firstAgain::addCredential);
        assertThat(signIn()).as("the first key still works").isEqualTo(firstId);

        Change removed = mfa.removeCredential(user, ID, firstId, account);
        assertThat(removed.status()).isEqualTo(ChangeStatus.DONE);
        account = account.withProof(removed.proof().orElseThrow());
        assertThat(keys()).extracting(CredentialOverview::id).containsExactly(secondId);
        Prompt p = mfa.prompt(user, ID, MfaSession.of("after-removal"));
        assertThat(SoftKey.read(p.view().require(U2fProviderFactory.VIEW_REQUEST_OPTIONS)).path("allowCredentials"))
                .as("only the remaining key is asked for").hasSize(1);

        browser.removeVirtualAuthenticator(firstAgain);
        VirtualAuthenticator secondAgain = authenticator(VirtualAuthenticatorOptions.Transport.USB);
        secondKeys.forEach(secondAgain::addCredential);
        assertThat(signIn()).as("the remaining key works").isEqualTo(secondId);
        browser.removeVirtualAuthenticator(secondAgain);
    }

    @Test
    void passkeySignInWorksWhenEnabled() {
        MfaUser carol = MfaUser.builder("passkey-user").accountLabel("passkey.user@example.test").build();
        VirtualAuthenticator platform = authenticator(VirtualAuthenticatorOptions.Transport.INTERNAL);
        try {
            MfaSession enrol = MfaSession.of("passkey-enrol");
            Change setup = mfa.setup(carol, ID, enrol);
            String created = run(CREATE, setup.view().orElseThrow().require(U2fProviderFactory.VIEW_CREATION_OPTIONS));
            assertThat(mfa.activate(carol, ID, MfaInput.of(Map.of(U2fProviderFactory.INPUT_CREDENTIAL, created)), enrol)
                    .status()).isEqualTo(Status.ACCEPTED);
            assertThat(platform.getCredentials()).singleElement()
                    .satisfies(c -> assertThat(c.isResidentCredential()).as("a discoverable credential").isTrue());

            MfaSession login = MfaSession.of("passkey-login");
            Prompt p = mfa.passkeyPrompt(login);
            String asserted = run(GET, p.view().require(U2fProviderFactory.VIEW_REQUEST_OPTIONS));
            Result r = mfa.passkeySignIn(MfaInput.of(Map.of(U2fProviderFactory.INPUT_CREDENTIAL, asserted)), login,
                    id -> id.equals(carol.id()) ? Optional.of(carol) : Optional.empty());
            assertThat(r.status()).as("passkey sign-in: %s", r).isEqualTo(Status.ACCEPTED);
            assertThat(r.proof().orElseThrow().userId()).isEqualTo(carol.id());
        } finally {
            browser.removeVirtualAuthenticator(platform);
        }
    }
}
