package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaStoreException;
import org.mfa4j.spi.FlowState;
import org.mfa4j.spi.ProviderRecord;
import org.mfa4j.spi.UserDocument;
import org.mfa4j.testing.MfaStoreContractTest;

class DocumentJsonTest {

    private static final String SECRET = "v1.k1.SEALED-SECRET-VALUE";

    @Test
    void everyFieldAndPropertyTypeRoundTrips() {
        UserDocument doc = MfaStoreContractTest.richDocument();
        UserDocument back = DocumentJson.decode(DocumentJson.encode(doc));
        assertThat(back).isEqualTo(doc);
        assertThat(back.providers().keySet()).containsExactly("totp", "recovery");
        ProviderRecord totp = back.provider("totp").orElseThrow();
        assertThat(totp.properties().get("n")).isInstanceOf(Long.class);
        assertThat(totp.properties().get("list")).isEqualTo(List.of("a", "b", ""));
        assertThat(totp.lastUsed()).contains(Instant.parse("2026-03-04T05:06:09.123Z"));
    }

    @Test
    void theEmptyDocumentRoundTripsWithoutOptionalFields() {
        String json = DocumentJson.encode(UserDocument.empty());
        assertThat(json).isEqualTo("{\"format\":1,\"providers\":[],\"accountFailures\":0,\"factorEpoch\":0}");
        assertThat(DocumentJson.decode(json)).isEqualTo(UserDocument.empty());
    }

    @Test
    void smallNumbersReadBackAsLongsAndInstantsKeepNanos() {
        Instant t = Instant.parse("2026-01-02T03:04:05.123456789Z");
        UserDocument doc = UserDocument.empty().withProvider("p", ProviderRecord.created(t)
                .withProperties(Map.of("small", 3L, "int", 7, "big", Long.MAX_VALUE, "min", Long.MIN_VALUE)))
                .withFlow(Optional.of(new FlowState("f", 0, t)));
        UserDocument back = DocumentJson.decode(DocumentJson.encode(doc));
        assertThat(back.provider("p").orElseThrow().properties())
                .containsEntry("small", 3L).containsEntry("int", 7L)
                .containsEntry("big", Long.MAX_VALUE).containsEntry("min", Long.MIN_VALUE);
        assertThat(back.provider("p").orElseThrow().created()).isEqualTo(t);
        assertThat(back.flow().orElseThrow().started()).isEqualTo(t);
    }

    @Test
    void nullOptionalFieldsReadAsAbsent() {
        UserDocument d = DocumentJson.decode("{\"format\":1,\"providers\":[],\"defaultProvider\":null,"
                + "\"accountFailures\":2,\"factorEpoch\":3,\"flow\":null}");
        assertThat(d).isEqualTo(UserDocument.empty().withAccountFailures(2).withFactorEpoch(3));
    }

    @Test
    void valuesJsonCannotKeepExactlyAreRefusedOnWrite() {
        UserDocument doc = UserDocument.empty().withProvider("p", ProviderRecord.created(Instant.EPOCH)
                .withProperties(Map.of("d", 1.5)));
        assertThatThrownBy(() -> DocumentJson.encode(doc)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'d'").hasMessageContaining("java.lang.Double");
    }

    @Test
    void malformedOrForeignDocumentsAreRefusedWithoutQuotingThem() {
        String base = "{\"format\":1,\"accountFailures\":0,\"factorEpoch\":0,\"providers\":";
        String entry = "{\"id\":\"code\",\"active\":true,\"created\":\"2026-01-01T00:00:00Z\",\"updated\":"
                + "\"2026-01-01T00:00:00Z\",\"failures\":0,\"lockouts\":0,\"challenge\":{},\"properties\":";
        List<String> bad = List.of(
                "{\"format\":1, " + SECRET,                                              // not JSON
                "[\"" + SECRET + "\"]",                                                 // not an object
                base + "[" + entry + "{\"code\":\"" + SECRET + "\"}}],\"x\":\"" + SECRET + "\"}", // unknown field
                base + "[" + entry + "{\"code\":1.5}}]}",                              // a fraction
                base + "[" + entry + "{\"code\":null}}]}",                             // null property
                base + "[" + entry + "{\"code\":{\"k\":\"" + SECRET + "\"}}}]}",      // nested object
                base + "[" + entry + "{\"code\":[\"" + SECRET + "\",1]}}]}",           // mixed list
                base + "[" + entry + "{\"code\":123456789012345678901234567890}}]}",    // beyond long
                base + "[" + entry + "{}}," + entry + "{}}]}",                          // provider twice
                base + "[" + entry.replace("\"2026-01-01T00:00:00Z\"", "\"" + SECRET + "\"") + "{}}]}", // bad instant
                base + "[" + entry.replace("\"failures\":0", "\"failures\":-1") + "{}}]}", // negative count
                base + "[" + entry.replace("\"failures\":0", "\"failures\":4294967296") + "{}}]}", // beyond int
                base + "[" + entry + "{\"a\":\"" + SECRET + "\",\"a\":\"" + SECRET + "\"}}]}", // duplicate key
                "{\"format\":1,\"accountFailures\":0,\"factorEpoch\":0}",                // no providers
                "{\"format\":0,\"providers\":[],\"accountFailures\":0,\"factorEpoch\":0}");
        for (String json : bad) {
            assertThatThrownBy(() -> DocumentJson.decode(json)).as(json)
                    .isInstanceOf(MfaStoreException.class)
                    .hasNoCause()
                    .hasMessageStartingWith("a stored MFA document cannot be read")
                    .hasMessageNotContaining("SEALED");
        }
    }

    @Test
    void aNewerFormatAsksForAnUpgrade() {
        assertThatThrownBy(() -> DocumentJson.decode("{\"format\":2,\"somethingNew\":true}"))
                .isInstanceOf(MfaStoreException.class).hasMessageContaining("format 2")
                .hasMessageContaining("newer mfa4j");
    }
}
