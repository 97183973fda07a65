package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class against the {@link DuoPeer}: tagged to run in the peer's own surefire fork; before each
 * test a healthy Duo with counters at zero; after it, nothing the SDK sent that Duo would have refused.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(DuoPeer.TAG)
@ExtendWith(DuoPeerTest.Lifecycle.class)
@interface DuoPeerTest {

    final class Lifecycle implements BeforeEachCallback, AfterEachCallback {

        @Override
        public void beforeEach(ExtensionContext context) {
            DuoPeer.get().reset();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            assertThat(DuoPeer.get().duo.problems()).as("requests the fake Duo refused as malformed").isEmpty();
        }
    }
}
