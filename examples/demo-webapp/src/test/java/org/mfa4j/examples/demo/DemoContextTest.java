package org.mfa4j.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Status;
import org.mfa4j.store.JdbcMfaStore;
import org.mfa4j.store.MfaStore;
import org.mfa4j.testing.MutableClock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The demo's context: one Mfa on the H2 DataSource, with the context's clock and the demo's providers (Duo
 * only with its settings), and security notifications mailed into the outbox.
 */
@SpringBootTest(properties = {"spring.datasource.url=jdbc:h2:mem:demo-context;DB_CLOSE_DELAY=-1",
        "mfa4j.keys.file=", "mfa4j.keys.ephemeral=true"})
class DemoContextTest {

    static final MutableClock CLOCK = MutableClock.startingAt2026();

    @TestConfiguration
    static class Clocks {
        @Bean
        Clock mfaClock() {
            return CLOCK;
        }
    }

    @Autowired
    Mfa mfa;
    @Autowired
    MfaStore store;
    @Autowired
    Outbox outbox;

    @Test
    void oneMfaOnTheDataSourceWithTheContextsClockAndANewFactorMailed() {
        assertThat(store).isInstanceOf(JdbcMfaStore.class);
        assertThat(mfa.providers()).extracting(d -> d.id())
                .as("every factor module on the class path but Duo, which has no settings here")
                .containsExactlyInAnyOrder("totp", "recovery", "u2f", "email", "sms");
        MfaUser alice = MfaUser.of("alice");
        MfaSession session = MfaSession.of("context-test-session");
        String secret = mfa.setup(alice, "totp", session).view().orElseThrow().require("secret");
        String code = String.format("%06d", new GoogleAuthenticator().getTotpPassword(secret, CLOCK.millis()));
        assertThat(mfa.activate(alice, "totp", MfaInput.code(code), session).status()).isEqualTo(Status.ACCEPTED);
        assertThat(outbox.emails()).as("the security notification, to alice's contact address").singleElement()
                .satisfies(m -> {
                    assertThat(m.to()).isEqualTo("alice@example.org");
                    assertThat(m.subject()).isEqualTo("mfa4j demo: a sign-in method was added to your account");
                    assertThat(m.text()).contains("Authenticator app").doesNotContain(secret, code);
                });
    }
}
