package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaSecretException;
import org.mfa4j.SecretKeys;

class KeyRingTest {

    private static byte[] bytes(int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return k;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, byte[]> keysOf(KeyRing ring) throws Exception {
        Field f = KeyRing.class.getDeclaredField("keys");
        f.setAccessible(true);
        return (Map<String, byte[]>) f.get(ring);
    }

    @Test
    void keyIdsAreOneToThirtyTwoOfLettersDigitsDashAndUnderscore() {
        for (String ok : new String[] {"A", "Z", "a", "z", "0", "9", "_", "-", "k1-new_2", "x".repeat(32)}) {
            assertThat(KeyRing.isKeyId(ok)).as(ok).isTrue();
        }
        // The neighbours of each allowed range, and the length limits.
        for (String bad : new String[] {"", "@", "[", "`", "{", "/", ":", ".", " ", "k=1", "é", "x".repeat(33)}) {
            assertThat(KeyRing.isKeyId(bad)).as(bad).isFalse();
        }
    }

    @Test
    void destroyOverwritesEveryKeyWithZeros() throws Exception {
        SecretKeys keys = SecretKeys.of("k2", bytes(2)).withRetired(SecretKeys.of("k1", bytes(1)));
        KeyRing ring = KeyRing.of(keys);
        assertThat(ring.toString()).isEqualTo("KeyRing[current=k2, ids=[k2, k1]]");
        Map<String, byte[]> held = keysOf(ring);
        assertThat(held.get("k2")).isEqualTo(bytes(2));
        ring.destroy();
        assertThat(held.values()).allSatisfy(k -> assertThat(k).hasSize(32).containsOnly(0));
        assertThat(keys.isDestroyed()).isTrue();
        assertThat(ring.toString()).isEqualTo("KeyRing[current=k2, ids=[k2, k1], destroyed]");
        assertThatThrownBy(ring::requireLive).isInstanceOf(MfaSecretException.class).hasMessageContaining("destroyed");
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        assertThatThrownBy(() -> ring.initCipher(c, Cipher.ENCRYPT_MODE, "k2", new GCMParameterSpec(128, new byte[12])))
                .isInstanceOf(MfaSecretException.class).hasMessageContaining("destroyed");
    }

    @Test
    void combinedRingsCopyAndRefuseOneIdForTwoKeys() throws Exception {
        KeyRing a = KeyRing.of(SecretKeys.of("k1", bytes(1)));
        KeyRing b = KeyRing.of(SecretKeys.of("k0", bytes(3)));
        KeyRing ab = a.withRetired(b);
        assertThat(ab.ids()).containsExactly("k1", "k0");
        assertThat(ab.has("k0")).isTrue();
        assertThat(ab.has("k9")).isFalse();
        assertThat(keysOf(ab).get("k1")).isEqualTo(bytes(1)).isNotSameAs(keysOf(a).get("k1"));
        assertThatThrownBy(() -> ab.withRetired(KeyRing.of(SecretKeys.of("k0", bytes(4)))))
                .isInstanceOf(MfaConfigurationException.class).hasMessage("key id 'k0' names two different keys");
        assertThatThrownBy(() -> new KeyRing("k9", Map.of("k1", bytes(1)))).isInstanceOf(IllegalArgumentException.class);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        assertThatThrownBy(() -> ab.initCipher(c, Cipher.ENCRYPT_MODE, "k9", new GCMParameterSpec(128, new byte[12])))
                .isInstanceOf(MfaSecretException.class).hasMessageContaining("'k9' is not configured");
    }

    @Test
    void accessIsGrantedOnceBySecretKeys() {
        SecretKeys.ephemeral(new java.security.SecureRandom()); // SecretKeys is initialised
        assertThatThrownBy(() -> KeyRing.grantAccess(k -> null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> KeyRing.of(null)).isInstanceOf(NullPointerException.class);
    }
}
