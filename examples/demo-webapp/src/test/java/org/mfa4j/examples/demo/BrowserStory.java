package org.mfa4j.examples.demo;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mfa4j.testing.MutableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A story in the running demo, told in order by one headless Chromium: the subclass is a
 * {@code @SpringBootTest} on a real port that imports {@link Clocks}, so mfa4j's clock is the test's to move
 * (codes and grace periods need no waiting).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class BrowserStory {

    static final MutableClock CLOCK = new MutableClock(Instant.now());

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        Clock mfaClock() {
            return CLOCK;
        }
    }

    Browser browser;

    /** The port the demo listens on. */
    abstract int port();

    /** The folder under target/browser/screenshots for this story's screenshots. */
    abstract String series();

    @BeforeAll
    void openBrowser() throws IOException {
        browser = Browser.open(port(), series());
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }
}
