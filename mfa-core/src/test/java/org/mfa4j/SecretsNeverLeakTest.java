package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.store.VersionedDocument;
import org.mfa4j.testing.logging.LogCapture;

/**
 * A full flow with every log line captured at TRACE: no code, secret, sealed value, proof token, session
 * id, phone number or e-mail address may appear in a log line, an event, an exception message or a
 * {@code toString}.
 */
class SecretsNeverLeakTest {

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @Test
    void aFullFlowLeaksNothing() {
        Fixture f = new Fixture(b -> b.listener(e -> {
            throw new IllegalStateException("a broken listener");
        }));
        MfaUser user = MfaUser.builder("carol").email("carol.secret@example.test").phoneNumber("+4915112345678")
                .accountLabel("Carol").build();
        List<String> secrets = new ArrayList<>(List.of("carol.secret@example.test", "+4915112345678",
                "session-Xq9-secret"));
        List<Object> shown = new ArrayList<>();
        List<Throwable> thrown = new ArrayList<>();

        View setup = f.mfa.setup(user, "code", MfaSession.of("s")).view().orElseThrow();
        String code = setup.require("code");
        secrets.add(code);
        shown.add(setup);
        shown.add(f.mfa.activate(user, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("session-Xq9-secret")));
        Result activated = f.mfa.activate(user, "code", MfaInput.code(code), MfaSession.of("session-Xq9-secret"));
        secrets.add(activated.proof().orElseThrow().token());
        shown.add(activated);
        shown.add(activated.proof().orElseThrow());
        shown.add(f.mfa.setup(user, "sent", MfaSession.of("session-Xq9-secret"))); // refused: no proof
        MfaSession web = MfaSession.of("session-Xq9-secret").withProof(activated.proof().orElseThrow());
        shown.add(web);

        shown.add(f.mfa.setup(user, "sent", web));
        String pendingSent = f.sent.lastCode();
        secrets.add(pendingSent);
        Result sentActivated = f.mfa.activate(user, "sent", MfaInput.code(pendingSent), web);
        secrets.add(sentActivated.proof().orElseThrow().token());
        shown.add(sentActivated);
        web = web.withProof(sentActivated.proof().orElseThrow());
        MfaSession proven = web;
        thrown.add(catchThrowable(() -> f.mfa.setup(user, "code", proven)));
        Change regenerated = f.mfa.update(user, "code", MfaInput.empty(), web);
        String newCode = regenerated.view().orElseThrow().require("code");
        secrets.add(newCode);
        shown.add(regenerated);
        secrets.add(regenerated.proof().orElseThrow().token());
        code = newCode;
        Prompt c = f.mfa.prompt(user, "sent", MfaSession.of("session-Xq9-secret"));
        String sentCode = f.sent.lastCode();
        secrets.add(sentCode);
        shown.add(c);
        shown.add(c.view());
        shown.add(f.mfa.verify(user, "sent", MfaInput.code(wrong6(sentCode)), MfaSession.of("session-Xq9-secret")));
        Result ok = f.mfa.verify(user, "sent", MfaInput.code(sentCode), MfaSession.of("session-Xq9-secret"));
        secrets.add(ok.proof().orElseThrow().token());
        shown.add(ok);
        shown.add(MfaInput.code(sentCode));
        for (int i = 0; i < 3; i++) {
            shown.add(f.mfa.verify(user, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("session-Xq9-secret")));
        }
        f.sent.failDelivery = true;
        Prompt notSent = f.mfa.prompt(user, "sent", MfaSession.of("session-Xq9-secret"));
        assertThat(notSent.status()).isEqualTo(Status.NOT_DELIVERED);
        shown.add(notSent);
        thrown.add(catchThrowable(() -> f.mfa.setup(user, "nope\u001b", proven)));
        String typed = code;
        thrown.add(catchThrowable(() -> f.mfa.verify(user, "code", MfaInput.code(typed), MfaSession.of(""))));
        shown.add(f.mfa.overview(user));
        shown.add(f.mfa.state(user, MfaSession.of("s")));
        shown.add(user);
        VersionedDocument stored = f.store.load("carol").orElseThrow();
        shown.add(stored);
        UserDocument.of(stored.document()).providers().values().forEach(r -> r.properties().values().forEach(v -> {
            if (v instanceof String s && s.startsWith("v1.")) {
                secrets.add(s); // sealed values are secret too
            }
        }));
        f.mfa.admin().unlock("carol", "code");
        f.mfa.admin().resetAll("carol");

        List<String> texts = new ArrayList<>();
        texts.addAll(logs.texts());
        f.events.events().forEach(e -> texts.add(e.toString()));
        shown.forEach(o -> texts.add(o.toString()));
        thrown.forEach(t -> {
            assertThat(t).isNotNull();
            for (Throwable x = t; x != null; x = x.getCause()) {
                texts.add(String.valueOf(x.getMessage()));
                texts.add(x.toString());
            }
        });
        assertThat(logs.messages()).as("the audit log saw the flow")
                .anyMatch(m -> m.contains("event=verified user=carol provider=sent"));
        assertThat(f.events.events()).hasSizeGreaterThan(8);
        for (String text : texts) {
            for (String secret : secrets) {
                assertThat(text).as("leak in: %s", text).doesNotContain(secret);
            }
        }
        assertThat(user.toString()).contains("+49*********78").contains("c***@example.test");
    }

    private static String wrong6(String code) {
        return code.equals("000000") ? "111111" : "000000";
    }
}
