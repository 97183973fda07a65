package org.mfa4j.internal;

/**
 * SipHash-2-4 with its 128-bit output (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012; the
 * reference implementation's {@code outlen = 16}): a keyed hash for short inputs, made for hash-table keys
 * that nobody without the key can predict or make collide. {@link ProofSigner} keys its cache of session
 * digests with it, so the cache holds neither a session id nor anything computed from one without the key,
 * and an id chosen by an attacker lands on another session's entry with probability 2<sup>-128</sup>.
 * Checked against the reference implementation's 64 vectors ({@code SipHashTest}).
 */
final class SipHash {

    /** The hash: the first 8 output bytes as a little-endian long, then the last 8. */
    record Hash(long low, long high) {
    }

    private final long k0;
    private final long k1;

    /** Keyed by {@code key[0, 16)}, two little-endian longs as in the reference implementation. */
    SipHash(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("a SipHash key is 16 bytes");
        }
        this.k0 = littleEndian(key, 0);
        this.k1 = littleEndian(key, 8);
    }

    private static long littleEndian(byte[] b, int offset) {
        long v = 0;
        for (int i = offset + 7; i >= offset; i--) {
            v = v << 8 | b[i] & 0xFF;
        }
        return v;
    }

    /**
     * The hash of a byte string held one byte per char (Latin-1: an ASCII string as it is, anything else
     * through {@code new String(utf8, ISO_8859_1)}).
     *
     * @throws IllegalArgumentException when a char is above {@code 0xFF}
     */
    Hash hash(String bytes) {
        int n = bytes.length();
        State s = new State(k0, k1);
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            s.absorb(word(bytes, i, 8));
        }
        s.absorb((long) n << 56 | word(bytes, i, n - i));
        return s.finish();
    }

    /** {@code count} (0 to 8) bytes from {@code from}, little-endian. */
    private static long word(String bytes, int from, int count) {
        long w = 0;
        for (int j = from + count - 1; j >= from; j--) {
            char c = bytes.charAt(j);
            if (c > 0xFF) {
                throw new IllegalArgumentException("SipHash input must hold one byte per char");
            }
            w = w << 8 | c;
        }
        return w;
    }

    /** The four state words of one hash. */
    private static final class State {
        private long v0;
        private long v1;
        private long v2;
        private long v3;

        State(long k0, long k1) {
            v0 = k0 ^ 0x736f6d6570736575L;
            v1 = k1 ^ 0x646f72616e646f6dL ^ 0xee;
            v2 = k0 ^ 0x6c7967656e657261L;
            v3 = k1 ^ 0x7465646279746573L;
        }

        void absorb(long m) {
            v3 ^= m;
            round();
            round();
            v0 ^= m;
        }

        Hash finish() {
            v2 ^= 0xee;
            for (int r = 0; r < 4; r++) {
                round();
            }
            long low = v0 ^ v1 ^ v2 ^ v3;
            v1 ^= 0xdd;
            for (int r = 0; r < 4; r++) {
                round();
            }
            return new Hash(low, v0 ^ v1 ^ v2 ^ v3);
        }

        private void round() {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13) ^ v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16) ^ v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21) ^ v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17) ^ v2;
            v2 = Long.rotateLeft(v2, 32);
        }
    }
}
