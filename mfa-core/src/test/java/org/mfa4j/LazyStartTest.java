package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;
import org.mfa4j.testing.JcaProviders;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.Race;
import org.mfa4j.testproviders.CodeProvider;

/**
 * Building an {@code Mfa} leaves the JDK crypto (random source, HMAC, AES-GCM) and the logging backend for
 * the first operation that needs them. What must hold anyway: the configuration is still checked at
 * {@code build()}, the first use from many threads at once is correct, and a JVM without an algorithm makes
 * the operation fail closed with the exception a build-time check would have thrown.
 */
class LazyStartTest {

    private static final byte[] KEY = new byte[32];
    private static final String SESSION = "session-lazy-1";

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = (byte) (i * 7 + 3);
        }
    }

    private final MutableClock clock = MutableClock.startingAt2026();

    private Mfa mfa(MfaStore store) {
        return Mfa.builder().store(store).keys(SecretKeys.of("k1", KEY)).clock(clock)
                .provider(new CodeProvider("code")).build();
    }

    @Test
    void buildingNeedsNoJcaCryptoProvider() throws Exception {
        MfaStore store = new InMemoryMfaStore();
        MfaUser alice = MfaUser.of("alice");
        Mfa mfa = JcaProviders.without("SunJCE", () -> {
            Mfa built = mfa(store);
            // The first operation that seals a secret needs AES-GCM: it fails closed and writes nothing.
            assertThatThrownBy(() -> built.setup(alice, "code", MfaSession.of("s")).view().orElseThrow()).isInstanceOf(MfaSecretException.class)
                    .hasMessageContaining("AES/GCM/NoPadding");
            assertThat(store.load("alice")).isEmpty();
            return built;
        });
        // The failure was not remembered: with the provider back, the same instance works.
        String code = mfa.setup(alice, "code", MfaSession.of("s")).view().orElseThrow().require("code");
        assertThat(mfa.activate(alice, "code", MfaInput.code(code), MfaSession.of(SESSION)).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void proofKeysDerivedOnFirstUseFailClosedWithTheBuildTimeException() throws Exception {
        MfaStore store = new InMemoryMfaStore();
        MfaUser alice = MfaUser.of("alice");
        Mfa first = mfa(store);
        String code = first.setup(alice, "code", MfaSession.of("s")).view().orElseThrow().require("code");
        String proof = first.activate(alice, "code", MfaInput.code(code), MfaSession.of(SESSION)).proof().orElseThrow().token();

        Mfa fresh = mfa(store); // same keys, proof keys not derived yet
        JcaProviders.without("SunJCE", () -> {
            assertThatThrownBy(() -> fresh.checkProof(alice, MfaSession.of(SESSION, proof), Duration.ofMinutes(5)))
                    .isInstanceOf(MfaSecretException.class).hasMessageContaining("HmacSHA256")
                    .hasMessageNotContaining(proof);
            return null;
        });
        assertThat(fresh.checkProof(alice, MfaSession.of(SESSION, proof), Duration.ofMinutes(5))).isEqualTo(ProofStatus.VALID);
    }

    @Test
    void firstUseFromManyThreadsAtOnce() throws Exception {
        MfaStore store = new InMemoryMfaStore();
        // No random source given: the default one is created on first use, here by one of the racing threads.
        Mfa mfa = Mfa.builder().store(store).keys(SecretKeys.of("k1", KEY)).clock(clock)
                .provider(new CodeProvider("code")).build();
        int threads = 16;
        List<String[]> results = Race.run(threads, t -> {
            MfaUser user = MfaUser.of("user-" + t);
            String code = mfa.setup(user, "code", MfaSession.of("s")).view().orElseThrow().require("code");
            Result r = mfa.activate(user, "code", MfaInput.code(code), MfaSession.of("session-" + t));
            return new String[] {r.status().name(), code, r.proof().orElseThrow().token()};
        });
        Set<String> codes = new HashSet<>();
        Mfa other = mfa(store); // derives the same proof keys independently
        for (int t = 0; t < threads; t++) {
            String[] r = results.get(t);
            assertThat(r[0]).isEqualTo("ACCEPTED");
            codes.add(r[1]);
            MfaUser user = MfaUser.of("user-" + t);
            assertThat(other.checkProof(user, MfaSession.of("session-" + t, r[2]), Duration.ofMinutes(5))).isEqualTo(ProofStatus.VALID);
            assertThat(mfa.checkProof(user, MfaSession.of("session-" + t, r[2]), Duration.ofMinutes(5))).isEqualTo(ProofStatus.VALID);
        }
        assertThat(codes).hasSize(threads);
    }

    @Test
    void badKeysAndMissingSettingsAreStillRefusedBeforeAnyOperation(@TempDir Path dir) throws Exception {
        Path shortKey = dir.resolve("keys");
        Files.writeString(shortKey, "k1=" + java.util.Base64.getEncoder().encodeToString(new byte[31]) + "\n");
        Files.setPosixFilePermissions(shortKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        JcaProviders.without("SunJCE", () -> {
            assertThatThrownBy(() -> SecretKeys.of("k1", new byte[31])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("32 bytes");
            assertThatThrownBy(() -> SecretKeys.fromFile(shortKey)).isInstanceOf(MfaConfigurationException.class)
                    .hasMessageContaining("32 bytes");
            assertThatThrownBy(() -> Mfa.builder().store(new InMemoryMfaStore()).provider(new CodeProvider("code"))
                    .build()).isInstanceOf(MfaConfigurationException.class).hasMessageContaining("no secret keys");
            assertThatThrownBy(() -> Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.of("k1", KEY))
                    .provider(new CodeProvider("code")).configure("nosuch", java.util.Map.of()).build())
                    .isInstanceOf(MfaConfigurationException.class);
            return null;
        });
    }
}
