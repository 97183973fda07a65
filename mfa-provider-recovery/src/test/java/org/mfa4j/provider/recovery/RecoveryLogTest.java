package org.mfa4j.provider.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Proof;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;
import org.mfa4j.testing.logging.LogCapture;

/** No recovery code in any log line of a life cycle with use, replay, low-codes notice and regeneration. */
class RecoveryLogTest {

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @Test
    void codesStayOutOfLogs() {
        Mfa mfa = RecoveryTestKit.mfa(new InMemoryMfaStore(), MutableClock.startingAt2026(),
                new RecoveryCodesProviderFactory(), Map.of("low-threshold", "9"), new RecordingListener());
        MfaUser user = MfaUser.of("log-user");
        List<String> codes = RecoveryTestKit.enrol(mfa, user);
        Proof signedIn = mfa.verify(user, RecoveryTestKit.ID, MfaInput.code(codes.get(1)), MfaSession.of("s")).proof()
                .orElseThrow();
        mfa.verify(user, RecoveryTestKit.ID, MfaInput.code(codes.get(1)), MfaSession.of("s"));
        List<String> fresh = RecoveryTestKit.codes(mfa.update(user, RecoveryTestKit.ID, MfaInput.empty(),
                MfaSession.of("s").withProof(signedIn)).view().orElseThrow());
        mfa.verify(user, RecoveryTestKit.ID, MfaInput.code(codes.get(2)), MfaSession.of("s"));

        assertThat(logs.texts())
                .anySatisfy(m -> assertThat(m).contains("kind=low-codes"))
                .allSatisfy(m -> {
                    for (String c : codes) {
                        assertThat(m).doesNotContain(c).doesNotContain(c.replace("-", ""));
                    }
                    for (String c : fresh) {
                        assertThat(m).doesNotContain(c).doesNotContain(c.replace("-", ""));
                    }
                });
    }
}
