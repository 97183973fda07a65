package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DuoStateTest {

    @Test
    void aStateIs256BitsOfBase64urlInsideDuosLengthRule() {
        DuoState state = DuoState.generate(new SecureRandom());

        assertThat(state.value()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(state.value())).hasSize(32);
        assertThat(state.value().length()).isBetween(22, 1024);
    }

    @Test
    void statesComeFromTheInjectedRandom() throws NoSuchAlgorithmException {
        assertThat(DuoState.generate(seeded()).value()).isEqualTo(DuoState.generate(seeded()).value());
    }

    private static SecureRandom seeded() throws NoSuchAlgorithmException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(42L);
        return random;
    }

    @Test
    void statesAreFresh() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(DuoState.generate(random).value());
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void matchesOnlyTheSameValue() {
        DuoState state = DuoState.generate(new SecureRandom());
        String value = state.value();

        assertThat(state.matches(value)).isTrue();
        assertThat(state.matches(value.substring(1))).isFalse();
        assertThat(state.matches(value + "x")).isFalse();
        assertThat(state.matches((value.charAt(0) == 'A' ? "B" : "A") + value.substring(1))).isFalse();
        assertThat(state.matches(null)).isFalse();
        assertThat(state.matches("")).isFalse();
    }

    @Test
    void aStoredStateRestoresAndAMalformedOneIsRefused() {
        DuoState state = DuoState.generate(new SecureRandom());

        assertThat(DuoState.restore(state.value()).matches(state.value())).isTrue();
        for (String bad : new String[] {"short", "x".repeat(1025), "has spaces in it but is long enough", "a+b/c=".repeat(5)}) {
            assertThatThrownBy(() -> DuoState.restore(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(bad);
        }
    }

    @Test
    void toStringSaysNothing() {
        DuoState state = DuoState.generate(new SecureRandom());

        assertThat(state.toString()).isEqualTo("DuoState[redacted]").doesNotContain(state.value());
    }
}
