package org.mfa4j.provider.sms;

import java.util.Map;
import java.util.Set;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.View;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.testing.MfaProviderContractTest;

/** The contract kit against the SMS provider, its texts posted with the real Twilio SDK to {@link FakeTwilio}. */
class SmsProviderContractTest extends MfaProviderContractTest {

    final FakeTwilio twilio = new FakeTwilio();

    static Map<String, String> twilioSettings(String... more) {
        Map<String, String> s = new java.util.HashMap<>(Map.of("account-sid", Fixtures.ACCOUNT_SID,
                "auth-token", Fixtures.AUTH_TOKEN, "from", Fixtures.FROM, "countries", "1,44,49",
                "application", "ACME", "resend-cooldown", "0", "read-timeout", "PT0.4S"));
        for (int i = 0; i < more.length; i += 2) {
            s.put(more[i], more[i + 1]);
        }
        return s;
    }

    /** The code in the last text posted to the fake. */
    static String lastCode(FakeTwilio twilio) {
        var forms = twilio.forms(FakeTwilio.MESSAGES);
        return forms.get(forms.size() - 1).get("Body").substring(0, 6);
    }

    @Override
    protected MfaProviderFactory factory() {
        return new SmsProviderFactory();
    }

    @Override
    protected Map<String, String> settings() {
        return twilioSettings();
    }

    @Override
    protected void configure(Mfa.Builder builder) {
        builder.service(HttpRoutePlanner.class, twilio.routes());
    }

    @Override
    protected MfaUser createUser() {
        return MfaUser.builder("contract-user").phoneNumber(Fixtures.TO).build();
    }

    @Override
    protected MfaInput activationInput(View setupView) {
        return MfaInput.code(lastCode(twilio));
    }

    @Override
    protected MfaInput validInput(View setupView, Prompt challenge) {
        return MfaInput.code(lastCode(twilio));
    }

    @Override
    protected MfaInput wrongInput() {
        return MfaInput.code("12345x");
    }

    @Override
    protected long sideEffects() {
        return twilio.posts();
    }

    @Override
    protected Set<String> publicViewKeys() {
        return Set.of("sentTo", "expiresAt", "resendAt");
    }

    @Override
    protected void tearDownPeers() {
        twilio.close();
    }
}
