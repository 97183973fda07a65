package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaSecretException;
import org.mfa4j.SecretKeys;
import org.mfa4j.spi.SecretBytes;

class AesGcmSecretCipherTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static SecretKeys key(String id, int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return SecretKeys.of(id, k);
    }

    private static SecretBytes secret(String s) {
        return SecretBytes.copyOf(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sealsAndOpensInItsContext() {
        AesGcmSecretCipher c = new AesGcmSecretCipher(key("k1", 1), RANDOM);
        String sealed = c.seal(secret("JBSWY3DPEHPK3PXP"), "alice", "totp", "secret");
        assertThat(sealed).startsWith("v1.k1.").doesNotContain("JBSWY3DPEHPK3PXP");
        assertThat(c.open(sealed, "alice", "totp", "secret").equalsSecret(secret("JBSWY3DPEHPK3PXP"))).isTrue();
        assertThat(c.seal(secret("x"), "a")).as("fresh nonce each time").isNotEqualTo(c.seal(secret("x"), "a"));
        assertThat(c.currentKeyId()).isEqualTo("k1");
        assertThat(c.toString()).isEqualTo("AesGcmSecretCipher[current=k1]");
    }

    @Test
    void aValueCopiedToAnotherUserProviderOrPropertyDoesNotOpen() {
        AesGcmSecretCipher c = new AesGcmSecretCipher(key("k1", 1), RANDOM);
        String sealed = c.seal(secret("seed"), "alice", "totp", "secret");
        assertThatThrownBy(() -> c.open(sealed, "bob", "totp", "secret")).isInstanceOf(MfaSecretException.class)
                .hasMessageContaining("another user").hasMessageNotContaining("seed");
        assertThatThrownBy(() -> c.open(sealed, "alice", "sms", "secret")).isInstanceOf(MfaSecretException.class);
        assertThatThrownBy(() -> c.open(sealed, "alice", "totp", "other")).isInstanceOf(MfaSecretException.class);
        // Shifting a boundary between context parts is a different context too.
        String ab = c.seal(secret("seed"), "ab", "c");
        assertThatThrownBy(() -> c.open(ab, "a", "bc")).isInstanceOf(MfaSecretException.class);
    }

    @Test
    void anAlteredValueIsRefused() {
        AesGcmSecretCipher c = new AesGcmSecretCipher(key("k1", 1), RANDOM);
        String sealed = c.seal(secret("seed"), "alice");
        byte[] raw = Base64.getUrlDecoder().decode(sealed.substring("v1.k1.".length()));
        for (int i = 0; i < raw.length; i++) {
            byte[] flipped = raw.clone();
            flipped[i] ^= 1;
            String altered = "v1.k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(flipped);
            assertThatThrownBy(() -> c.open(altered, "alice")).isInstanceOf(MfaSecretException.class);
        }
        assertThatThrownBy(() -> c.open("v1.k1.AAAA", "alice")).hasMessageContaining("too short");
        assertThatThrownBy(() -> c.open("v1.k1.***", "alice")).hasMessageContaining("base64");
        assertThatThrownBy(() -> c.open("v2.k1.AAAA", "alice")).hasMessageContaining("format");
        assertThatThrownBy(() -> c.open("nodots", "alice")).hasMessageContaining("format");
        assertThatThrownBy(() -> c.open(null, "alice")).hasMessageContaining("missing");
    }

    @Test
    void aCachedValueIsStillBoundToItsContext() {
        AesGcmSecretCipher c = new AesGcmSecretCipher(key("k1", 1), RANDOM);
        SecretBytes seed = secret("seed");
        String sealed = c.seal(seed, "alice", "totp");
        assertThat(c.open(sealed, "alice", "totp")).as("immutable, so the cache hands out the sealed instance")
                .isSameAs(seed);
        assertThatThrownBy(() -> c.open(sealed, "bob", "totp")).isInstanceOf(MfaSecretException.class);
        // A fresh cipher (another node) opens it without the cache, and remembers it.
        AesGcmSecretCipher fresh = new AesGcmSecretCipher(key("k1", 1), RANDOM);
        SecretBytes opened = fresh.open(sealed, "alice", "totp");
        assertThat(opened.equalsSecret(seed)).isTrue();
        assertThat(fresh.open(sealed, "alice", "totp")).isSameAs(opened);
    }

    private static Map<?, ?> opened(AesGcmSecretCipher c) throws ReflectiveOperationException {
        Field f = AesGcmSecretCipher.class.getDeclaredField("opened");
        f.setAccessible(true);
        return (Map<?, ?>) f.get(c);
    }

    @Test
    void theCacheOfOpenedValuesIsBounded() throws Exception {
        AesGcmSecretCipher c = new AesGcmSecretCipher(key("k1", 1), RANDOM);
        Map<?, ?> opened = opened(c);
        for (int i = 0; i < 10_000; i++) {
            c.seal(secret("s"), "alice");
        }
        assertThat(opened).hasSize(10_000);
        c.seal(secret("s"), "alice");
        assertThat(opened).as("full: emptied, then this one").hasSize(1);
    }

    @Test
    void anEmptySecretSealsAndOpens() {
        AesGcmSecretCipher c = new AesGcmSecretCipher(key("k1", 1), RANDOM);
        String sealed = c.seal(SecretBytes.copyOf(new byte[0]), "alice", "recovery", "used");
        assertThat(new AesGcmSecretCipher(key("k1", 1), RANDOM).open(sealed, "alice", "recovery", "used").length())
                .isZero();
    }

    @Test
    void aWipedKeyCantSeal() throws Exception {
        SecretKeys keys = key("k1", 1);
        AesGcmSecretCipher c = new AesGcmSecretCipher(keys, RANDOM);
        String sealed = c.seal(secret("seed"), "alice");
        assertThat(c.open(sealed, "alice").equalsSecret(secret("seed"))).isTrue();
        keys.destroy();
        assertThatThrownBy(() -> c.open(sealed, "alice")).as("not even from the cache")
                .isInstanceOf(MfaSecretException.class).hasMessageContaining("destroyed");
        assertThat(opened(c)).as("what was opened is dropped").isEmpty();
        assertThatThrownBy(() -> c.seal(secret("seed"), "alice")).isInstanceOf(MfaSecretException.class)
                .hasMessageContaining("destroyed");
        assertThatThrownBy(() -> new AesGcmSecretCipher(keys, RANDOM).seal(secret("x"), "alice"))
                .isInstanceOf(MfaSecretException.class).hasMessageContaining("destroyed");
        // What was sealed before is intact under the key itself.
        assertThat(new AesGcmSecretCipher(key("k1", 1), RANDOM).open(sealed, "alice").equalsSecret(secret("seed")))
                .isTrue();
    }

    /**
     * Destroying the keys while other threads seal: each seal either throws or yields a value that opens
     * under the real key. None is sealed under a half-wiped or all-zero key.
     */
    @Test
    void destroyingTheKeysWhileOthersSealNeverSealsUnderAWipedKey() throws Exception {
        for (int round = 0; round < 20; round++) {
            SecretKeys keys = key("k1", 1);
            AesGcmSecretCipher c = new AesGcmSecretCipher(keys, RANDOM);
            AesGcmSecretCipher reference = new AesGcmSecretCipher(key("k1", 1), RANDOM);
            int threads = 4;
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        List<String> sealed = new ArrayList<>();
                        start.await(10, TimeUnit.SECONDS);
                        for (int i = 0; i < 200; i++) {
                            try {
                                sealed.add(c.seal(secret("seed-" + i), "alice"));
                            } catch (MfaSecretException e) {
                                assertThat(e).hasMessageContaining("destroyed");
                            }
                        }
                        return sealed;
                    }));
                }
                start.await(10, TimeUnit.SECONDS);
                keys.destroy();
                for (Future<List<String>> f : results) {
                    for (String s : f.get(30, TimeUnit.SECONDS)) {
                        assertThat(reference.open(s, "alice").length()).isGreaterThan(5);
                    }
                }
                assertThatThrownBy(() -> c.seal(secret("late"), "alice")).isInstanceOf(MfaSecretException.class);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void combinedKeysHoldTheirOwnCopies() {
        SecretKeys older = key("k1", 1);
        SecretKeys current = key("k2", 2);
        SecretKeys combined = current.withRetired(older);
        String sealedOld = new AesGcmSecretCipher(key("k1", 1), RANDOM).seal(secret("seed"), "alice");
        older.destroy();
        current.destroy();
        AesGcmSecretCipher c = new AesGcmSecretCipher(combined, RANDOM);
        assertThat(c.open(sealedOld, "alice").equalsSecret(secret("seed"))).isTrue();
        String sealedNew = c.seal(secret("seed"), "alice");
        assertThat(new AesGcmSecretCipher(key("k2", 2), RANDOM).open(sealedNew, "alice").equalsSecret(secret("seed")))
                .isTrue();
    }

    @Test
    void aKeyIdReadFromAStoredValueIsNotEchoedUnlessItIsOne() {
        AesGcmSecretCipher c = new AesGcmSecretCipher(key("k1", 1), RANDOM);
        String body = c.seal(secret("seed"), "alice").substring("v1.k1.".length());
        assertThatThrownBy(() -> c.open("v1.<script>." + body, "alice")).isInstanceOf(MfaSecretException.class)
                .hasMessageContaining("'(invalid)'").hasMessageNotContaining("<script>");
        assertThatThrownBy(() -> c.open("v1.." + body, "alice")).hasMessageContaining("'(invalid)'");
        assertThatThrownBy(() -> c.open("v1." + "k".repeat(33) + "." + body, "alice"))
                .hasMessageContaining("'(invalid)'");
        assertThatThrownBy(() -> c.open("v1.k9." + body, "alice")).hasMessageContaining("'k9'");
    }

    @Test
    void olderKeysStillOpenAfterRotation() {
        AesGcmSecretCipher old = new AesGcmSecretCipher(key("k1", 1), RANDOM);
        String sealedOld = old.seal(secret("seed"), "alice");
        SecretKeys rotated = key("k2", 2).withRetired(key("k1", 1));
        AesGcmSecretCipher now = new AesGcmSecretCipher(rotated, RANDOM);
        assertThat(now.open(sealedOld, "alice").equalsSecret(secret("seed"))).isTrue();
        assertThat(now.seal(secret("seed"), "alice")).startsWith("v1.k2.");
        AesGcmSecretCipher forgotten = new AesGcmSecretCipher(key("k2", 2), RANDOM);
        assertThatThrownBy(() -> forgotten.open(sealedOld, "alice")).isInstanceOf(MfaSecretException.class)
                .hasMessageContaining("'k1'").hasMessageContaining("not configured");
        // Same id, different key material: refused, not silently used.
        AesGcmSecretCipher impostor = new AesGcmSecretCipher(key("k1", 3), RANDOM);
        assertThatThrownBy(() -> impostor.open(sealedOld, "alice")).isInstanceOf(MfaSecretException.class);
    }
}
