package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mfa4j.AuthenticatorHistoryEntry.RemovedBy;
import org.mfa4j.internal.DocumentJson;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.testproviders.KeyringProvider;

/**
 * The authenticator history (issue 15): every factor and credential a user had, with added, last used and
 * removed times and who removed it, kept after removal; and the remembered devices and break-glass code in
 * the same overview.
 */
class AuthenticatorHistoryTest {

    private static final String K = KeyringProvider.ID;
    private final Fixture f = new Fixture(b -> b.provider(new KeyringProvider()));
    private final MfaUser alice = f.alice;
    private MfaSession session = MfaSession.of("account-page");

    private List<AuthenticatorHistoryEntry> history() {
        return f.mfa.admin().overview("alice").history();
    }

    private String addKey(String label) {
        Change setup = f.mfa.setup(alice, K, MfaInput.of(Map.of("label", label)), session);
        String code = setup.view().orElseThrow().require("code");
        Result r = f.mfa.activate(alice, K, MfaInput.code(code), session);
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        session = session.withProof(r.proof().orElseThrow());
        return code;
    }

    @Test
    void aRemovedCredentialStaysInTheHistoryWithItsTimesAndWhoRemovedIt() {
        Instant added = f.clock.instant();
        String lost = addKey("Lost key");
        addKey("Backup key");
        f.clock.advance(Duration.ofHours(1));
        Instant used = f.clock.instant();
        assertThat(f.mfa.verify(alice, K, MfaInput.code(lost), MfaSession.of("login")).status())
                .isEqualTo(Status.ACCEPTED);
        assertThat(history()).as("the active ones, last used read from their entries")
                .extracting(AuthenticatorHistoryEntry::label, AuthenticatorHistoryEntry::lastUsed,
                        AuthenticatorHistoryEntry::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Lost key", Optional.of(used), true),
                        org.assertj.core.groups.Tuple.tuple("Backup key", Optional.empty(), true));

        f.clock.advance(Duration.ofDays(2));
        Result fresh = f.mfa.verify(alice, K, MfaInput.code(lost), MfaSession.of("account-page"));
        String id = f.mfa.overview(alice).provider(K).orElseThrow().credentials().get(0).id();
        Change removed = f.mfa.removeCredential(alice, K, id, MfaSession.of("account-page")
                .withProof(fresh.proof().orElseThrow()));
        assertThat(removed.status()).isEqualTo(ChangeStatus.DONE);

        List<AuthenticatorHistoryEntry> h = history();
        assertThat(h).hasSize(2);
        assertThat(h.get(0).label()).isEqualTo("Backup key");
        assertThat(h.get(0).active()).isTrue();
        AuthenticatorHistoryEntry gone = h.get(1);
        assertThat(gone.providerId()).isEqualTo(K);
        assertThat(gone.credentialId()).contains(id);
        assertThat(gone.label()).isEqualTo("Lost key");
        assertThat(gone.added()).isEqualTo(added);
        assertThat(gone.lastUsed()).contains(f.clock.instant());
        assertThat(gone.removed()).contains(f.clock.instant());
        assertThat(gone.removedBy()).contains(RemovedBy.USER);
    }

    @Test
    void deactivationResetAndResetAllAreToldApartAndCompanionsNamed() {
        f.enrol(alice, "code");
        f.enrol(alice, "companion");
        f.enrol(alice, "card");
        f.deactivate(alice, "card");
        f.mfa.admin().reset("alice", "code");
        assertThat(history()).extracting(AuthenticatorHistoryEntry::providerId, e -> e.removedBy().orElseThrow())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("companion", RemovedBy.COMPANION),
                        org.assertj.core.groups.Tuple.tuple("code", RemovedBy.ADMINISTRATOR),
                        org.assertj.core.groups.Tuple.tuple("card", RemovedBy.USER));
        assertThat(history()).allSatisfy(e -> assertThat(e.credentialId()).isEmpty())
                .extracting(AuthenticatorHistoryEntry::label).contains("Code card code", "Code card card", "companion");

