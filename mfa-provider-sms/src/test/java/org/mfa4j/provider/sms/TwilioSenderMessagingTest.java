package org.mfa4j.provider.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfa4j.provider.sms.Fixtures.ACCOUNT_SID;
import static org.mfa4j.provider.sms.Fixtures.API_KEY;
import static org.mfa4j.provider.sms.Fixtures.API_SECRET;
import static org.mfa4j.provider.sms.Fixtures.AUTH_TOKEN;
import static org.mfa4j.provider.sms.Fixtures.CODE;
import static org.mfa4j.provider.sms.Fixtures.FROM;
import static org.mfa4j.provider.sms.Fixtures.MESSAGING_SERVICE;
import static org.mfa4j.provider.sms.Fixtures.TO;
import static org.mfa4j.provider.sms.Fixtures.TO_MASKED;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.provider.sms.FakeTwilio.Recorded;

/** Programmable Messaging through the real SDK against {@link FakeTwilio}: what goes over the wire. */
class TwilioSenderMessagingTest {

    @RegisterExtension
    final LogLines logs = new LogLines();

    @RegisterExtension
    final FakeTwilio twilio = new FakeTwilio();

    private SmsResult send(TwilioSettings settings) throws Exception {
        try (TwilioSender sender = new TwilioSender(settings, twilio.routes())) {
            return sender.send(Fixtures.to(), "Your ACME code is " + CODE);
        }
    }

    @Test
    void aTextFromANumberIsOnePostWithToFromAndBodyAndTheAccountsBasicAuth() throws Exception {
        SmsResult result = send(Fixtures.messaging());

        assertThat(result.status()).isEqualTo(SmsResult.Status.SENT);
        assertThat(result.sid()).hasValueSatisfying(sid -> assertThat(sid).startsWith("SM"));
        assertThat(result.httpStatus()).isEqualTo(201);
        assertThat(twilio.posts()).isEqualTo(1);
        Recorded r = twilio.requests().get(0);
        assertThat(r.host()).isEqualTo("api.twilio.com");
        assertThat(r.path()).isEqualTo("/2010-04-01/Accounts/" + ACCOUNT_SID + "/Messages.json");
        assertThat(r.form()).containsExactlyInAnyOrderEntriesOf(Map.of("To", TO, "From", FROM,
                "Body", "Your ACME code is " + CODE));
        assertThat(r.authorization()).isEqualTo(FakeTwilio.basic(ACCOUNT_SID, AUTH_TOKEN));
        assertThat(logs.all()).anyMatch(l -> l.contains("SMS to " + TO_MASKED) && l.contains("SENT"));
        logs.assertNoneContains(Fixtures.secrets(), result);
    }

    @Test
    void aTextThroughAMessagingServiceNamesTheServiceAndNoFrom() throws Exception {
        SmsResult result = send(Fixtures.base().messagingService(MESSAGING_SERVICE).build());

        assertThat(result.status()).isEqualTo(SmsResult.Status.SENT);
        assertThat(twilio.posts()).isEqualTo(1);
        assertThat(twilio.forms(FakeTwilio.MESSAGES)).singleElement().satisfies(form -> {
            assertThat(form).containsEntry("MessagingServiceSid", MESSAGING_SERVICE).doesNotContainKey("From");
            assertThat(form).containsEntry("To", TO).containsEntry("Body", "Your ACME code is " + CODE);
        });
    }

    @Test
    void anApiKeyAuthenticatesWithItsSecretOnTheAccountsPath() throws Exception {
        SmsResult result = send(TwilioSettings.builder().accountSid(ACCOUNT_SID)
                .apiKey(API_KEY, API_SECRET.toCharArray()).messagingFrom(FROM).build());

        assertThat(result.status()).isEqualTo(SmsResult.Status.SENT);
        Recorded r = twilio.requests().get(0);
        assertThat(r.authorization()).isEqualTo(FakeTwilio.basic(API_KEY, API_SECRET));
        assertThat(r.path()).contains("/Accounts/" + ACCOUNT_SID + "/");
        logs.assertNoneContains(Fixtures.secrets(), result);
    }

    @Test
    void verifySettingsCannotSendATextAndNothingIsPosted() throws Exception {
        try (TwilioSender sender = new TwilioSender(Fixtures.verify(), twilio.routes())) {
            assertThatThrownBy(() -> sender.send(Fixtures.to(), "x"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("MESSAGING");
        }
        assertThat(twilio.posts()).isZero();
    }

    @Test
    void anEmptyOrOverlongBodyIsAProgrammingErrorAndNothingIsPosted() throws Exception {
        try (TwilioSender sender = new TwilioSender(Fixtures.messaging(), twilio.routes())) {
            assertThatThrownBy(() -> sender.send(Fixtures.to(), " ")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> sender.send(Fixtures.to(), "x".repeat(1601)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(twilio.posts()).isZero();
    }
}
