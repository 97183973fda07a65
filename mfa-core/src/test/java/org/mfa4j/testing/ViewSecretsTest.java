package org.mfa4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mfa4j.View;

/** What the kit's secrecy checks look for; the kit's runs against broken providers show them in use. */
class ViewSecretsTest {

    /** The 20-byte seed of RFC 6238's SHA1 vectors, "12345678901234567890", in Base32. */
    private static final String SEED = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    private static final View TOTP = View.builder().put("secret", SEED)
            .put("uri", "otpauth://totp/mfa4j:alice?secret=" + SEED + "&issuer=mfa4j").put("algorithm", "SHA1")
            .put("digits", "6").build();

    private static ViewSecrets secrets(View view, String... answers) {
        return ViewSecrets.of(view, Set.of(), Set.of("alice"), List.of(answers));
    }

    @Test
    void oneElementOfAListIsASecretOfItsOwn() {
        View codes = View.builder().put("codes", "AAAAA-BBBBB-CCCCC\nDDDDD-EEEEE-FFFFF").put("count", "2").build();
        assertThat(secrets(codes).foundIn("details={used=DDDDD-EEEEE-FFFFF}")).contains("DDDDD-EEEEE-FFFFF");
        assertThat(secrets(codes).foundIn("used=dddddeeeeefffff")).as("without dashes, lower case")
                .contains("DDDDD-EEEEE-FFFFF");
        assertThat(secrets(codes).foundIn("count=2, remaining=1")).isEmpty();
    }

    @Test
    void theSecretOfAUriIsFoundInEveryEncodingOfItsBytes() {
        byte[] raw = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        ViewSecrets s = secrets(TOTP);
        assertThat(s.foundIn(SEED.toLowerCase())).isPresent();
        assertThat(s.foundIn("seed:" + HexFormat.of().formatHex(raw))).as("hex of the seed's bytes").isPresent();
        assertThat(s.foundIn(Base64.getEncoder().encodeToString(raw))).as("Base64 of the seed's bytes").isPresent();
        assertThat(s.foundIn(Base64.getUrlEncoder().withoutPadding().encodeToString(SEED.getBytes(
                StandardCharsets.US_ASCII)))).as("Base64 of the Base32 text").isPresent();
    }

    @Test
    void shortAndPublicValuesAreNoSecrets() {
        ViewSecrets s = secrets(TOTP);
        assertThat(s.foundIn("algorithm=SHA1 digits=6 issuer=mfa4j user=alice")).isEmpty();
        assertThat(ViewSecrets.of(TOTP, Set.of("secret", "uri"), Set.of(), List.of()).size()).isZero();
    }

    @Test
    void aCodeKeptAsANumberIsFound() {
        View card = View.builder().put("code", "00123456").build();
        assertThat(secrets(card).isNumber(123456)).contains("00123456");
        assertThat(secrets(card).isNumber(1234567)).isEmpty();
        assertThat(secrets(View.empty(), "654321").isNumber(654321)).as("an answer").contains("654321");
    }

    @Test
    void sealedValuesDoNotMatchByChance() {
        SecureRandom random = new SecureRandom();
        View codes = View.builder().put("codes", "AAAAA-BBBBB-CCCCC\n12345-67890").put("code", "00123456").build();
        ViewSecrets s = secrets(codes, "123456", "654321");
        for (int i = 0; i < 2_000; i++) {
            byte[] sealed = new byte[60];
            random.nextBytes(sealed);
            assertThat(s.foundIn(Base64.getEncoder().encodeToString(sealed))).isEmpty();
        }
    }

    @Test
    void stringsReachIntoRecordsMapsAndOptionals() {
        record Inner(Optional<String> hidden) {
        }
        record Outer(Map<String, Object> details, Inner inner, View view) {
        }
        Outer o = new Outer(Map.of("k", List.of("in-a-list")), new Inner(Optional.of("deep")),
                TOTP);
        assertThat(ViewSecrets.strings(o)).contains("k", "in-a-list", "deep").noneMatch(t -> t.equals(SEED));
    }
}
