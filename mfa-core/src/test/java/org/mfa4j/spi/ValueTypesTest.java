package org.mfa4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfa4j.internal.Documents.stored;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaUser;
import org.mfa4j.View;
import org.mfa4j.internal.Documents;
import org.mfa4j.internal.FlowState;
import org.mfa4j.internal.ProviderRecord;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.store.VersionedDocument;

class ValueTypesTest {

    @Test
    void usersValidateTheirFieldsAndMaskContactData() {
        MfaUser u = MfaUser.builder("id-1").accountLabel("Alice A.").administrator(true).systemMaintainer(true)
                .groups("b", "a").phoneNumber("+4915112345678").email("Alice.A@Example.ORG").build();
        assertThat(u.id()).isEqualTo("id-1");
        assertThat(u.accountLabel()).isEqualTo("Alice A.");
        assertThat(u.isAdministrator()).isTrue();
        assertThat(u.isSystemMaintainer()).isTrue();
        assertThat(u.groups()).containsExactlyInAnyOrder("a", "b");
        assertThat(u.phoneNumber()).contains("+4915112345678");
        assertThat(u.email()).contains("Alice.A@Example.ORG");
        assertThat(u.toString()).doesNotContain("12345678").doesNotContain("Alice.A").contains("A***@example.org")
                .contains("groups=[a, b]");
        assertThat(u.toBuilder().build()).isEqualTo(u).hasSameHashCodeAs(u);
        assertThat(MfaUser.of("id-1")).isNotEqualTo(u);
        assertThat(MfaUser.of("x").accountLabel()).isEqualTo("x");
        assertThat(MfaUser.of("x").toString()).doesNotContain("phone").doesNotContain("email");

        assertThatThrownBy(() -> MfaUser.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MfaUser.of(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MfaUser.of("x".repeat(256))).hasMessageContaining("255");
        assertThat(MfaUser.of("x".repeat(255)).id()).hasSize(255);
        assertThatThrownBy(() -> MfaUser.of("a\nb")).hasMessageContaining("control");
        assertThatThrownBy(() -> MfaUser.builder("x").phoneNumber("0151 123")).hasMessageContaining("E.164");
        assertThatThrownBy(() -> MfaUser.builder("x").email("no-at")).hasMessageContaining("e-mail");
        assertThatThrownBy(() -> MfaUser.builder("x").groups("ok", " ")).hasMessageContaining("group");
        assertThatThrownBy(() -> MfaUser.builder("x").accountLabel(" ").build()).hasMessageContaining("label");
        assertThat(MfaUser.Masking.phone("+1234")).isEqualTo("***");
        assertThat(MfaUser.Masking.email("@x")).isEqualTo("***");
    }

    @Test
    void viewsNameKeysOnly() {
        byte[] png = {1, 2, 3};
        View v = View.builder().put("uri", "otpauth://secret").putBinary("qr", png).build();
        png[0] = 9;
        assertThat(v.get("uri")).contains("otpauth://secret");
        assertThat(v.binary("qr")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(v.binary("none")).isEmpty();
        assertThat(v.keys()).containsExactly("uri");
        assertThat(v.binaryKeys()).containsExactly("qr");
        assertThat(v.toString()).doesNotContain("otpauth").contains("uri");
        assertThatThrownBy(() -> v.require("x")).hasMessageContaining("'x'");
        assertThat(View.empty().keys()).isEmpty();
    }

    @Test
    void inputsHideTheirValues() {
        MfaInput i = MfaInput.code("123456");
        assertThat(i.code()).contains("123456");
        assertThat(i.toString()).doesNotContain("123456").contains("code");
        assertThat(MfaInput.code(null).code()).isEmpty();
        MfaInput p = MfaInput.of(new java.util.HashMap<>(Map.of("state", "abc")) {
            {
                put("null", null);
            }
        });
        assertThat(p.param("state")).contains("abc");
        assertThat(p.param("null")).isEmpty();
        assertThat(MfaInput.empty().code()).isEmpty();
    }

    @Test
    void descriptorsValidateAndDefault() {
        ProviderDescriptor d = ProviderDescriptor.builder("totp").build();
        assertThat(d.title()).isEqualTo("totp");
        assertThat(d.iconKey()).isEqualTo("mfa-totp");
        assertThat(d.description()).isEmpty();
        assertThat(d.setupInstructions()).isEmpty();
        assertThat(d.mayBeDefault()).isTrue();
        assertThat(d.kind()).isEqualTo(FactorKind.POSSESSION);
        assertThat(d.phishingResistant() || d.weak() || d.requiresOtherActive() || d.soleFactor()).isFalse();
        ProviderDescriptor full = ProviderDescriptor.builder("u2f").title("Security key").description("d")
                .setupInstructions("i").iconKey("key").before("totp").after("sms").mayBeDefault(false)
                .kind(FactorKind.INHERENCE).phishingResistant(true).weak(true).build();
        assertThat(full).isEqualTo(ProviderDescriptor.builder("u2f").title("Security key").description("d")
                .setupInstructions("i").iconKey("key").before("totp").after("sms").mayBeDefault(false)
                .kind(FactorKind.INHERENCE).phishingResistant(true).weak(true).build());
        assertThat(full).isNotEqualTo(d).hasSameHashCodeAs(ProviderDescriptor.builder("u2f").title("Security key")
                .kind(FactorKind.INHERENCE).build());
        assertThat(full.toString()).contains("u2f").contains("phishingResistant=true");
        assertThatThrownBy(() -> ProviderDescriptor.builder("TOTP")).hasMessageContaining("[a-z]");
        assertThatThrownBy(() -> ProviderDescriptor.builder(null)).hasMessageContaining("null");
        assertThatThrownBy(() -> ProviderDescriptor.builder("a".repeat(33))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderDescriptor.builder("x").requiresOtherActive(true).soleFactor(true).build())
                .hasMessageContaining("cannot both");
        assertThatThrownBy(() -> ProviderDescriptor.builder("x").before("x").build()).hasMessageContaining("itself");
        assertThatThrownBy(() -> ProviderDescriptor.builder("x").after("Bad")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outcomesAreConsistent() {
        assertThat(Outcome.accept().accepted()).isTrue();
        assertThat(Outcome.accept(Map.of("stepOffset", "0")).details()).containsEntry("stepOffset", "0");
        assertThat(Outcome.reject(FailureReason.REPLAY).reason()).contains(FailureReason.REPLAY);
        assertThat(Outcome.reject(FailureReason.DENIED, Map.of("k", "v")).details()).containsEntry("k", "v");
        assertThatThrownBy(() -> new Outcome(true, Optional.of(FailureReason.DENIED), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Outcome(false, Optional.empty(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordsRefuseImpossibleState() {
        Instant t = Instant.EPOCH;
        assertThatThrownBy(() -> new ProviderRecord(true, t, t, Optional.empty(), -1, Optional.empty(), 0, Map.of(),
                Map.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProviderRecord(true, t, t, Optional.empty(), 0, Optional.empty(), -1, Map.of(),
                Map.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlowState("f", -1, t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserDocument.empty().withAccountFailures(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserDocument.empty().withFactorEpoch(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VersionedDocument(stored(UserDocument.empty()), 0)).isInstanceOf(IllegalArgumentException.class);
        ProviderRecord r = ProviderRecord.created(t).withProperties(Map.of("secret", "v1.k.xyz"));
        assertThat(r.toString()).doesNotContain("xyz").contains("secret");
        assertThat(r.withProperties(r.properties()).properties()).isSameAs(r.properties());
        UserDocument d = UserDocument.empty().withProvider("a", r).withFlow(Optional.of(new FlowState("digest", 2, t)));
        assertThat(d.toString()).doesNotContain("digest").doesNotContain("xyz").contains("failures=2");
        assertThat(d.withProvider("a", null).providers()).isEmpty();
    }

    @Test
    void challengesCarryTheirParts() {
        Challenge c = Challenge.of(View.empty());
        assertThat(c.expiresAt()).isEmpty();
        assertThat(c.dispatch()).isEmpty();
        Challenge s = Challenge.sent(View.empty(), Instant.EPOCH, () -> { });
        assertThat(s.expiresAt()).contains(Instant.EPOCH);
        assertThat(s.dispatch()).isPresent();
    }
}
