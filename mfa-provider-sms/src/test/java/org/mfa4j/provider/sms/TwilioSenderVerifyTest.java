package org.mfa4j.provider.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfa4j.provider.sms.Fixtures.ACCOUNT_SID;
import static org.mfa4j.provider.sms.Fixtures.AUTH_TOKEN;
import static org.mfa4j.provider.sms.Fixtures.CODE;
import static org.mfa4j.provider.sms.Fixtures.TO;
import static org.mfa4j.provider.sms.Fixtures.VERIFY_SERVICE;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.provider.sms.FakeTwilio.Recorded;

/** Twilio Verify through the real SDK against {@link FakeTwilio}: start, then check, one POST each. */
class TwilioSenderVerifyTest {

    @RegisterExtension
    final LogLines logs = new LogLines();

    @RegisterExtension
    final FakeTwilio twilio = new FakeTwilio();

    private TwilioSender sender;

    @BeforeEach
    void start() {
        twilio.nextVerifyCode(CODE);
        sender = new TwilioSender(Fixtures.verify(), twilio.routes());
    }

    @AfterEach
    void stop() throws Exception {
        sender.close();
    }

    @Test
    void startingAVerificationPostsToAndChannelSmsToTheVerifyService() {
        SmsResult result = sender.startVerification(Fixtures.to(), Optional.empty());

        assertThat(result.status()).isEqualTo(SmsResult.Status.SENT);
        assertThat(result.sid()).hasValueSatisfying(sid -> assertThat(sid).startsWith("VE"));
        assertThat(twilio.posts()).isEqualTo(1);
        Recorded r = twilio.requests().get(0);
        assertThat(r.host()).isEqualTo("verify.twilio.com");
        assertThat(r.path()).isEqualTo("/v2/Services/" + VERIFY_SERVICE + "/Verifications");
        assertThat(r.form()).containsExactlyInAnyOrderEntriesOf(Map.of("To", TO, "Channel", "sms"));
        assertThat(r.authorization()).isEqualTo(FakeTwilio.basic(ACCOUNT_SID, AUTH_TOKEN));
        logs.assertNoneContains(Fixtures.secrets(), result);
    }

    @Test
    void aLocaleGoesAsTheLocaleFormField() {
        assertThat(sender.startVerification(Fixtures.to(), Optional.of("pt-BR")).status())
                .isEqualTo(SmsResult.Status.SENT);
        assertThat(twilio.requests().get(0).form())
                .containsExactlyInAnyOrderEntriesOf(Map.of("To", TO, "Channel", "sms", "Locale", "pt-BR"));
    }

    @Test
    void theRightCodeIsApprovedByOneCheck() {
        sender.startVerification(Fixtures.to(), Optional.empty());

        CheckResult result = sender.checkVerification(Fixtures.to(), CODE);

        assertThat(result.status()).isEqualTo(CheckResult.Status.APPROVED);
        assertThat(result.remoteStatus()).hasValue("approved");
        assertThat(twilio.posts()).isEqualTo(2);
        Recorded check = twilio.requests().get(1);
        assertThat(check.path()).isEqualTo("/v2/Services/" + VERIFY_SERVICE + "/VerificationCheck");
        assertThat(check.form()).containsExactlyInAnyOrderEntriesOf(Map.of("To", TO, "Code", CODE));
        logs.assertNoneContains(Fixtures.secrets(), result);
    }

    @Test
    void aWrongCodeIsARefusalNotAnException() {
        sender.startVerification(Fixtures.to(), Optional.empty());

        CheckResult result = sender.checkVerification(Fixtures.to(), "000000");

        assertThat(result.status()).isEqualTo(CheckResult.Status.REFUSED);
        assertThat(result.remoteStatus()).hasValue("pending");
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(twilio.posts()).isEqualTo(2);
        // The right code still works afterwards: the refusal was Twilio's answer, not a broken verification.
        assertThat(sender.checkVerification(Fixtures.to(), CODE).status()).isEqualTo(CheckResult.Status.APPROVED);
    }

    @Test
    void aCheckWithoutAnOpenVerificationIsNotFound() {
        CheckResult result = sender.checkVerification(Fixtures.to(), CODE);

        assertThat(result.status()).isEqualTo(CheckResult.Status.NOT_FOUND);
        assertThat(result.twilioCode()).hasValue(20404);
        assertThat(result.httpStatus()).isEqualTo(404);
        assertThat(twilio.posts()).isEqualTo(1);
        logs.assertNoneContains(Fixtures.secrets(), result);
    }

    @Test
    void aCodeThatCannotBeOneIsRefusedWithoutSpendingACheckAttempt() {
        sender.startVerification(Fixtures.to(), Optional.empty());

        assertThat(sender.checkVerification(Fixtures.to(), "12 34").status()).isEqualTo(CheckResult.Status.REFUSED);
        assertThat(sender.checkVerification(Fixtures.to(), "123").status()).isEqualTo(CheckResult.Status.REFUSED);
        assertThat(sender.checkVerification(Fixtures.to(), "12345678901").status())
                .isEqualTo(CheckResult.Status.REFUSED);
        assertThat(twilio.posts()).isEqualTo(1);
    }

    @Test
    void messagingSettingsCannotStartOrCheckAVerification() throws Exception {
        try (TwilioSender messaging = new TwilioSender(Fixtures.messaging(), twilio.routes())) {
            assertThatThrownBy(() -> messaging.startVerification(Fixtures.to(), Optional.empty()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("VERIFY");
            assertThatThrownBy(() -> messaging.checkVerification(Fixtures.to(), CODE))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(twilio.posts()).isZero();
    }
}
