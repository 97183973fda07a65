package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
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
        assertThat(c.toString()).doesNotContain("\u0001");
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
    void aCachedValueIsStillBoundToItsContextAndSafeToWipe() {
        AesGcmSecretCipher c = new AesGcmSecretCipher(key("k1", 1), RANDOM);
        String sealed = c.seal(secret("seed"), "alice", "totp");
        SecretBytes first = c.open(sealed, "alice", "totp");
        first.wipe();
        assertThat(c.open(sealed, "alice", "totp").equalsSecret(secret("seed"))).as("a wiped copy is not the cache")
                .isTrue();
        assertThatThrownBy(() -> c.open(sealed, "bob", "totp")).isInstanceOf(MfaSecretException.class);
        // A fresh cipher (another node) opens it without the cache.
        assertThat(new AesGcmSecretCipher(key("k1", 1), RANDOM).open(sealed, "alice", "totp")
                .equalsSecret(secret("seed"))).isTrue();
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
