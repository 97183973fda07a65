package org.mfa4j.spi.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 4648 section 10, the Base32 test vectors: encoded without the padding, decoded with it, without it and
 * in lower case.
 */
class Rfc4648Section10Test {

    @ParameterizedTest(name = "BASE32(\"{0}\") = \"{1}\"")
    @CsvSource(value = {
            "'',     ''",
            "f,      MY======",
            "fo,     MZXQ====",
            "foo,    MZXW6===",
            "foob,   MZXW6YQ=",
            "fooba,  MZXW6YTB",
            "foobar, MZXW6YTBOI======",
    })
    void testVector(String data, String padded) {
        byte[] bytes = data.getBytes(StandardCharsets.US_ASCII);
        String unpadded = padded.replace("=", "");
        assertThat(Base32.encode(bytes)).isEqualTo(unpadded);
        assertThat(Base32.decode(padded)).isEqualTo(bytes);
        assertThat(Base32.decode(unpadded)).isEqualTo(bytes);
        assertThat(Base32.decode(padded.toLowerCase(Locale.ROOT))).isEqualTo(bytes);
    }
}
