package org.mfa4j.provider.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfa4j.provider.sms.Fixtures.ACCOUNT_SID;
import static org.mfa4j.provider.sms.Fixtures.API_KEY;
import static org.mfa4j.provider.sms.Fixtures.API_SECRET;
import static org.mfa4j.provider.sms.Fixtures.AUTH_TOKEN;
import static org.mfa4j.provider.sms.Fixtures.FROM;
import static org.mfa4j.provider.sms.Fixtures.MESSAGING_SERVICE;
import static org.mfa4j.provider.sms.Fixtures.VERIFY_SERVICE;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSettingsTest {

    private static TwilioSettings.Builder token() {
        return TwilioSettings.builder().accountSid(ACCOUNT_SID).authToken(AUTH_TOKEN.toCharArray());
    }

    @Test
    void theDefaultsAreShortTimeoutsAndTheModeFollowsTheSenderChosen() {
        TwilioSettings s = token().messagingFrom(FROM).build();

        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.mode()).isEqualTo(TwilioSettings.Mode.MESSAGING);
        assertThat(s.from()).hasValue(FROM);
        assertThat(token().messagingService(MESSAGING_SERVICE).build().mode()).isEqualTo(TwilioSettings.Mode.MESSAGING);
        assertThat(token().verifyService(VERIFY_SERVICE).build().mode()).isEqualTo(TwilioSettings.Mode.VERIFY);
    }

    @Test
    void exactlyOneSenderIsChosen() {
        assertThatThrownBy(() -> token().build()).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> token().messagingFrom(FROM).verifyService(VERIFY_SERVICE).build())
                .hasMessageContaining("exactly one");
    }

    @Test
    void theAuthTokenAuthenticatesAsTheAccountAndAnApiKeyAsItself() {
        TwilioSettings byToken = token().messagingFrom(FROM).build();
        TwilioSettings byKey = TwilioSettings.builder().accountSid(ACCOUNT_SID)
                .apiKey(API_KEY, API_SECRET.toCharArray()).messagingFrom(FROM).build();

        assertThat(byToken.username()).isEqualTo(ACCOUNT_SID);
        assertThat(byToken.password()).isEqualTo(AUTH_TOKEN);
        assertThat(byKey.username()).isEqualTo(API_KEY);
        assertThat(byKey.password()).isEqualTo(API_SECRET);
        assertThat(byKey.apiKey()).hasValue(API_KEY);
        assertThatThrownBy(() -> token().apiKey(API_KEY, API_SECRET.toCharArray()).messagingFrom(FROM).build())
                .hasMessageContaining("not both");
    }

    @Test
    void credentialsComeFromTheEnvironmentOnlyWhenAskedAndExplicitValuesWin() {
        Map<String, String> env = Map.of(TwilioSettings.ENV_ACCOUNT_SID, ACCOUNT_SID,
                TwilioSettings.ENV_AUTH_TOKEN, AUTH_TOKEN);

        TwilioSettings fromEnv = TwilioSettings.builder().fromEnvironment(env::get).messagingFrom(FROM).build();
        assertThat(fromEnv.accountSid()).isEqualTo(ACCOUNT_SID);
        assertThat(fromEnv.password()).isEqualTo(AUTH_TOKEN);

        TwilioSettings explicit = TwilioSettings.builder().fromEnvironment(env::get)
                .authToken("explicit-token".toCharArray()).messagingFrom(FROM).build();
        assertThat(explicit.password()).isEqualTo("explicit-token");

        assertThatThrownBy(() -> TwilioSettings.builder().messagingFrom(FROM).build())
                .hasMessageContaining(TwilioSettings.ENV_ACCOUNT_SID);
    }

    @Test
    void anApiKeyFromTheEnvironmentNeedsItsSecretAndExcludesTheToken() {
        Map<String, String> key = Map.of(TwilioSettings.ENV_ACCOUNT_SID, ACCOUNT_SID,
                TwilioSettings.ENV_API_KEY, API_KEY, TwilioSettings.ENV_API_SECRET, API_SECRET);
        assertThat(TwilioSettings.builder().fromEnvironment(key::get).messagingFrom(FROM).build().username())
                .isEqualTo(API_KEY);

        assertThatThrownBy(() -> TwilioSettings.builder().fromEnvironment(Map.of(
                TwilioSettings.ENV_ACCOUNT_SID, ACCOUNT_SID, TwilioSettings.ENV_API_KEY, API_KEY)::get)
                .messagingFrom(FROM).build()).hasMessageContaining(TwilioSettings.ENV_API_SECRET);
        assertThatThrownBy(() -> TwilioSettings.builder().fromEnvironment(Map.of(
                TwilioSettings.ENV_ACCOUNT_SID, ACCOUNT_SID, TwilioSettings.ENV_API_KEY, API_KEY,
                TwilioSettings.ENV_API_SECRET, API_SECRET, TwilioSettings.ENV_AUTH_TOKEN, AUTH_TOKEN)::get)
                .messagingFrom(FROM).build()).hasMessageContaining("not both");
    }

    @Test
    void errorsNameTheSettingOrVariableButNeverTheValue() {
        String badSid = "AC-not-a-sid-but-maybe-a-secret";
        assertThatThrownBy(() -> TwilioSettings.builder().accountSid(badSid))
                .hasMessageContaining("accountSid").hasMessageNotContaining(badSid);
        assertThatThrownBy(() -> TwilioSettings.builder()
                .fromEnvironment(Map.of(TwilioSettings.ENV_ACCOUNT_SID, badSid)::get).messagingFrom(FROM).build())
                .hasMessageContaining(TwilioSettings.ENV_ACCOUNT_SID).hasMessageNotContaining(badSid);
        assertThatThrownBy(() -> token().messagingFrom("+1 201 555 0100")).hasMessageContaining("E.164");
        assertThatThrownBy(() -> token().verifyService("MG" + "0".repeat(32))).hasMessageContaining("verifyService");
        assertThatThrownBy(() -> token().readTimeout(Duration.ZERO)).hasMessageContaining("readTimeout");
        assertThatThrownBy(() -> token().authToken(new char[0])).hasMessageContaining("authToken");
    }

    @Test
    void toStringNamesTheAccountKeyAndModeButNeverTheTokenSecretOrFullSender() {
        String byToken = token().messagingFrom(FROM).build().toString();
        String byKey = TwilioSettings.builder().accountSid(ACCOUNT_SID).apiKey(API_KEY, API_SECRET.toCharArray())
                .verifyService(VERIFY_SERVICE).build().toString();

        assertThat(byToken).contains(ACCOUNT_SID, "auth token", "MESSAGING", "+1 *** *** 0100")
                .doesNotContain(AUTH_TOKEN, FROM);
        assertThat(byKey).contains(API_KEY, "VERIFY", VERIFY_SERVICE).doesNotContain(API_SECRET);
    }

    @Test
    void theTokenIsCopiedSoTheCallerMayWipeItsArray() {
        char[] t = AUTH_TOKEN.toCharArray();
        TwilioSettings s = TwilioSettings.builder().accountSid(ACCOUNT_SID).authToken(t).messagingFrom(FROM).build();
        java.util.Arrays.fill(t, '\0');

        assertThat(s.password()).isEqualTo(AUTH_TOKEN);
    }
}
