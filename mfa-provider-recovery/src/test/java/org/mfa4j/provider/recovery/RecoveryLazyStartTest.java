package org.mfa4j.provider.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Status;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;
import org.mfa4j.store.VersionedDocument;
import org.mfa4j.testing.JcaProviders;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/**
 * The provider starts without looking up PBKDF2 (its first lookup starts the JCA); without it, setting up
 * codes fails closed with the {@link MfaConfigurationException} a start-up check would have thrown, and
 * nothing is stored. Settings are still checked when the provider starts.
 */
class RecoveryLazyStartTest {

    private final MutableClock clock = MutableClock.startingAt2026();

    @Test
    void startsWithoutTheKdfAndFailsClosedOnFirstUseWithoutIt() throws Exception {
        MfaStore store = new InMemoryMfaStore();
        MfaUser user = MfaUser.of("user-1");
        Mfa mfa = RecoveryTestKit.mfa(store, clock, new RecoveryCodesProviderFactory(), Map.of(),
                new RecordingListener());
        MfaSession session = RecoveryTestKit.activateBase(mfa, user);
        long version = store.load(user.id()).map(VersionedDocument::version).orElseThrow();
        JcaProviders.without("SunJCE", () -> {
            Mfa started = RecoveryTestKit.mfa(new InMemoryMfaStore(), clock, new RecoveryCodesProviderFactory(),
                    Map.of(), new RecordingListener());
            assertThat(started.providers()).hasSize(2);
            assertThatThrownBy(() -> mfa.setup(user, RecoveryTestKit.ID, session))
                    .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("PBKDF2WithHmacSHA256");
            return null;
        });
        assertThat(store.load(user.id()).map(VersionedDocument::version)).contains(version);
        // Nothing was remembered: with the provider back, the same instance sets up and activates codes.
        var codes = RecoveryTestKit.codes(RecoveryTestKit.setup(mfa, user, session));
        assertThat(mfa.activate(user, RecoveryTestKit.ID, MfaInput.code(codes.get(0)), session).status())
                .isEqualTo(Status.ACCEPTED);
    }

    @Test
    void settingsAreStillCheckedAtStart() throws Exception {
        JcaProviders.without("SunJCE", () -> {
            assertThatThrownBy(() -> RecoveryTestKit.mfa(new InMemoryMfaStore(), clock,
                    new RecoveryCodesProviderFactory(), Map.of("kdf-iterations", "5"), new RecordingListener()))
                    .isInstanceOf(MfaConfigurationException.class).hasMessageContaining("kdf-iterations");
            return null;
        });
    }
}
