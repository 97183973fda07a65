package org.mfa4j.examples.hotp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;

/** An {@code Mfa} with only the HOTP provider, whose every setup uses the RFC 4226 secret, and one user. */
final class HotpFixture {

    /** The secret of RFC 4226 Appendix D. */
    static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    final MutableClock clock = MutableClock.startingAt2026();
    final MfaUser user = MfaUser.builder("hotp-user").accountLabel("jane@example.test").build();
    final Mfa mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
            .clock(clock).lockout(LockoutPolicy.builder().maxFailures(3).build())
            .provider(new HotpProviderFactory(random -> RFC_SECRET.clone())).build();

    /** Sets HOTP up in session {@code enrol} and returns the setup view. */
    View setUp() {
        return mfa.setup(user, HotpProviderFactory.ID, MfaSession.of("enrol")).view().orElseThrow();
    }

    /** Sets HOTP up and activates it with {@code code}, which must be accepted. */
    void activateWith(String code) {
        setUp();
        Result r = mfa.activate(user, HotpProviderFactory.ID, MfaInput.code(code), MfaSession.of("enrol"));
        assertThat(r.status()).as("activation with %s", code).isEqualTo(Status.ACCEPTED);
    }

    Result verify(String typed, String session) {
        return mfa.verify(user, HotpProviderFactory.ID, MfaInput.code(typed), MfaSession.of(session));
    }
}
