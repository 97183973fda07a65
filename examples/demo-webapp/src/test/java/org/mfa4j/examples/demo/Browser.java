package org.mfa4j.examples.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Debian's headless Chromium through Debian's chromedriver (never a downloaded driver), with a throw-away
 * profile under {@code target/}. Missing Chromium fails the test in CI ({@code CI=true}) and skips it
 * elsewhere.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path TARGET = Path.of("target", "browser");

    private final ChromeDriver driver;
    private final String base;
    private final Path screenshots;
    private int shots;

    private Browser(ChromeDriver driver, String base, Path screenshots) {
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
    }

    /** A browser for the demo on {@code port}; its screenshots go to target/browser/screenshots/{@code series}. */
    static Browser open(int port, String series) throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install chromium chromium-driver; .ci/run does)");
        }
        Assumptions.assumeTrue(present, "Chromium is not installed: apt-get install chromium chromium-driver");
        Path screenshots = Files.createDirectories(TARGET.resolve("screenshots").resolve(series));
        Path profile = Files.createTempDirectory(Files.createDirectories(TARGET), "profile-");
        Path xdg = Files.createDirectories(TARGET.resolve("xdg"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("XDG_CONFIG_HOME", xdg.toAbsolutePath().toString(),
                        "XDG_CACHE_HOME", xdg.toAbsolutePath().toString()))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1000,1200",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(2)); // a missing element waits for the next page
        return new Browser(driver, "http://localhost:" + port, screenshots);
    }

    void get(String path) {
        driver.get(base + path);
    }

    String path() {
        String url = driver.getCurrentUrl();
        return url.substring(base.length());
    }

    String text(String id) {
        return find(id).getText();
    }

    /** The element, or a failure that shows where the browser is and what the page says. */
    private WebElement find(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        if (found.isEmpty()) {
            throw new AssertionError("no #" + id + " on " + path() + ":\n" + pageText());
        }
        return found.get(0);
    }

    boolean has(String id) {
        return !driver.findElements(By.id(id)).isEmpty();
    }

    /** The page's text; a page replaced while it is read (a click's navigation) is read again. */
    String pageText() {
        for (int attempt = 1; ; attempt++) {
            try {
                return driver.findElement(By.tagName("body")).getText();
            } catch (StaleElementReferenceException replaced) {
                if (attempt == 3) {
                    throw replaced;
                }
            }
        }
    }

    /** Waits until the page says {@code fragment} (the page a click navigates to may load after the click). */
    void awaitText(String fragment) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).withMessage(() -> "no '" + fragment + "' on " + path()
                + ":\n" + pageText()).ignoring(StaleElementReferenceException.class)
                .until(d -> pageText().contains(fragment));
    }

    List<String> items(String listId) {
        return driver.findElement(By.id(listId)).findElements(By.tagName("li")).stream()
                .map(WebElement::getText).toList();
    }

    void type(String id, String value) {
        WebElement e = find(id);
        e.clear();
        e.sendKeys(value);
    }

    /**
     * Clicks a link or submit button and waits until the next page has loaded (every link and button of the
     * demo navigates, the security-key ones after their WebAuthn call): {@code click} itself returns when the
     * event was sent, at times before the next page loaded, and a busy machine makes "at times" often. The old
     * page's window carries a mark that a new page's window does not; while the browser is between the two a
     * script may fail, which the wait ignores.
     */
    void click(String id) {
        WebElement target = find(id);
        driver.executeScript("window.mfa4jLeft = false;");
        target.click();
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .withMessage(() -> "clicking #" + id + " did not load a new page; still on " + path())
                .ignoring(WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(driver.executeScript(
                        "return window.mfa4jLeft === undefined && document.readyState === 'complete';")));
    }

    /** Waits until the page's path starts with {@code prefix} (after a script submitted a form). */
    void awaitPath(String prefix) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).withMessage(() -> "still on " + path() + ":\n" + pageText())
                .until(d -> path().startsWith(prefix));
    }

    /** The text of element {@code id} on {@code path}, read in a new tab that is closed again. */
    String textInNewTab(String path, String id) {
        String here = driver.getWindowHandle();
        driver.switchTo().newWindow(WindowType.TAB);
        try {
            get(path);
            return text(id);
        } finally {
            driver.close();
            driver.switchTo().window(here);
        }
    }

    /** A virtual security key (CTAP2, user verification) the page's WebAuthn calls talk to. */
    VirtualAuthenticator addSecurityKey(VirtualAuthenticatorOptions.Transport transport) {
        return driver.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2).setTransport(transport)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true));
    }

    void removeSecurityKey(VirtualAuthenticator key) {
        driver.removeVirtualAuthenticator(key);
    }

    /** The login form: user name, password, submit. */
    void signIn(String user, String password) {
        get("/login");
        type("username", user);
        type("password", password);
        click("sign-in");
    }

    void signOut() {
        click("logout");
        awaitPath("/login?logout"); // the click returns before the next page has loaded, at times
    }

    /** A numbered PNG of the page under target/browser/screenshots/<series>, for review. */
    void screenshot(String name) throws IOException {
        File png = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), screenshots.resolve(String.format("%02d-%s.png", ++shots, name)),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
