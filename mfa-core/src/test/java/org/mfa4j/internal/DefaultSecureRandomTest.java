package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mfa4j.testing.Race;

class DefaultSecureRandomTest {

    @Test
    void manyThreadsAtOnceGetDistinctBytes() throws Exception {
        DefaultSecureRandom random = new DefaultSecureRandom();
        List<String> out = Race.run(16, t -> {
            byte[] b = new byte[32];
            random.nextBytes(b);
            return HexFormat.of().formatHex(b);
        });
        Set<String> distinct = new HashSet<>(out);
        assertThat(distinct).hasSize(16).noneMatch(s -> s.equals("00".repeat(32)));
        assertThat(random.nextInt(10)).isBetween(0, 9);
        assertThat(random.generateSeed(8)).hasSize(8);
    }

    @Test
    void delegatesToTheJvmDefault() {
        DefaultSecureRandom random = new DefaultSecureRandom();
        assertThat(random.getAlgorithm()).startsWith("default (").isNotEqualTo("default (unknown)");
        assertThat(random).hasToString("DefaultSecureRandom");
    }
}
