package org.mfa4j.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The signed content of a proof, in a fixed binary layout: format byte {@code 3}; a flags byte (bit 0: the
 * proof comes from an enrolment, not a verification; bit 1: from a remembered device, which answers no
 * question of freshness; a reader that knows neither bit refuses the proof); key id, user id and flow
 * digest, each as a length byte and its UTF-8 bytes; factor epoch and issue time (epoch milliseconds) as
 * unsigned LEB128 varints; a count byte and each provider id as a length byte and its bytes. Short enough
 * that for typical ids the MAC input fits one SHA-256 block.
 */
public record ProofPayload(String keyId, String userId, String flowDigest, long factorEpoch, Instant issuedAt,
                    List<String> providers, boolean enrolment, boolean device) {

    public static final int FORMAT = 3;

    private static final int FLAG_ENROLMENT = 1;
    private static final int FLAG_DEVICE = 2;

    /** A proof from a verification or an enrolment, not from a remembered device. */
    public ProofPayload(String keyId, String userId, String flowDigest, long factorEpoch, Instant issuedAt,
                        List<String> providers, boolean enrolment) {
        this(keyId, userId, flowDigest, factorEpoch, issuedAt, providers, enrolment, false);
    }

    /** Every string field is at most this many UTF-8 bytes (user ids are at most 255 characters of ASCII). */
    private static final int MAX_FIELD = 255;

    /**
     * The payload's bytes at the start of an array with {@code spare} more bytes after them (where the
     * signer puts the MAC); {@link Writer#length()} says where the payload ends.
     */
    public Writer encode(int spare) {
        if (providers.size() > MAX_FIELD) {
            throw new IllegalArgumentException("too many providers in one proof");
        }
        // Key ids, flow digests and provider ids are ASCII by construction (checked where they are made);
        // only the user id needs encoding.
        byte[] user = utf8(userId);
        long millis = issuedAt.toEpochMilli();
        int size = 3 + asciiSize(keyId) + 1 + user.length + asciiSize(flowDigest) + varintSize(factorEpoch)
                + varintSize(millis);
        for (String p : providers) {
            size += asciiSize(p);
        }
        Writer out = new Writer(size + spare);
        out.write(FORMAT);
        out.write((enrolment ? FLAG_ENROLMENT : 0) | (device ? FLAG_DEVICE : 0));
        out.ascii(keyId);
        out.field(user);
        out.ascii(flowDigest);
        out.varint(factorEpoch);
        out.varint(millis);
        out.write(providers.size());
        for (String p : providers) {
            out.ascii(p);
        }
        out.done(spare);
        return out;
    }

    /** A length byte and the characters of an ASCII field. */
    /**
     * The encoded size of a key id, flow digest or provider id: ASCII by construction ({@code SecretKeys}
     * checks key ids, flow digests are Base64url, provider ids match {@code [a-z][a-z0-9_-]*}). Should one ever
     * hold another character, {@link Writer#ascii} keeps its low byte and the proof decodes to another value,
     * so it fails its check: nothing is accepted that should not be.
     */
    private static int asciiSize(String s) {
        if (s.length() > MAX_FIELD) {
            throw new IllegalArgumentException("proof field longer than " + MAX_FIELD + " bytes");
        }
        return 1 + s.length();
    }

    /** The UTF-8 bytes of a field; refused when longer than a length byte can say. */
    private static byte[] utf8(String s) {
        byte[] b = org.mfa4j.spi.Identifiers.utf8(s);
        if (b.length > MAX_FIELD) {
            throw new IllegalArgumentException("proof field longer than " + MAX_FIELD + " bytes");
        }
        return b;
    }

    private static int varintSize(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("proof numbers cannot be negative");
        }
        return Math.max(1, (70 - Long.numberOfLeadingZeros(value)) / 7);
    }

    /**
     * Reads {@code length} bytes of {@code b}.
     *
     * @throws IllegalArgumentException when they are not a payload of this format, or have bytes left over
     */
    public static ProofPayload decode(byte[] b, int length) {
        Reader r = new Reader(b, length);
        if (r.u8() != FORMAT) {
            throw malformed();
        }
        int flags = r.u8();
        if ((flags & ~(FLAG_ENROLMENT | FLAG_DEVICE)) != 0 || flags == (FLAG_ENROLMENT | FLAG_DEVICE)) {
            throw malformed();
        }
        String keyId = r.field();
        String userId = r.field();
        String flow = r.field();
        long epoch = r.varint();
        long millis = r.varint();
        int n = r.u8();
        List<String> providers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            providers.add(r.field());
        }
        if (r.pos != length) {
            throw malformed();
        }
        return new ProofPayload(keyId, userId, flow, epoch, Instant.ofEpochMilli(millis), List.copyOf(providers),
                flags == FLAG_ENROLMENT, flags == FLAG_DEVICE);
    }

    /** The payload's bytes, in an array of the size {@link #encode} computed, MAC room included. */
    public static final class Writer {
        private final byte[] buf;
        private int length;

        /** A buffer of exactly {@code capacity} bytes: {@link #encode} computes the size before writing. */
        Writer(int capacity) {
            buf = new byte[capacity];
        }

        /** The bytes written, followed by the spare room {@link #done} checked. */
        public byte[] array() {
            return buf;
        }

        public int length() {
            return length;
        }

        /** Checks that what was written left exactly {@code spare} bytes: the size computed was right. */
        void done(int spare) {
            if (buf.length != length + spare) {
                throw new IllegalStateException("proof payload size computed wrongly");
            }
        }

        void write(int b) {
            buf[length++] = (byte) b;
        }

        void field(byte[] bytes) {
            write(bytes.length);
            System.arraycopy(bytes, 0, buf, length, bytes.length);
            length += bytes.length;
        }

        /** A field that is ASCII by construction ({@link #asciiSize}): its characters are its bytes. */
        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) copies the low byte of each char
        void ascii(String s) {
            write(s.length());
            s.getBytes(0, s.length(), buf, length);
            length += s.length();
        }

        void varint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            write((int) v);
        }
    }


    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("not an mfa4j proof token (payload)");
    }

    /** Bounds-checked reading; any overrun is a malformed payload. */
    private static final class Reader {
        private final byte[] b;
        private final int length;
        private int pos;

        Reader(byte[] b, int length) {
            this.b = b;
            this.length = length;
        }

        int u8() {
            if (pos >= length) {
                throw malformed();
            }
            return b[pos++] & 0xFF;
        }

        String field() {
            int n = u8();
            if (n > length - pos) {
                throw malformed();
            }
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 63; shift += 7) {
                int x = u8();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw malformed();
        }
    }
}
