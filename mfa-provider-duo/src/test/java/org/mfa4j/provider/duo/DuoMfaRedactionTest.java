package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.View;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.provider.duo.DuoPeer.Callback;
import org.mfa4j.provider.duo.FakeDuo.HealthAnswer;
import org.mfa4j.testing.logging.LogCapture;

/**
 * Through {@code Mfa}, over a success and each kind of refusal: no client secret, state, code or URL in a
 * result, a prompt's {@code toString}, an event (with its details and attributes), an exception message or a
 * log line; and no caller input echoed.
 */
@DuoPeerTest
class DuoMfaRedactionTest {

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    private final MfaUser alice = MfaUser.of("alice");
    private final List<String> secrets = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    private Callback follow(DuoMfa t, View view) {
        String url = view.require(DuoProviderFactory.VIEW_URL);
        Callback callback = url.startsWith(DuoPeer.REDIRECT_URI) ? t.peer.browseLocal(URI.create(url))
                : t.follow(view);
        secrets.add(url);
        secrets.add(URI.create(url).getRawQuery());
        secrets.add(callback.state());
        if (callback.code() != null) {
            secrets.add(callback.code());
        }
        return callback;
    }

    private void signIn(DuoMfa t, String session, Runnable before) {
        Prompt prompt = t.prompt(alice, session);
        texts.add(prompt.toString());
        Callback callback = follow(t, prompt.view());
        before.run();
        texts.add(t.verify(alice, callback, session).toString());
    }

    private void answerTwice(DuoMfa t, String session, MfaInput input) {
        texts.add(t.verify(alice, input, session).toString());
        texts.add(t.verify(alice, input, session).toString());
    }

    @Test
    void noSecretInAnyText() {
        DuoMfa t = new DuoMfa(Map.of("fail-mode", "open"),
                b -> b.lockout(LockoutPolicy.builder().maxFailures(20).build()));
        secrets.add(t.peer.clientSecret);
        MfaSession enrol = MfaSession.of("enrol");
        View setup = t.mfa.setup(alice, DuoProviderFactory.ID, enrol).view().orElseThrow();
        texts.add(t.mfa.activate(alice, DuoProviderFactory.ID, DuoMfa.input(follow(t, setup)), enrol).toString());

        signIn(t, "ok", () -> { });
        signIn(t, "deny", () -> t.peer.duo.idToken = c -> {
            c.put("auth_result", Map.of("result", "deny", "status", "deny", "status_msg", "Login denied"));
            return c;
        });
        signIn(t, "other-user", () -> t.peer.duo.idToken = c -> {
            c.put("preferred_username", "mallory");
            return c;
        });
        signIn(t, "forged", () -> t.peer.duo.tokenKey = DuoPeer.alphanumerics(40).getBytes());
        signIn(t, "dropped", () -> t.peer.duo.dropToken = true);
        t.peer.reset();
        t.peer.duo.health = HealthAnswer.STAT_FAIL;
        signIn(t, "fail-open", () -> { });
        answerTwice(t, "echo", MfaInput.of(Map.of("state", "<b>not-a-state</b>", "duo_code", "<b>x</b>")));
        answerTwice(t, "echo", MfaInput.of(Map.of("state", "A".repeat(43), "error", "<b>echo me</b>")));
        for (MfaEvent e : t.events.events()) {
            texts.add(e.toString());
            if (e instanceof MfaEvent.Notice n) {
                texts.addAll(n.attributes().values());
            } else if (e instanceof MfaEvent.Verified v) {
                texts.addAll(v.details().values());
            }
        }
        texts.addAll(logs.texts());

        assertThat(t.notices(DuoProviderFactory.NOTICE_FAIL_OPEN)).isEqualTo(1);
        assertThat(t.notices(DuoProviderFactory.NOTICE_BAD_TOKEN)).isEqualTo(2);
        assertThat(t.notices(DuoProviderFactory.NOTICE_UNREACHABLE)).isEqualTo(1);
        assertThat(secrets).hasSizeGreaterThan(20);
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
            assertThat(text).doesNotContain(t.peer.clientSecret.substring(0, 12), "<b>", "echo me", "request=");
        }
    }
}
