package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.SecurityNotification.Actor;
import org.mfa4j.SecurityNotification.Kind;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.FactorKind;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.ConflictingStore;
import org.mfa4j.testing.ForwardingProvider;
import org.mfa4j.testing.logging.LogCapture;
import org.mfa4j.testproviders.CodeProvider;
import org.mfa4j.testproviders.KeyringProvider;

/** Issue 15: security notifications, one per listed change, after commit only, through {@link Mfa}. */
class SecurityNotificationsTest {

    /** Keeps what it is told. */
    static final class CapturingNotifier implements MfaNotifier {
        final List<SecurityNotification> received = new CopyOnWriteArrayList<>();

        @Override
        public void notify(SecurityNotification notification) {
            received.add(notification);
        }

        List<Kind> kinds() {
            return received.stream().map(SecurityNotification::kind).toList();
        }

        SecurityNotification only(Kind kind) {
            List<SecurityNotification> of = received.stream().filter(n -> n.kind() == kind).toList();
            assertThat(of).as("notifications of kind %s", kind).hasSize(1);
            return of.get(0);
        }
    }

    /**
     * Recovery codes as the core sees them: provider {@code recovery}, a companion, whose accepted answer says how
     * many codes are left and, at one or none, publishes the recovery module's {@code low-codes} notice.
     */
    static final class RecoveryLike implements MfaProviderFactory {
        private final CodeProvider cards = new CodeProvider(ProviderDescriptor.builder("recovery")
                .title("Recovery codes").kind(FactorKind.KNOWLEDGE).requiresOtherActive(true).mayBeDefault(false)
                .build());
        @Override
        public ProviderDescriptor descriptor() {
            return cards.descriptor();
        }

        @Override
        public MfaProvider create(ProviderContext context) {
            return new ForwardingProvider(cards.create(context)) {
                @Override
                public Outcome verify(MfaInput input, PropertyManager properties) {
                    if (!super.verify(input, properties).accepted()) {
                        return Outcome.reject(org.mfa4j.spi.FailureReason.WRONG_CODE);
                    }
                    // In the staged properties: the core may run this twice for one answer.
                    long remaining = properties.getLong("left").orElse(3L) - 1;
                    properties.putLong("left", remaining);
                    if (remaining <= 1) {
                        context.events().notice(properties.user().id(), "low-codes",
                                Map.of("remaining", Long.toString(remaining)));
                    }
                    return Outcome.accept(Map.of("remaining", Long.toString(remaining)));
                }
            };
        }
    }

    private final CapturingNotifier notes = new CapturingNotifier();
    private final RecoveryLike recovery = new RecoveryLike();
    private Fixture f = new Fixture(b -> b.notifier(notes).provider(new KeyringProvider()).provider(recovery));

    @RegisterExtension
    final LogCapture log = new LogCapture("org.mfa4j.internal.Notifications");

    @Test
    void aFactorAddedIsNotifiedWithItsTitleAndEndsOtherSessions() {
        f.enrol(f.alice, "code");
        SecurityNotification n = notes.only(Kind.FACTOR_ADDED);
        assertThat(n.userId()).isEqualTo("alice");
        assertThat(n.providerId()).contains("code");
        assertThat(n.providerTitle()).contains("Code card code");
        assertThat(n.actor()).isEqualTo(Actor.USER);
        assertThat(n.at()).isEqualTo(f.clock.instant());
        assertThat(n.endOtherSessions()).isTrue();
        assertThat(notes.received).hasSize(1);
    }

