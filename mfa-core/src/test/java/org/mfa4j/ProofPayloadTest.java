package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mfa4j.internal.ProofPayload;
import org.mfa4j.internal.Proofs;

class ProofPayloadTest {

    private static final ProofPayload SAMPLE = new ProofPayload("k-2026", "alice@example.org", "AbCdEfGhIjKlMnOpQrStUv",
            300, Instant.ofEpochMilli(1_764_000_000_123L), List.of("totp", "recovery-codes"), false);

    @Test
    void roundTripsEveryField() {
        ProofPayload.Writer w = SAMPLE.encode(0);
        assertThat(w.array()).hasSize(w.length());
        assertThat(ProofPayload.decode(w.array(), w.length())).isEqualTo(SAMPLE);

        ProofPayload edge = new ProofPayload("k", "ü".repeat(100), "", Long.MAX_VALUE, Instant.EPOCH, List.of(), true);
        ProofPayload.Writer e = edge.encode(Proofs.MAC_LENGTH);
        assertThat(e.array()).hasSize(e.length() + Proofs.MAC_LENGTH);
        assertThat(ProofPayload.decode(e.array(), e.length())).isEqualTo(edge);
    }

    @Test
    void theEnrolmentAndDeviceFlagsAreTheSecondByteAndNoOtherFlagIsRead() {
        ProofPayload enrolment = new ProofPayload(SAMPLE.keyId(), SAMPLE.userId(), SAMPLE.flowDigest(),
                SAMPLE.factorEpoch(), SAMPLE.issuedAt(), SAMPLE.providers(), true);
        byte[] plain = SAMPLE.encode(0).array();
        byte[] flagged = enrolment.encode(0).array();
        assertThat(plain[0]).isEqualTo((byte) 3);
        assertThat(plain[1]).isZero();
        assertThat(flagged[1]).isEqualTo((byte) 1);
        assertThat(ProofPayload.decode(flagged, flagged.length).enrolment()).isTrue();
        assertThat(ProofPayload.decode(plain, plain.length).enrolment()).isFalse();
        ProofPayload device = new ProofPayload(SAMPLE.keyId(), SAMPLE.userId(), SAMPLE.flowDigest(),
                SAMPLE.factorEpoch(), SAMPLE.issuedAt(), List.of(), false, true);
        byte[] remembered = device.encode(0).array();
        assertThat(remembered[1]).isEqualTo((byte) 2);
        assertThat(ProofPayload.decode(remembered, remembered.length)).isEqualTo(device);
        assertThat(ProofPayload.decode(plain, plain.length).device()).isFalse();
        for (int flags : new int[] {3, 4, 0x80, 0xFF}) {
            byte[] other = plain.clone();
            other[1] = (byte) flags;
            assertThatThrownBy(() -> ProofPayload.decode(other, other.length)).as("flags %d", flags)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aTypicalLoginFitsOneSha256Block() {
        // 55 bytes of message leave room for SHA-256's padding in one 64-byte block.
        ProofPayload p = new ProofPayload("k1", "alice", "AbCdEfGhIjKlMnOpQrStUv", 12, Instant.now(), List.of("totp"),
                false);
        assertThat(p.encode(0).length()).isLessThanOrEqualTo(55);
    }

    @Test
    void refusesEveryTruncationAndTrailingBytes() {
        ProofPayload.Writer w = SAMPLE.encode(1);
        for (int n = 0; n < w.length(); n++) {
            int len = n;
            assertThatThrownBy(() -> ProofPayload.decode(w.array(), len)).as("first %d bytes", n)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ProofPayload.decode(w.array(), w.length() + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesOtherFormatsOverlongNumbersAndFieldOverruns() {
        byte[] b = SAMPLE.encode(0).array();
        byte[] otherFormat = b.clone();
        otherFormat[0] = 1;
        assertThatThrownBy(() -> ProofPayload.decode(otherFormat, otherFormat.length))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] overrun = b.clone();
        overrun[2] = (byte) 250; // the key id claims more bytes than the payload has
        assertThatThrownBy(() -> ProofPayload.decode(overrun, overrun.length))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] endless = new byte[40];
        endless[0] = ProofPayload.FORMAT;
        Arrays.fill(endless, 5, 40, (byte) 0xFF); // no flags, three empty fields, then a varint that never ends
        assertThatThrownBy(() -> ProofPayload.decode(endless, endless.length))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an mfa4j proof token");
    }

    @Test
    void tokensAreBase64UrlWithoutPaddingAndParseBack() {
        java.util.Random random = new java.util.Random(11);
        for (int n = 0; n < 100; n++) {
            byte[] body = new byte[n];
            random.nextBytes(body);
            String token = Proofs.token(body);
            assertThat(token).isEqualTo(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(body));
        }
        ProofPayload.Writer w = SAMPLE.encode(Proofs.MAC_LENGTH);
        String token = Proofs.token(w.array());
        Proofs.Signed parsed = Proofs.signed(token);
        assertThat(proofOf(token)).isEqualTo(proofOf(token)).hasSameHashCodeAs(proofOf(token))
                .isNotEqualTo(proofOf(Proofs.token(new ProofPayload(SAMPLE.keyId(), "bob", SAMPLE.flowDigest(),
                        SAMPLE.factorEpoch(), SAMPLE.issuedAt(), SAMPLE.providers(), false)
                        .encode(Proofs.MAC_LENGTH).array())))
                .isNotEqualTo(token);
        // The longest token read is 2,048 characters (its payload is then refused); more are refused by their
        // form, before decoding, as padding is.
        String longest = "A".repeat(2048);
        assertThatThrownBy(() -> Proofs.signed(longest)).hasMessageNotContaining("(form)")
                .hasMessageContaining("(payload)");
        assertThatThrownBy(() -> Proofs.signed(longest + "AAAA")).hasMessageContaining("(form)");
        assertThatThrownBy(() -> Proofs.signed(token + "==")).hasMessageContaining("(form)");
        // A body of exactly the MAC's length has no payload.
        String macOnly = Proofs.token(new byte[Proofs.MAC_LENGTH]);
        assertThatThrownBy(() -> Proofs.signed(macOnly)).hasMessageContaining("too short");
        String oneByte = Proofs.token(new byte[Proofs.MAC_LENGTH + 1]);
        assertThatThrownBy(() -> Proofs.signed(oneByte)).hasMessageNotContaining("too short");
        assertThat(parsed.payload()).isEqualTo(SAMPLE);
        assertThat(parsed.payloadLength()).isEqualTo(w.length());
        assertThat(parsed.body()).isEqualTo(w.array());
    }

    @Test
    void fieldsAndCountsUpToTheirLimitsRoundTrip() {
        java.util.List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 255; i++) {
            many.add("p" + i);
        }
        ProofPayload max = new ProofPayload("k".repeat(255), "é".repeat(127) + "x", "\u007f", Long.MAX_VALUE,
                Instant.ofEpochMilli(Long.MAX_VALUE), many, true);
        ProofPayload.Writer w = max.encode(3);
        assertThat(w.array()).hasSize(w.length() + 3);
        assertThat(ProofPayload.decode(w.array(), w.length())).isEqualTo(max);
        for (long n : new long[] {0, 1, 127, 128, 16_383, 16_384, 1L << 35, (1L << 56) - 1, 1L << 56}) {
            ProofPayload p = new ProofPayload("k", "u", "f", n, Instant.ofEpochMilli(n), List.of("totp"), n % 2 == 0);
            ProofPayload.Writer e = p.encode(0);
            assertThat(ProofPayload.decode(e.array(), e.length())).as("value %d", n).isEqualTo(p);
        }
    }

    @Test
    void aVarintOfTenBytesIsRefused() {
        ProofPayload.Writer w = new ProofPayload("k", "u", "f", Long.MAX_VALUE, Instant.EPOCH, List.of(), false)
                .encode(0);
        byte[] b = w.array();
        // The epoch starts after format, flags and three fields: 1 + 1 + 2 + 2 + 2 bytes. Long.MAX_VALUE takes
        // 9 bytes; make the ninth a continuation and add a tenth.
        int epoch = 8;
        assertThat(ProofPayload.decode(b, b.length).factorEpoch()).isEqualTo(Long.MAX_VALUE);
        assertThat(b[epoch + 8]).as("the ninth byte of the epoch, the last").isEqualTo((byte) 0x7F);
        byte[] longer = new byte[b.length + 1];
        System.arraycopy(b, 0, longer, 0, epoch + 8);
        longer[epoch + 8] = (byte) 0x80;
        longer[epoch + 9] = 0x00;
        System.arraycopy(b, epoch + 9, longer, epoch + 10, b.length - (epoch + 9));
        assertThatThrownBy(() -> ProofPayload.decode(longer, longer.length))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** What {@code Proof.parse} made of a token before it was removed: equality is by token. */
    private static Proof proofOf(String token) {
        ProofPayload p = Proofs.signed(token).payload();
        return new Proof(token, p.userId(), p.providers(), p.issuedAt(), p.enrolment());
    }

    @Test
    void aNonAsciiFlowDigestWouldDecodeToAnotherValueSoNoProofOfItCouldMatch() {
        // Key ids, flow digests and provider ids are ASCII by construction; the encoder keeps each char's low byte.
        ProofPayload odd = new ProofPayload("k", "x", "d\u0100", 0, Instant.EPOCH, List.of("p\u0100"), false);
        var w = odd.encode(0);
        ProofPayload back = ProofPayload.decode(w.array(), w.length());
        assertThat(back.flowDigest()).isNotEqualTo(odd.flowDigest());
        assertThat(back.providers()).isNotEqualTo(odd.providers());
    }

    @Test
    void refusesFieldsThatCannotBeEncoded() {
        assertThatThrownBy(() -> new ProofPayload("k", "x".repeat(256), "", 0, Instant.EPOCH, List.of(), false).encode(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProofPayload("k".repeat(256), "x", "", 0, Instant.EPOCH, List.of(), false).encode(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProofPayload("k", "x", "", 0, Instant.EPOCH,
                java.util.Collections.nCopies(256, "p"), false).encode(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProofPayload("k", "x", "", -1, Instant.EPOCH, List.of(), false).encode(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
