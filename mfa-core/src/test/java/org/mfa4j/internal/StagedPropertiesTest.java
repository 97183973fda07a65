package org.mfa4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaSecretException;
import org.mfa4j.MfaUser;
import org.mfa4j.SecretKeys;
import org.mfa4j.spi.SecretBytes;

class StagedPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private final AesGcmSecretCipher cipher = new AesGcmSecretCipher(SecretKeys.ephemeral(new SecureRandom()),
            new SecureRandom());
    private final MfaUser alice = MfaUser.of("alice");

    @Test
    void aNewEntryIsCreatedByAPutAndCarriesTypedValues() {
        StagedProperties pm = new StagedProperties(alice, "totp", null, cipher, new java.security.SecureRandom(), T1);
        assertThat(pm.hasEntry()).isFalse();
        assertThat(pm.result()).isEmpty();
        assertThat(pm.isActive()).isFalse();
        assertThat(pm.created()).isEmpty();
        pm.putString("s", "text");
        pm.putLong("n", 42);
        pm.putBoolean("b", true);
        pm.putInstant("t", T0);
        pm.putStringList("l", List.of("x", "y"));
        pm.putSecret("secret", SecretBytes.copyOf("seed".getBytes(StandardCharsets.UTF_8)));
        assertThat(pm.hasEntry()).isTrue();
        assertThat(pm.changed()).isTrue();
        ProviderRecord r = pm.result().orElseThrow();
        assertThat(r.active()).isFalse();
        assertThat(r.created()).isEqualTo(T1);
        assertThat(r.updated()).isEqualTo(T1);
        assertThat(r.properties().get("secret")).asString().startsWith("v1.").doesNotContain("seed");

        StagedProperties reread = new StagedProperties(alice, "totp", r, cipher, new java.security.SecureRandom(), T1);
        assertThat(reread.getString("s")).contains("text");
        assertThat(reread.getLong("n")).contains(42L);
        assertThat(reread.getBoolean("b")).contains(true);
        assertThat(reread.getInstant("t")).contains(T0);
        assertThat(reread.getStringList("l")).containsExactly("x", "y");
        assertThat(reread.getStringList("none")).isEmpty();
        assertThat(reread.getSecret("secret").orElseThrow().equalsBytes("seed".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(reread.contains("s")).isTrue();
        assertThat(reread.getString("none")).isEmpty();
        assertThat(reread.changed()).isFalse();
        assertThat(reread.result()).containsSame(r);
        assertThat(reread.user()).isEqualTo(alice);
        assertThat(reread.providerId()).isEqualTo("totp");
        assertThat(reread.now()).isEqualTo(T1);
        assertThat(reread.toString()).contains("alice").doesNotContain("text");
    }

    @Test
    void typesAreChecked() {
        ProviderRecord r = ProviderRecord.created(T0).withProperties(Map.of("s", "x", "i", 7, "l", List.of(1)));
        StagedProperties pm = new StagedProperties(alice, "totp", r, cipher, new java.security.SecureRandom(), T1);
        assertThat(pm.getLong("i")).as("JSON small integers read as longs").contains(7L);
        assertThatThrownBy(() -> pm.getLong("s")).hasMessageContaining("'s'").hasMessageNotContaining("x\"");
        assertThatThrownBy(() -> pm.getStringList("s")).hasMessageContaining("string list");
        assertThatThrownBy(() -> pm.getStringList("l")).hasMessageContaining("string list");
        assertThatThrownBy(() -> pm.getInstant("s")).hasMessageContaining("instant");
        assertThatThrownBy(() -> pm.putString("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pm.putString("k".repeat(65), "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pm.putString("k", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void secretsAreBoundToTheirPropertyAndArea() {
        StagedProperties pm = new StagedProperties(alice, "sms", null, cipher, new java.security.SecureRandom(), T0);
        pm.putSecret("code", SecretBytes.copyOf(new byte[] {1}));
        pm.challenge().putSecret("code", SecretBytes.copyOf(new byte[] {2}));
        ProviderRecord r = pm.result().orElseThrow();
        Map<String, Object> swapped = Map.of("code", r.challenge().get("code"));
        StagedProperties moved = new StagedProperties(alice, "sms", r.withProperties(swapped), cipher, new java.security.SecureRandom(), T0);
        assertThatThrownBy(() -> moved.getSecret("code")).isInstanceOf(MfaSecretException.class);
        StagedProperties other = new StagedProperties(MfaUser.of("bob"), "sms", r, cipher, new java.security.SecureRandom(), T0);
        assertThatThrownBy(() -> other.getSecret("code")).isInstanceOf(MfaSecretException.class);
    }

    @Test
    void onlyPropertyChangesTouchUpdated() {
        ProviderRecord r = new ProviderRecord(true, T0, T0, Optional.of(T0), 1, Optional.empty(), 0,
                Map.of("a", "1"), Map.of(), List.of());
        StagedProperties pm = new StagedProperties(alice, "sms", r, cipher, new java.security.SecureRandom(), T1);
        assertThat(pm.isActive()).isTrue();
        assertThat(pm.created()).contains(T0);
        assertThat(pm.updated()).contains(T0);
        assertThat(pm.lastUsed()).contains(T0);
        pm.challenge().putString("c", "x");
        ProviderRecord afterChallenge = pm.result().orElseThrow();
        assertThat(afterChallenge.updated()).isEqualTo(T0);
        assertThat(afterChallenge.active()).isTrue();
        assertThat(afterChallenge.failures()).isEqualTo(1);
        pm.remove("missing");
        assertThat(pm.result().orElseThrow().properties()).containsEntry("a", "1");
        pm.remove("a");
        assertThat(pm.result().orElseThrow().properties()).isEmpty();
        assertThat(pm.result().orElseThrow().updated()).isEqualTo(T1);
    }

    @Test
    void deleteThenCreateStartsAFreshInactiveEntry() {
        ProviderRecord r = new ProviderRecord(true, T0, T0, Optional.of(T0), 2, Optional.empty(), 0,
                Map.of("a", "1"), Map.of("c", "2"), List.of());
        StagedProperties pm = new StagedProperties(alice, "totp", r, cipher, new java.security.SecureRandom(), T1);
        pm.deleteEntry();
        assertThat(pm.hasEntry()).isFalse();
        assertThat(pm.result()).isEmpty();
        assertThat(pm.isActive()).isFalse();
        assertThat(pm.lastUsed()).isEmpty();
        pm.deleteEntry();
        pm.createEntry();
        pm.createEntry();
        ProviderRecord fresh = pm.result().orElseThrow();
        assertThat(fresh.active()).isFalse();
        assertThat(fresh.created()).isEqualTo(T1);
        assertThat(fresh.properties()).isEmpty();
        assertThat(fresh.challenge()).isEmpty();
        assertThat(fresh.failures()).isZero();
    }
}