    @Test
    void aFactorRemovedByTheUserAndItsCompanionAreNotified() {
        f.enrol(f.alice, "code");
        f.enrol(f.alice, "companion");
        notes.received.clear();
        assertThat(f.deactivate(f.alice, "code").status()).isEqualTo(ChangeStatus.DONE);
        assertThat(notes.received).extracting(SecurityNotification::kind, n -> n.providerId().orElseThrow(),
                SecurityNotification::actor).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.FACTOR_REMOVED, "code", Actor.USER),
                        org.assertj.core.groups.Tuple.tuple(Kind.FACTOR_REMOVED, "companion", Actor.USER));
        assertThat(notes.received.get(1).details()).containsEntry(SecurityNotification.DETAIL_CAUSE, "companion-removed");
        assertThat(notes.received).allSatisfy(n -> assertThat(n.endOtherSessions()).isTrue());
    }

    @Test
    void aResetByAnAdministratorIsNotified() {
        f.enrol(f.alice, "code");
        f.enrol(f.alice, "companion");
        notes.received.clear();
        f.mfa.admin().reset("alice", "code");
        SecurityNotification n = notes.only(Kind.FACTOR_RESET);
        assertThat(n.actor()).isEqualTo(Actor.ADMINISTRATOR);
        assertThat(n.endOtherSessions()).isTrue();
        assertThat(notes.only(Kind.FACTOR_REMOVED).actor()).as("the companion went with the reset")
                .isEqualTo(Actor.ADMINISTRATOR);
    }

    @Test
    void anUpdateOfAFactorIsNotified() {
        f.enrol(f.alice, "code");
        notes.received.clear();
        assertThat(f.mfa.update(f.alice, "code", MfaInput.empty(), f.session(f.alice)).status())
                .isEqualTo(ChangeStatus.DONE);
        assertThat(notes.kinds()).containsExactly(Kind.FACTOR_UPDATED);
        assertThat(notes.received.get(0).endOtherSessions()).isTrue();
    }

    @Test
    void credentialsAddedAndRemovedAreNotifiedWithTheirLabelsButNotRenames() {
        MfaSession s = MfaSession.of("account");
        s = addKey(s, "YubiKey 5C");
        s = addKey(s, "Backup key");
        assertThat(notes.kinds()).containsExactly(Kind.FACTOR_ADDED, Kind.CREDENTIAL_ADDED);
        SecurityNotification added = notes.only(Kind.CREDENTIAL_ADDED);
        assertThat(added.credentialLabel()).contains("Backup key");
        assertThat(added.credentialId()).isPresent();
        assertThat(added.providerTitle()).contains("Key ring");
        String id = added.credentialId().orElseThrow();
        notes.received.clear();
        assertThat(f.mfa.renameCredential(f.alice, KeyringProvider.ID, id, "Spare", s).status())
                .isEqualTo(ChangeStatus.DONE);
        assertThat(notes.received).as("a rename changes no factor").isEmpty();
        assertThat(f.mfa.removeCredential(f.alice, KeyringProvider.ID, id, s).status()).isEqualTo(ChangeStatus.DONE);
        SecurityNotification removed = notes.only(Kind.CREDENTIAL_REMOVED);
        assertThat(removed.credentialId()).contains(id);
        assertThat(removed.credentialLabel()).contains("Spare");
        assertThat(removed.endOtherSessions()).isTrue();
    }

    private MfaSession addKey(MfaSession s, String label) {
        Change setup = f.mfa.setup(f.alice, KeyringProvider.ID, MfaInput.of(Map.of("label", label)), s);
        Result r = f.mfa.activate(f.alice, KeyringProvider.ID,
                MfaInput.code(setup.view().orElseThrow().require("code")), s);
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        return s.withProof(r.proof().orElseThrow());
    }

    @Test
    void aLockIsNotifiedOnceAsRepeatedFailuresAndTheUnlocksWithWhoUnlocked() {
        String code = f.enrol(f.alice, "code");
        String card = f.enrol(f.alice, "card");
        notes.received.clear();
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        }
        SecurityNotification n = notes.only(Kind.REPEATED_FAILURES);
        assertThat(notes.received).as("nothing for the first two failures").hasSize(1);
        assertThat(n.details()).containsEntry(SecurityNotification.DETAIL_FAILURES, "3")
                .containsEntry(SecurityNotification.DETAIL_LOCKED, "PROVIDER");
        assertThat(n.actor()).isEqualTo(Actor.SYSTEM);
        assertThat(n.endOtherSessions()).isFalse();

        Result other = f.mfa.verify(f.alice, "card", MfaInput.code(card), MfaSession.of("s"));
        notes.received.clear();
        assertThat(f.mfa.unlock(f.alice, "code", MfaSession.of("s").withProof(other.proof().orElseThrow())).status())
                .isEqualTo(ChangeStatus.DONE);
        SecurityNotification byUser = notes.only(Kind.UNLOCKED);
        assertThat(byUser.actor()).isEqualTo(Actor.USER);
        assertThat(byUser.endOtherSessions()).isFalse();

        for (int i = 0; i < 3; i++) {
            f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        }
        notes.received.clear();
        assertThat(f.mfa.admin().unlock("alice", "code")).isTrue();
        SecurityNotification byAdmin = notes.only(Kind.UNLOCKED);
        assertThat(byAdmin.actor()).isEqualTo(Actor.ADMINISTRATOR);
        assertThat(byAdmin.endOtherSessions()).isTrue();
    }

    @Test
    void everyNthConsecutiveFailureIsNotifiedShortOfALock() {
        f = new Fixture(b -> b.notifier(notes).notifyEveryFailures(2)
                .lockout(LockoutPolicy.builder().maxFailures(5).build()));
        String code = f.enrol(f.alice, "code");
        notes.received.clear();
        for (int i = 0; i < 4; i++) {
            f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        }
        assertThat(notes.received).extracting(n -> n.details().get(SecurityNotification.DETAIL_FAILURES))
                .containsExactly("2", "4");
        assertThat(notes.received).allSatisfy(n -> assertThat(n.details())
                .doesNotContainKey(SecurityNotification.DETAIL_LOCKED));
    }

    @Test
    void recoveryCodesRegeneratedUsedAndRunningLowAreNotified() {
        f.enrol(f.alice, "code");
        String first = f.enrol(f.alice, "recovery");
        assertThat(notes.kinds()).containsExactly(Kind.FACTOR_ADDED, Kind.FACTOR_ADDED);
        notes.received.clear();
        String codes = f.mfa.update(f.alice, "recovery", MfaInput.empty(), f.session(f.alice)).view().orElseThrow()
                .require("code");
        assertThat(codes).isNotEqualTo(first);
        SecurityNotification regenerated = notes.only(Kind.RECOVERY_CODES_REGENERATED);
        assertThat(regenerated.providerTitle()).contains("Recovery codes");
        assertThat(regenerated.endOtherSessions()).isTrue();
        notes.received.clear();

        f.mfa.verify(f.alice, "recovery", MfaInput.code(codes), MfaSession.of("s"));
        assertThat(notes.kinds()).as("three codes, one used: two left, not yet low").containsExactly(Kind.RECOVERY_CODE_USED);
        assertThat(notes.received.get(0).details()).containsEntry(SecurityNotification.DETAIL_REMAINING, "2");
        assertThat(notes.received.get(0).endOtherSessions()).isFalse();
        notes.received.clear();
        f.clock.advance(Duration.ofSeconds(1));
        f.mfa.verify(f.alice, "recovery", MfaInput.code(codes), MfaSession.of("s"));
        SecurityNotification low = notes.only(Kind.RECOVERY_CODES_LOW);
        assertThat(low.details()).containsEntry(SecurityNotification.DETAIL_REMAINING, "1");
        assertThat(low.actor()).isEqualTo(Actor.SYSTEM);
        assertThat(low.endOtherSessions()).isFalse();
        assertThat(notes.kinds()).containsExactlyInAnyOrder(Kind.RECOVERY_CODE_USED, Kind.RECOVERY_CODES_LOW);
    }

    @Test
    void aRememberedDeviceIsNotified() {
        String code = f.enrol(f.alice, "code");
        Result r = f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("web"));
        notes.received.clear();
        Remembered remembered = f.mfa.devices().remember(f.alice, MfaSession.of("web").withProof(r.proof().orElseThrow()),
                "Firefox on Linux");
        assertThat(remembered.status()).isEqualTo(Remembered.Status.REMEMBERED);
        SecurityNotification n = notes.only(Kind.DEVICE_REMEMBERED);
        assertThat(n.providerId()).isEmpty();
        assertThat(n.credentialId()).isPresent();
        assertThat(n.details()).containsEntry(SecurityNotification.DETAIL_UNTIL,
                remembered.token().orElseThrow().expiresAt().toString());
        assertThat(n.endOtherSessions()).isFalse();
        assertThat(n.toString()).doesNotContain(remembered.token().orElseThrow().value());
    }

    @Test
    void aChangeRetriedAfterAConflictIsNotifiedOnceAndOneThatNeverCommitsNotAtAll() {
        ConflictingStore store = new ConflictingStore(new InMemoryMfaStore());
        f = new Fixture(store, b -> b.notifier(notes));
        f.enrol(f.alice, "code");
        f.enrol(f.alice, "card");
        notes.received.clear();
        store.conflictOnNextWrite();
        assertThat(f.deactivate(f.alice, "card").status()).isEqualTo(ChangeStatus.DONE);
        assertThat(store.conflictsInjected()).as("the first run lost its compare-and-set").isEqualTo(1);
        assertThat(notes.kinds()).as("the rolled-back run notified nothing").containsExactly(Kind.FACTOR_REMOVED);

        FailClosedTest.BreakableStore breakable = new FailClosedTest.BreakableStore();
        f = new Fixture(breakable, b -> b.notifier(notes));
        f.enrol(f.alice, "code");
        notes.received.clear();
        breakable.conflictsToInject.set(1_000);
        assertThatThrownBy(() -> f.mfa.admin().reset("alice", "code")).isInstanceOf(MfaStoreException.class);
        assertThat(notes.received).as("every run lost to a conflict: nothing committed").isEmpty();
    }

    @Test
    void aThrowingNotifierBreaksNeitherTheChangeNorTheOtherNotifiers() {
        f = new Fixture(b -> b.notifier(n -> {
            throw new IllegalStateException("smtp down for " + n.userId());
        }).notifier(notes));
        String code = f.enrol(f.alice, "code");
        assertThat(f.mfa.overview(f.alice).provider("code").orElseThrow().active()).isTrue();
        assertThat(notes.kinds()).containsExactly(Kind.FACTOR_ADDED);
        assertThat(log.messages()).singleElement().satisfies(line -> assertThat(line)
                .contains("FACTOR_ADDED", "java.lang.IllegalStateException").doesNotContain("smtp down", code));
    }

    @Test
    void nothingIsNotifiedWithoutAChange() {
        String code = f.enrol(f.alice, "code");
        notes.received.clear();
        f.mfa.verify(f.alice, "code", MfaInput.code(code), MfaSession.of("s"));
        f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        assertThat(f.mfa.deactivate(f.alice, "code", MfaSession.of("password-only")).status())
                .isEqualTo(ChangeStatus.STEP_UP_REQUIRED);
        assertThat(notes.received).as("a sign-in, one failure, a refused change").isEmpty();
    }
}
