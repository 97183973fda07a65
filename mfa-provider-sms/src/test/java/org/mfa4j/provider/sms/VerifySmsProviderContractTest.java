package org.mfa4j.provider.sms;

import java.util.Map;
import org.mfa4j.MfaInput;
import org.mfa4j.Prompt;
import org.mfa4j.View;

/**
 * The contract kit against the SMS provider in Twilio Verify mode, against {@link FakeTwilio}: each new verification
 * "sends" a fresh code, which the answers take from the fake.
 */
class VerifySmsProviderContractTest extends SmsProviderContractTest {

    @Override
    protected Map<String, String> settings() {
        return Map.of("account-sid", Fixtures.ACCOUNT_SID, "auth-token", Fixtures.AUTH_TOKEN,
                "verify-service-sid", Fixtures.VERIFY_SERVICE, "countries", "1", "resend-cooldown", "0",
                "read-timeout", "PT2S");
    }

    @Override
    protected MfaInput activationInput(View setupView) {
        return MfaInput.code(twilio.lastVerifyCode());
    }

    @Override
    protected MfaInput validInput(View setupView, Prompt challenge) {
        return MfaInput.code(twilio.lastVerifyCode());
    }

    /** Verifications started: the checks are answers, not side effects of a prompt. */
    @Override
    protected long sideEffects() {
        return twilio.requests().stream().filter(r -> r.endpoint().equals(FakeTwilio.VERIFICATIONS)).count();
    }
}
