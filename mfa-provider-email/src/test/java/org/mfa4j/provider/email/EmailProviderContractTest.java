package org.mfa4j.provider.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.MfaInput;
import org.mfa4j.Prompt;
import org.mfa4j.View;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.testing.MfaProviderContractTest;

/** The contract kit against the e-mail provider, its messages received by GreenMail (plain SMTP on 127.0.0.1). */
class EmailProviderContractTest extends MfaProviderContractTest {

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(
            ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));

    private final Inbox inbox = new Inbox(GREEN_MAIL);

    static Map<String, String> greenMail(GreenMailExtension server) {
        return Map.of("smtp-host", "127.0.0.1", "smtp-port", Integer.toString(server.getSmtp().getPort()),
                "smtp-security", "none", "smtp-allow-plain-text", "true", "from", "no-reply@acme.example",
                "application", "ACME", "resend-cooldown", "0");
    }

    @Override
    protected MfaProviderFactory factory() {
        return new EmailProviderFactory();
    }

    @Override
    protected Map<String, String> settings() {
        return greenMail(GREEN_MAIL);
    }

    @Override
    protected MfaInput activationInput(View setupView) {
        return MfaInput.code(inbox.lastCode());
    }

    @Override
    protected MfaInput validInput(View setupView, Prompt challenge) {
        return MfaInput.code(inbox.lastCode());
    }

    @Override
    protected MfaInput wrongInput() {
        return MfaInput.code("12345x");
    }

    @Override
    protected long sideEffects() {
        return inbox.size();
    }

    @Override
    protected Set<String> publicViewKeys() {
        return Set.of("sentTo", "expiresAt", "resendAt");
    }
}
