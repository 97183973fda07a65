package org.mfa4j.examples.hotp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfa4j.Mfa;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.store.InMemoryMfaStore;

/** The setup view, input validation and settings, with the RFC 4226 secret (counter 0: 755224, 1: 287082). */
class HotpProviderTest {

    private final HotpFixture f = new HotpFixture();

    @Test
    void theSetupViewHoldsTheBase32SecretAndAnOtpauthHotpUriAtCounterZero() {
        View view = f.setUp();
        assertThat(view.keys()).containsExactly(HotpProviderFactory.VIEW_SECRET, HotpProviderFactory.VIEW_URI);
        // RFC 4648 Base32 of "12345678901234567890", unpadded.
        assertThat(view.require(HotpProviderFactory.VIEW_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(view.require(HotpProviderFactory.VIEW_URI)).isEqualTo("otpauth://hotp/mfa4j:jane%40example.test"
                + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=mfa4j&counter=0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"755 224", "755-224", "7 5 5 2 2 4", " 755224 ", "755\u00a0224", "755\u2013224"})
    void spacesAndDashesBetweenTheDigitsAreIgnored(String typed) {
        f.setUp();
        Result r = f.mfa.activate(f.user, HotpProviderFactory.ID, MfaInput.code(typed), MfaSession.of("enrol"));
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "75522", "7552240", "755\t224", "755\n224", "+755224", "７５５２２４", "75522a",
            "755_224", "755224755224755224755224755224755224"})
    void anythingElseIsMalformedAndNeverEvaluated(String typed) {
        f.activateWith("755224");
        Result r = f.verify(typed, "s");
        assertThat(r.status()).isEqualTo(Status.REJECTED);
        assertThat(r.reason()).contains(FailureReason.MALFORMED_INPUT);
        assertThat(f.verify("287082", "s").status()).as("counter 1 still expected").isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aWrongCodeIsCountedAndTheCounterStays() {
        f.activateWith("755224");
        Result wrong = f.verify("000000", "s");
        assertThat(wrong.reason()).contains(FailureReason.WRONG_CODE);
        assertThat(wrong.remainingAttempts()).isEqualTo(2);
        assertThat(f.verify("287082", "s").status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void aNewSetupStartsAgainAtCounterZero() {
        f.activateWith("755224");
        assertThat(f.verify("287082", "s").status()).isEqualTo(Status.ACCEPTED);
        f.mfa.admin().reset(f.user.id(), HotpProviderFactory.ID);
        f.activateWith("755224");
    }

    @Test
    void settingsAreCheckedAtBuild() {
        assertThatThrownBy(() -> build(Map.of("issuer", "ACME:Corp"))).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("'issuer'");
        assertThatThrownBy(() -> build(Map.of("look-ahead", "11"))).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("'look-ahead'").hasMessageContaining("between 0 and 10");
    }

    private static Mfa build(Map<String, String> settings) {
        return Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .provider(new HotpProviderFactory()).configure(HotpProviderFactory.ID, settings).build();
    }
}
