package org.mfa4j.provider.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.View;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;
import org.mfa4j.testing.logging.LogCapture;

/** No secret, URI or code in any log line, event or result text of a whole TOTP life cycle. */
class TotpLogTest {

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @Test
    void secretsAndCodesStayOutOfLogsAndEvents() {
        MutableClock clock = MutableClock.startingAt2026();
        RecordingListener events = new RecordingListener();
        Mfa mfa = TotpTestKit.mfa(clock, new TotpProviderFactory(), Map.of(), events);
        MfaUser user = MfaUser.of("log-user");
        View view = mfa.setup(user, TotpProviderFactory.ID, MfaSession.of("s")).view().orElseThrow();
        String secret = view.require(TotpProviderFactory.VIEW_SECRET);
        List<String> typed = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        String code = TotpTestKit.reference(secret, clock.instant());
        typed.add(code);
        texts.add(mfa.activate(user, TotpProviderFactory.ID, MfaInput.code(code), MfaSession.of("s")).toString());
        texts.add(mfa.verify(user, TotpProviderFactory.ID, MfaInput.code(code), MfaSession.of("s")).toString()); // replay
        clock.advance(Duration.ofMinutes(5));
        String wrong = code.equals("123456") ? "654321" : "123456";
        typed.add(wrong);
        texts.add(mfa.verify(user, TotpProviderFactory.ID, MfaInput.code(wrong), MfaSession.of("s")).toString());
        code = TotpTestKit.reference(secret, clock.instant());
        typed.add(code);
        Result ok = mfa.verify(user, TotpProviderFactory.ID, MfaInput.code(code), MfaSession.of("s"));
        texts.add(ok.toString());
        texts.add(mfa.overview(user).toString());
        events.events().forEach(e -> texts.add(e.toString()));
        texts.addAll(logs.texts());

        assertThat(logs.messages()).as("the audit log saw the life cycle").hasSizeGreaterThanOrEqualTo(4);
        for (String t : texts) {
            assertThat(t).doesNotContain(secret).doesNotContain(view.require(TotpProviderFactory.VIEW_URI))
                    .doesNotContain(typed);
        }
    }
}
