package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfa4j.testproviders.KeyringProvider;

/** Several credentials per provider (issue 10, item 5): added, renamed and removed one by one. */
class CredentialsTest {

    private static final String K = KeyringProvider.ID;
    private final Fixture f = new Fixture(b -> b.provider(new KeyringProvider()));
    private MfaSession session = MfaSession.of("account-page");

    /** Sets up and activates one more key labelled {@code label}; returns its code. */
    private String addKey(String label) {
        Change setup = f.mfa.setup(f.alice, K, MfaInput.of(Map.of("label", label)), session);
        assertThat(setup.status()).as("setup of %s", label).isEqualTo(ChangeStatus.DONE);
        String code = setup.view().orElseThrow().require("code");
        Result r = f.mfa.activate(f.alice, K, MfaInput.code(code), session);
        assertThat(r.status()).as("activation of %s", label).isEqualTo(Status.ACCEPTED);
        session = session.withProof(r.proof().orElseThrow());
        return code;
    }

    private List<CredentialOverview> keys() {
        return f.mfa.overview(f.alice).provider(K).orElseThrow().credentials();
    }

    private Status verify(String code) {
        Result r = f.mfa.verify(f.alice, K, MfaInput.code(code), MfaSession.of("login"));
        return r.status();
    }

    @Test
    void addThreeRemoveOneAndTheOtherTwoStillVerify() {
        String a = addKey("YubiKey 5C");
        String b = addKey("Backup key");
        String c = addKey("Laptop");
        assertThat(keys()).extracting(CredentialOverview::label).containsExactly("YubiKey 5C", "Backup key", "Laptop");
        assertThat(f.events.events(MfaEvent.CredentialChanged.class)).extracting(MfaEvent.CredentialChanged::kind)
                .containsExactly(MfaEvent.CredentialChanged.Kind.ADDED, MfaEvent.CredentialChanged.Kind.ADDED);

        String backup = keys().get(1).id();
        Change removed = f.mfa.removeCredential(f.alice, K, backup, session);
        assertThat(removed.status()).isEqualTo(ChangeStatus.DONE);
        session = session.withProof(removed.proof().orElseThrow());

        assertThat(keys()).extracting(CredentialOverview::label).containsExactly("YubiKey 5C", "Laptop");
        assertThat(verify(a)).isEqualTo(Status.ACCEPTED);
        assertThat(verify(c)).isEqualTo(Status.ACCEPTED);
        assertThat(verify(b)).as("the removed key").isEqualTo(Status.REJECTED);
        assertThat(keys()).allSatisfy(k -> assertThat(k.lastUsed()).isPresent());
    }

    @Test
    void addingAKeyBesideAnotherNeedsAFreshProof() {
        addKey("first");
        Change refused = f.mfa.setup(f.alice, K, MfaInput.of(Map.of("label", "second")), MfaSession.of("password-only"));
        assertThat(refused.status()).isEqualTo(ChangeStatus.STEP_UP_REQUIRED);
        f.clock.advance(java.time.Duration.ofMinutes(6));
        assertThat(f.mfa.setup(f.alice, K, MfaInput.of(Map.of("label", "second")), session).status())
                .as("the proof is older than the 5 minutes ADD_FACTOR allows").isEqualTo(ChangeStatus.STEP_UP_REQUIRED);
        assertThat(keys()).hasSize(1);
    }

    @Test
    void renameTouchesOnlyTheLabelAndRemovingTheLastKeyDeactivates() {
        String a = addKey("old name");
        String id = keys().get(0).id();
        Change renamed = f.mfa.renameCredential(f.alice, K, id, "new name", session);
        assertThat(renamed.status()).isEqualTo(ChangeStatus.DONE);
        assertThat(keys()).extracting(CredentialOverview::label).containsExactly("new name");
        assertThat(f.mfa.renameCredential(f.alice, K, id, "new name", session).status()).isEqualTo(ChangeStatus.UNCHANGED);
        assertThat(f.mfa.renameCredential(f.alice, K, "no-such-key", "x", session).status())
                .isEqualTo(ChangeStatus.UNCHANGED);
        assertThatThrownBy(() -> f.mfa.renameCredential(f.alice, K, id, "x".repeat(65), session))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("xxxx");
        assertThat(verify(a)).isEqualTo(Status.ACCEPTED);

        Change last = f.mfa.removeCredential(f.alice, K, id, session);
        assertThat(last.status()).isEqualTo(ChangeStatus.DONE);
        assertThat(last.removed()).containsExactly(K);
        assertThat(f.mfa.overview(f.alice).provider(K).orElseThrow().active()).isFalse();
    }

    @Test
    void theOverviewNeverShowsACredentialsData() {
        String code = addKey("key");
        List<String> shown = new ArrayList<>();
        shown.add(f.mfa.overview(f.alice).toString());
        f.events.events().forEach(e -> shown.add(e.toString()));
        assertThat(shown).noneMatch(s -> s.contains(code));
    }
}
