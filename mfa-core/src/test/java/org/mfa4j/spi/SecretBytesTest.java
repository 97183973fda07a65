package org.mfa4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import org.junit.jupiter.api.Test;

class SecretBytesTest {

    private static SecretBytes secret(String s) {
        return SecretBytes.copyOf(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void copiesInComparesInConstantTimeAndStaysSilent() {
        byte[] raw = "seed".getBytes(StandardCharsets.UTF_8);
        SecretBytes s = SecretBytes.copyOf(raw);
        raw[0] = 'X';
        assertThat(s.equalsBytes("seed".getBytes(StandardCharsets.UTF_8))).as("copied in").isTrue();
        assertThat(s.length()).isEqualTo(4);
        assertThat(s.equalsBytes("seeds".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(s.equalsBytes("seeX".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(s.equalsBytes(null)).isFalse();
        assertThat(s.equalsSecret(secret("seed"))).isTrue();
        assertThat(s.equalsSecret(s)).isTrue();
        assertThat(s.equalsSecret(secret("seeX"))).isFalse();
        assertThat(s.equalsSecret(null)).isFalse();
        assertThat(s).as("equals is identity").isNotEqualTo(secret("seed"));
        assertThat(s.toString()).isEqualTo("SecretBytes[redacted]");
        assertThatThrownBy(() -> SecretBytes.copyOf(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aReaderGetsATemporaryCopyThatIsWipedAfterwards() {
        SecretBytes s = secret("seed");
        byte[][] seen = new byte[1][];
        String read = s.read(b -> {
            seen[0] = b;
            String value = new String(b, StandardCharsets.UTF_8);
            b[0] = 'X'; // changing the copy changes nothing
            return value;
        });
        assertThat(read).isEqualTo("seed");
        assertThat(seen[0]).hasSize(4).containsOnly(0);
        assertThat(s.equalsBytes("seed".getBytes(StandardCharsets.UTF_8))).isTrue();
        String again = s.read(b -> new String(b, StandardCharsets.UTF_8));
        assertThat(again).as("every read gets the secret").isEqualTo("seed");
    }

    @Test
    void aReaderThatThrowsStillHasItsCopyWiped() {
        SecretBytes s = secret("seed");
        byte[][] seen = new byte[1][];
        assertThatThrownBy(() -> s.read(b -> {
            seen[0] = b;
            throw new java.io.IOException("boom");
        })).isInstanceOf(java.io.IOException.class).hasMessage("boom");
        assertThat(seen[0]).containsOnly(0);
        assertThatThrownBy(() -> s.read(null)).isInstanceOf(NullPointerException.class);
    }

    /** RFC 4231 section 4.3, test case 2: HMAC-SHA256 with the key "Jefe". */
    @Test
    void initMacKeysAMacRfc4231TestCase2() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        secret("Jefe").initMac(mac);
        byte[] out = mac.doFinal("what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(out))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThatThrownBy(() -> SecretBytes.copyOf(new byte[0]).initMac(Mac.getInstance("HmacSHA256")))
                .isInstanceOf(InvalidKeyException.class);
        assertThatThrownBy(() -> secret("Jefe").initMac(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void nothingPublicCopiesOutOrChangesTheSecret() {
        for (Method m : SecretBytes.class.getDeclaredMethods()) {
            if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            assertThat(m.getReturnType()).as(m.getName()).isNotEqualTo(byte[].class);
            assertThat(m.getName()).isNotIn("wipe", "toByteArray", "copy", "clear", "destroy");
        }
        // Instance fields only: coverage tools (PIT) add static ones of their own.
        assertThat(Arrays.stream(SecretBytes.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))).isNotEmpty().allMatch(f -> Modifier.isPrivate(f.getModifiers()) && Modifier.isFinal(f.getModifiers()));
    }
}
