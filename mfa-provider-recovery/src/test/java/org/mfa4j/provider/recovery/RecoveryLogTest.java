package org.mfa4j.provider.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.spi.MfaInput;
import org.mfa4j.spi.MfaUser;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;
import org.slf4j.LoggerFactory;

/** No recovery code in any log line of a life cycle with use, replay, low-codes notice and regeneration. */
class RecoveryLogTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void release() {
        root.detachAppender(logs);
    }

    @Test
    void codesStayOutOfLogs() {
        Mfa mfa = RecoveryTestKit.mfa(new InMemoryMfaStore(), MutableClock.startingAt2026(),
                new RecoveryCodesProviderFactory(), Map.of("low-threshold", "9"), new RecordingListener());
        MfaUser user = MfaUser.of("log-user");
        List<String> codes = RecoveryTestKit.enrol(mfa, user);
        mfa.verify(user, RecoveryTestKit.ID, MfaInput.code(codes.get(1)), "s");
        mfa.verify(user, RecoveryTestKit.ID, MfaInput.code(codes.get(1)), "s");
        List<String> fresh = RecoveryTestKit.codes(mfa.update(user, RecoveryTestKit.ID, MfaInput.empty()));
        mfa.verify(user, RecoveryTestKit.ID, MfaInput.code(codes.get(2)), "s");

        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
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