        f.enrol(alice, "card");
        f.mfa.admin().resetAll("alice");
        assertThat(history()).hasSize(4);
        assertThat(history().get(0).providerId()).isEqualTo("card");
        assertThat(history().get(0).removedBy()).contains(RemovedBy.RESET);
    }

    @Test
    void theFiftyMostRecentlyRemovedAreKeptAndActiveOnesAlwaysShow() {
        addKey("keeper");
        for (int i = 0; i < DocumentJson.MAX_HISTORY + 5; i++) {
            addKey("key " + i);
            List<CredentialOverview> keys = f.mfa.overview(alice).provider(K).orElseThrow().credentials();
            String id = keys.get(keys.size() - 1).id();
            Change c = f.mfa.removeCredential(alice, K, id, session);
            assertThat(c.status()).isEqualTo(ChangeStatus.DONE);
            session = session.withProof(c.proof().orElseThrow());
        }
        List<AuthenticatorHistoryEntry> h = history();
        assertThat(h.get(0).label()).as("the active key first").isEqualTo("keeper");
        assertThat(h.get(0).active()).isTrue();
        assertThat(h.subList(1, h.size())).hasSize(DocumentJson.MAX_HISTORY)
                .allSatisfy(e -> assertThat(e.active()).isFalse());
        assertThat(h.get(1).label()).as("most recently removed first").isEqualTo("key 54");
        assertThat(h.get(h.size() - 1).label()).as("the five oldest are forgotten").isEqualTo("key 5");
        UserDocument stored = UserDocument.of(f.store.load("alice").orElseThrow().document());
        assertThat(DocumentJson.decode(stored.toJson())).isEqualTo(stored);
    }

    @Test
    void erasingTheUserErasesHerHistory() {
        f.enrol(alice, "code");
        f.enrol(alice, "card");
        f.deactivate(alice, "card");
        assertThat(history()).hasSize(2);
        assertThat(f.mfa.admin().delete("alice")).isTrue();
        assertThat(history()).isEmpty();
    }

    @Test
    void theHistoryHoldsNoSecretAndAVerificationWritesNothingToIt() {
        String code = f.enrol(alice, "code");
        f.enrol(alice, "card");
        f.deactivate(alice, "card");
        UserDocument before = UserDocument.of(f.store.load("alice").orElseThrow().document());
        assertThat(f.mfa.verify(alice, "code", MfaInput.code(code), MfaSession.of("s")).status())
                .isEqualTo(Status.ACCEPTED);
        UserDocument after = UserDocument.of(f.store.load("alice").orElseThrow().document());
        assertThat(after.history()).isEqualTo(before.history());
        assertThat(after.toJson().substring(after.toJson().indexOf("\"history\""))).doesNotContain(code);
        assertThat(history().toString()).doesNotContain(code);
    }

    @Test
    void theOverviewListsRememberedDevicesAndTheOutstandingBreakGlassCode() {
        String code = f.enrol(alice, "code");
        Result r = f.mfa.verify(alice, "code", MfaInput.code(code), MfaSession.of("web"));
        Remembered remembered = f.mfa.devices().remember(alice, MfaSession.of("web").withProof(r.proof().orElseThrow()),
                "Firefox on Linux");
        BreakGlassCode issued = f.mfa.admin().issueBreakGlass("alice", "root-admin");

        UserOverview o = f.mfa.admin().overview("alice");
        assertThat(o.devices()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(remembered.token().orElseThrow().id());
            assertThat(d.label()).isEqualTo("Firefox on Linux");
            assertThat(d.created()).isEqualTo(f.clock.instant());
            assertThat(d.expiresAt()).isEqualTo(f.clock.instant().plus(Duration.ofDays(30)));
        });
        assertThat(o.breakGlass()).hasValueSatisfying(b -> {
            assertThat(b.id()).isEqualTo(issued.id());
            assertThat(b.issuedBy()).isEqualTo("root-admin");
            assertThat(b.issuedAt()).isEqualTo(f.clock.instant());
            assertThat(b.expiresAt()).isEqualTo(issued.expiresAt());
        });
        assertThat(o.toString()).doesNotContain(issued.code()).doesNotContain(remembered.token().orElseThrow().value());

        f.mfa.verifyBreakGlass(alice, MfaInput.code(issued.code()), MfaSession.of("lost"));
        assertThat(f.mfa.admin().overview("alice").breakGlass()).as("used up").isEmpty();
    }
}
