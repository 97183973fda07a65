package org.mfa4j.provider.u2f;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.mfa4j.Change;
import org.mfa4j.Mfa;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;

/**
 * The U2F AppID extension with a key that answers as an old U2F key does: registered with FIDO U2F attestation
 * ({@code fido-u2f}, user presence only), asserting with an rpIdHash that is the SHA-256 of the AppID and the
 * extension output {@code appid: true}. mfa4j has no import of U2F-API registrations, so the credential comes
 * into the entry by a WebAuthn registration; the assertion is what a key registered under the AppID gives.
 */
class U2fAppIdTest {

    private static final String ID = U2fProviderFactory.ID;
    private static final String RP_ID = "mfa4j.test";
    private static final String ORIGIN = "https://mfa4j.test";
    private static final String APP_ID = "https://mfa4j.test/u2f/app-id.json";

    private final MutableClock clock = MutableClock.startingAt2026();
    private final InMemoryMfaStore store = new InMemoryMfaStore();
    private final SecretKeys keys = SecretKeys.ephemeral(new SecureRandom());
    private final MfaUser alice = MfaUser.builder("alice").build();
    private final SoftKey legacy = new SoftKey(ORIGIN, RP_ID);

    /** An Mfa over one store and key set: the deployment before and after {@code app-id} is set. */
    private Mfa mfa(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("rp-id", RP_ID, "timeout", "PT1M"));
        settings.putAll(extra);
        return Mfa.builder().store(store).keys(keys).clock(clock).provider(new U2fProviderFactory())
                .configure(ID, settings).build();
    }

    private void registerLegacyKey(Mfa mfa) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair attestation = g.generateKeyPair();
        legacy.u2fAttestation(attestation, certificate(attestation));
        legacy.flags = SoftKey.UP;
        MfaSession s = MfaSession.of("enrol");
        Change setup = mfa.setup(alice, ID, s);
        assertThat(mfa.activate(alice, ID, legacy.register(setup.view().orElseThrow()), s).status())
                .as("a fido-u2f registration").isEqualTo(Status.ACCEPTED);
    }

    private static byte[] certificate(KeyPair key) throws GeneralSecurityException, OperatorCreationException,
            java.io.IOException {
        X500Name name = new X500Name("CN=mfa4j test U2F attestation");
        return new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(Instant.parse("2020-01-01T00:00:00Z")),
                Date.from(Instant.parse("2040-01-01T00:00:00Z")), name, key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded();
    }

    private static JsonNode requestOptions(Prompt p) {
        return SoftKey.read(p.view().require(U2fProviderFactory.VIEW_REQUEST_OPTIONS));
    }

    @Test
    void aLegacyU2fKeySignsInUnderTheAppIdWhenItIsConfigured() throws Exception {
        Mfa mfa = mfa(Map.of("app-id", APP_ID));
        registerLegacyKey(mfa);
        legacy.appId = APP_ID;

        Prompt p = mfa.prompt(alice, ID, MfaSession.of("login"));
        assertThat(requestOptions(p).path("extensions").path("appid").asText()).isEqualTo(APP_ID);
        Result r = mfa.verify(alice, ID, legacy.sign(p.view()), MfaSession.of("login"));
        assertThat(r.status()).as("%s", r).isEqualTo(Status.ACCEPTED);
        assertThat(r.proof()).isPresent();
    }

    @Test
    void withoutTheAppIdTheSameAssertionIsRefusedAndNoExtensionIsOffered() throws Exception {
        registerLegacyKey(mfa(Map.of("app-id", APP_ID)));
        legacy.appId = APP_ID;
        Mfa without = mfa(Map.of());

        Prompt p = without.prompt(alice, ID, MfaSession.of("login"));
        assertThat(requestOptions(p).path("extensions").has("appid")).isFalse();
        Result r = without.verify(alice, ID, legacy.sign(p.view()), MfaSession.of("login"));
        assertThat(r.status()).isNotEqualTo(Status.ACCEPTED);
        assertThat(r.reason()).contains(FailureReason.DENIED);
    }

    @Test
    void withTheAppIdConfiguredTheSameKeyStillSignsInUnderTheRpId() throws Exception {
        Mfa mfa = mfa(Map.of("app-id", APP_ID));
        registerLegacyKey(mfa);
        Prompt p = mfa.prompt(alice, ID, MfaSession.of("login"));
        assertThat(mfa.verify(alice, ID, legacy.sign(p.view()), MfaSession.of("login")).status())
                .isEqualTo(Status.ACCEPTED);
    }
}
