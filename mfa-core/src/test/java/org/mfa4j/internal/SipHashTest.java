package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipHashTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void matchesTheReferenceVectors() throws IOException {
        List<String> vectors;
        try (InputStream in = SipHashTest.class.getResourceAsStream("siphash128-vectors.txt")) {
            vectors = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.startsWith("#")).toList();
        }
        assertThat(vectors).hasSize(64);
        byte[] key = new byte[16];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        SipHash sip = new SipHash(key);
        StringBuilder message = new StringBuilder();
        for (int n = 0; n < 64; n++) {
            byte[] expected = HEX.parseHex(vectors.get(n));
            SipHash.Hash h = sip.hash(message.toString());
            assertThat(HEX.formatHex(littleEndian(h.low(), h.high()))).as("message of %d bytes", n)
                    .isEqualTo(HEX.formatHex(expected));
            message.append((char) n);
        }
    }

    @Test
    void aUtf8StringHashesAsItsBytes() {
        SipHash sip = new SipHash(new byte[16]);
        String id = "sess-ä-€";
        String latin1 = new String(id.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(sip.hash(latin1)).isEqualTo(sip.hash(latin1)).isNotEqualTo(sip.hash("sess-a-e"));
        assertThatThrownBy(() -> sip.hash(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(id);
    }

    @Test
    void theKeyChangesTheHash() {
        byte[] other = new byte[16];
        other[15] = 1;
        assertThat(new SipHash(new byte[16]).hash("session")).isNotEqualTo(new SipHash(other).hash("session"));
        assertThatThrownBy(() -> new SipHash(new byte[15])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] littleEndian(long low, long high) {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (low >>> 8 * i);
            out[8 + i] = (byte) (high >>> 8 * i);
        }
        return out;
    }
}
