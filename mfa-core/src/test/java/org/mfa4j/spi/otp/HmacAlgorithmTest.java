package org.mfa4j.spi.otp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The names a setting or stored credential may use, and the JCA names and key lengths behind them. */
class HmacAlgorithmTest {

    @Test
    void parseTakesTheNameTheJcaNameAndCommonSpellings() {
        for (HmacAlgorithm a : HmacAlgorithm.values()) {
            assertThat(HmacAlgorithm.parse(a.name())).contains(a);
            assertThat(HmacAlgorithm.parse(a.jcaName())).contains(a);
            assertThat(HmacAlgorithm.parse(" " + a.name().toLowerCase(java.util.Locale.ROOT) + " ")).contains(a);
        }
        assertThat(HmacAlgorithm.parse("sha-256")).contains(HmacAlgorithm.SHA256);
        assertThat(HmacAlgorithm.parse("Hmac-SHA512")).contains(HmacAlgorithm.SHA512);
        assertThat(HmacAlgorithm.parse("MD5")).isEmpty();
        assertThat(HmacAlgorithm.parse("")).isEmpty();
        assertThat(HmacAlgorithm.parse(null)).isEmpty();
    }

    @Test
    void jcaNamesAndKeyLengths() {
        assertThat(HmacAlgorithm.SHA1.jcaName()).isEqualTo("HmacSHA1");
        assertThat(HmacAlgorithm.SHA256.keyBytes()).isEqualTo(32);
        for (HmacAlgorithm a : HmacAlgorithm.values()) {
            a.requireAvailable();
            assertThat(a.newMac().getMacLength()).isEqualTo(a.keyBytes());
        }
    }
}
