package org.mfa4j.provider.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.mfa4j.Change;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.SecretKeys;
import org.mfa4j.SecurityNotification;
import org.mfa4j.SecurityNotification.Kind;
import org.mfa4j.Status;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/**
 * The core's security notifications of recovery codes (issue 15) from this provider itself: the core knows it by
 * its id and its {@value RecoveryCodesProviderFactory#NOTICE_LOW_CODES} notice, which this test holds it to.
 */
class RecoveryNotificationsTest {

    private final List<SecurityNotification> received = new CopyOnWriteArrayList<>();
    private final MutableClock clock = MutableClock.startingAt2026();
    private final MfaUser user = MfaUser.of("user-1");
    private final Mfa mfa = RecoveryTestKit.builder(new InMemoryMfaStore(), SecretKeys.ephemeral(new SecureRandom()),
            clock, new RecoveryCodesProviderFactory(), Map.of("low-threshold", "8"), new RecordingListener())
            .notifier(received::add).build();

    private List<Kind> kinds() {
        return received.stream().map(SecurityNotification::kind).toList();
    }

    @Test
    void regeneratedUsedAndRunningLowAreNotifiedWithTheCountLeftAndNeverACode() {
        RecoveryTestKit.Enrolment enrolment = RecoveryTestKit.enrolment(mfa, user);
        assertThat(kinds()).containsExactly(Kind.FACTOR_ADDED, Kind.FACTOR_ADDED);
        received.clear();

        Change update = mfa.update(user, RecoveryTestKit.ID, MfaInput.empty(), enrolment.session());
        List<String> codes = RecoveryTestKit.codes(update.view().orElseThrow());
        assertThat(kinds()).containsExactly(Kind.RECOVERY_CODES_REGENERATED);
        assertThat(received.get(0).providerTitle()).contains("Recovery codes");
        assertThat(received.get(0).endOtherSessions()).isTrue();
        received.clear();

        assertThat(mfa.verify(user, RecoveryTestKit.ID, MfaInput.code(codes.get(0)), MfaSession.of("a")).status())
                .isEqualTo(Status.ACCEPTED);
        assertThat(kinds()).containsExactly(Kind.RECOVERY_CODE_USED);
        assertThat(received.get(0).details()).containsEntry(SecurityNotification.DETAIL_REMAINING, "9");
        received.clear();

        assertThat(mfa.verify(user, RecoveryTestKit.ID, MfaInput.code(codes.get(1)), MfaSession.of("b")).status())
                .isEqualTo(Status.ACCEPTED);
        assertThat(kinds()).containsExactly(Kind.RECOVERY_CODE_USED, Kind.RECOVERY_CODES_LOW);
        assertThat(received.get(1).details()).containsEntry(SecurityNotification.DETAIL_REMAINING, "8");
        assertThat(received.toString()).doesNotContain(codes.get(0), codes.get(1), codes.get(2));
    }
}
