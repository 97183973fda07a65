package org.mfa4j.provider.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.spi.otp.Base32;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;
import org.mfa4j.store.VersionedDocument;
import org.mfa4j.testing.JcaProviders;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.Race;
import org.mfa4j.testing.RecordingListener;

/**
 * The provider starts without looking up HmacSHA1 or HmacSHA256 (every Java platform has them) and looks
 * up HmacSHA512 (which the platform does not promise) when the settings choose it. A thread's first code
 * creates its {@code Mac}; without the algorithm, the verification fails closed with the
 * {@link MfaConfigurationException} a start-up check would have thrown.
 */
class TotpLazyStartTest {

    private static final String ID = TotpProviderFactory.ID;
    private static final String SECRET_B32 = Base32.encode(TotpTestKit.SEED_SHA1);

    private final MutableClock clock = MutableClock.startingAt2026();
    private final RecordingListener events = new RecordingListener();

    private Mfa mfa(MfaStore store, Map<String, String> settings) {
        return TotpTestKit.mfa(clock, store, org.mfa4j.SecretKeys.ephemeral(new java.security.SecureRandom()),
                TotpTestKit.fixedSecret(TotpTestKit.SEED_SHA1), settings, events);
    }

    private String code() {
        return TotpTestKit.reference(SECRET_B32, clock.instant());
    }

    /** Sets up and activates with the code of an earlier step, so the current one is still unused. */
    private void enrol(Mfa mfa, MfaUser user) {
        mfa.setup(user, ID, MfaSession.of("s")).view().orElseThrow();
        clock.advance(Duration.ofSeconds(-150));
        assertThat(mfa.activate(user, ID, MfaInput.code(code()), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
        clock.advance(Duration.ofSeconds(150));
    }

    @Test
    void startsWithoutTheJcaUnlessTheSettingsChooseAnAlgorithmThePlatformDoesNotPromise() throws Exception {
        JcaProviders.without("SunJCE", () -> {
            assertThat(mfa(new InMemoryMfaStore(), Map.of()).providers()).hasSize(1);
            assertThat(mfa(new InMemoryMfaStore(), Map.of("algorithm", "SHA256")).providers()).hasSize(1);
            assertThatThrownBy(() -> mfa(new InMemoryMfaStore(), Map.of("algorithm", "SHA512")))
                    .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("HmacSHA512");
            return null;
        });
        assertThat(mfa(new InMemoryMfaStore(), Map.of("algorithm", "SHA512")).providers()).hasSize(1);
    }

    @Test
    void aThreadsFirstCodeWithoutTheAlgorithmFailsClosedWithTheStartUpException() throws Exception {
        MfaStore store = new InMemoryMfaStore();
        Mfa mfa = mfa(store, Map.of());
        MfaUser user = MfaUser.of("user-1");
        enrol(mfa, user);
        long version = store.load(user.id()).map(VersionedDocument::version).orElseThrow();
        String now = code();
        ExecutorService fresh = Executors.newSingleThreadExecutor(); // no Mac of its own yet
        try {
            Throwable thrown = JcaProviders.without("SunJCE", () -> fresh.submit(
                    () -> catchThrowable(() -> mfa.verify(user, ID, MfaInput.code(now), MfaSession.of("s")))).get());
            assertThat(thrown).isInstanceOf(MfaConfigurationException.class).hasMessageContaining("HmacSHA1")
                    .hasMessageNotContaining(now);
            assertThat(store.load(user.id()).map(VersionedDocument::version)).contains(version);
            // Nothing was remembered: with the provider back, the same thread verifies the same code.
            Result r = fresh.submit(() -> mfa.verify(user, ID, MfaInput.code(now), MfaSession.of("s"))).get();
            assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        } finally {
            fresh.shutdownNow();
        }
    }

    @Test
    void firstCodesOfManyThreadsAtOnce() throws Exception {
        Mfa mfa = mfa(new InMemoryMfaStore(), Map.of());
        int threads = 16;
        for (int i = 0; i < threads; i++) {
            enrol(mfa, MfaUser.of("user-" + i));
        }
        String now = code();
        List<Result> results = Race.run(threads,
                t -> mfa.verify(MfaUser.of("user-" + t), ID, MfaInput.code(now), MfaSession.of("session-" + t)));
        assertThat(results).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.ACCEPTED));
    }
}
