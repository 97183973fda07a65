package org.mfa4j.provider.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mfa4j.Change;
import org.mfa4j.ChangeStatus;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.provider.sms.FakeTwilio.Answer;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.ConflictingStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/** The SMS factor in Twilio Verify mode through {@link Mfa}, with the real Twilio SDK posting to {@link FakeTwilio}. */
class VerifySmsProviderTest {

    private static final String P = SmsProviderFactory.ID;
    private static final String CODE = Fixtures.CODE;

    @RegisterExtension
    final FakeTwilio twilio = new FakeTwilio();
    @RegisterExtension
    final LogLines logs = new LogLines();

    private final MutableClock clock = MutableClock.startingAt2026();
    private final RecordingListener events = new RecordingListener();
    private final ConflictingStore store = new ConflictingStore(new InMemoryMfaStore());
    private final MfaUser user = MfaUser.builder("jane").phoneNumber(Fixtures.TO).build();

    private Mfa mfa(String... more) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("account-sid", Fixtures.ACCOUNT_SID,
                "auth-token", Fixtures.AUTH_TOKEN, "verify-service-sid", Fixtures.VERIFY_SERVICE,
                "countries", "1,44", "resend-cooldown", "0", "read-timeout", "PT2S"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        twilio.nextVerifyCode(CODE);
        return Mfa.builder().store(store).keys(SecretKeys.ephemeral(new SecureRandom())).clock(clock)
                .listener(events).lockout(LockoutPolicy.builder().maxFailures(5).build())
                .provider(new SmsProviderFactory()).configure(P, settings)
                .service(HttpRoutePlanner.class, twilio.routes()).build();
    }

    private void enrol(Mfa mfa) {
        assertThat(mfa.setup(user, P, MfaInput.empty(), MfaSession.of("enrol")).status()).isEqualTo(ChangeStatus.DONE);
        assertThat(mfa.activate(user, P, MfaInput.code(CODE), MfaSession.of("enrol")).status())
                .isEqualTo(Status.ACCEPTED);
    }

    private Result verify(Mfa mfa, String session, String code) {
        return mfa.verify(user, P, MfaInput.code(code), MfaSession.of(session));
    }

    private long posts(String endpoint) {
        return twilio.requests().stream().filter(r -> r.endpoint().equals(endpoint)).count();
    }

    @Test
    void enrolmentAndSignInAreOneVerificationAndOneCheckEachAndShowTheNumberMasked() {
        Mfa mfa = mfa();
        Change c = mfa.setup(user, P, MfaInput.empty(), MfaSession.of("enrol"));
        assertThat(c.view().orElseThrow().get("sentTo")).contains(Fixtures.TO_MASKED);
        assertThat(twilio.forms(FakeTwilio.VERIFICATIONS)).singleElement()
                .isEqualTo(Map.of("To", Fixtures.TO, "Channel", "sms"));
        assertThat(mfa.activate(user, P, MfaInput.code(CODE), MfaSession.of("enrol")).status())
                .isEqualTo(Status.ACCEPTED);
        assertThat(twilio.forms(FakeTwilio.CHECKS)).singleElement().isEqualTo(Map.of("To", Fixtures.TO, "Code", CODE));

        Prompt p = mfa.prompt(user, P, MfaSession.of("login"));
        assertThat(p.status()).isEqualTo(Status.ACCEPTED);
        assertThat(p.view().get("sentTo")).contains(Fixtures.TO_MASKED);
        assertThat(p.instructions()).hasValueSatisfying(i -> assertThat(i).contains(Fixtures.TO_MASKED));
        assertThat(posts(FakeTwilio.VERIFICATIONS)).isEqualTo(2);
        Result r = verify(mfa, "login", "864 209");
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(posts(FakeTwilio.CHECKS)).isEqualTo(2);
        assertThat(twilio.requests()).allSatisfy(req -> assertThat(req.authorization())
                .isEqualTo(FakeTwilio.basic(Fixtures.ACCOUNT_SID, Fixtures.AUTH_TOKEN)));

        assertThat(verify(mfa, "login", CODE).status()).as("used once").isNotEqualTo(Status.ACCEPTED);
        assertThat(posts(FakeTwilio.CHECKS)).as("no check without a pending verification").isEqualTo(2);
        String shown = c + " " + p + " " + r + " " + mfa.overview(user) + " " + events.events();
        assertThat(shown).doesNotContain(Fixtures.TO).doesNotContain(CODE);
        logs.assertNoneContains(Fixtures.secrets());
    }

    @Test
    void theLanguageGivenAtSetupGoesToVerifyAsItsLocaleAtEnrolmentAndSignIn() {
        Mfa mfa = mfa();
        assertThat(mfa.setup(user, P, MfaInput.of(Map.of("locale", "de-CH")), MfaSession.of("enrol")).status())
                .isEqualTo(ChangeStatus.DONE);
        assertThat(mfa.activate(user, P, MfaInput.code(CODE), MfaSession.of("enrol")).status())
                .isEqualTo(Status.ACCEPTED);
        mfa.prompt(user, P, MfaSession.of("login"));
        assertThat(twilio.forms(FakeTwilio.VERIFICATIONS)).hasSize(2)
                .allSatisfy(f -> assertThat(f).isEqualTo(Map.of("To", Fixtures.TO, "Channel", "sms", "Locale", "de")));
    }

    @Test
    void theLocaleSettingStandsInMappedToVerifysTagAndAnUnsupportedLanguageSendsNone() {
        enrol(mfa("locale", "en-GB"));
        assertThat(twilio.forms(FakeTwilio.VERIFICATIONS)).singleElement()
                .satisfies(f -> assertThat(f).containsEntry("Locale", "en-GB"));

        MfaUser other = MfaUser.builder("erik").phoneNumber(Fixtures.TO).build();
        Mfa mfa = mfa("locale", "en-GB");
        assertThat(mfa.setup(other, P, MfaInput.of(Map.of("locale", "zh-TW")), MfaSession.of("enrol")).status())
                .isEqualTo(ChangeStatus.DONE);
        assertThat(twilio.forms(FakeTwilio.VERIFICATIONS)).hasSize(2).last()
                .satisfies(f -> assertThat(f).isEqualTo(Map.of("To", Fixtures.TO, "Channel", "sms")));
    }

    @Test
    void pendingIsAWrongCodeThatCountsAndTheRightCodeStillWorks() {
        Mfa mfa = mfa();
        enrol(mfa);
        mfa.prompt(user, P, MfaSession.of("login"));
        Result wrong = verify(mfa, "login", "000000");
        assertThat(wrong.status()).isEqualTo(Status.REJECTED);
        assertThat(wrong.reason()).hasValue(FailureReason.WRONG_CODE);
        assertThat(wrong.remainingAttempts()).isEqualTo(4);
        assertThat(verify(mfa, "login", CODE).status()).isEqualTo(Status.ACCEPTED);
        assertThat(posts(FakeTwilio.CHECKS)).isEqualTo(3);
    }

    @Test
    void aVerificationTwilioNoLongerHasIsExpiredAndLaterAnswersAskNothing() {
        Mfa mfa = mfa();
        enrol(mfa);
        mfa.prompt(user, P, MfaSession.of("login"));
        twilio.script(FakeTwilio.CHECKS, Answer.twilioError(404, 20404, "The requested resource was not found"));
        Result r = verify(mfa, "login", CODE);
        assertThat(r.status()).isEqualTo(Status.EXPIRED);
        assertThat(verify(mfa, "login", CODE).reason()).hasValue(FailureReason.NO_CHALLENGE);
        assertThat(posts(FakeTwilio.CHECKS)).isEqualTo(2);
    }

    @Test
    void afterTheLifetimeAndForAMalformedAnswerTwilioIsNotAsked() {
        Mfa mfa = mfa("code-lifetime", "PT2M");
        enrol(mfa);
        mfa.prompt(user, P, MfaSession.of("login"));
        assertThat(verify(mfa, "login", "12a456").reason()).hasValue(FailureReason.MALFORMED_INPUT);
        assertThat(verify(mfa, "login", "123").reason()).hasValue(FailureReason.MALFORMED_INPUT);
        clock.advance(Duration.ofMinutes(2));
        assertThat(verify(mfa, "login", CODE).status()).isEqualTo(Status.EXPIRED);
        assertThat(posts(FakeTwilio.CHECKS)).as("only the enrolment's").isEqualTo(1);
    }

    @Test
    void aCheckThatGetsNoAnswerFailsClosedAfterOnePost() {
        Mfa mfa = mfa();
        enrol(mfa);
        mfa.prompt(user, P, MfaSession.of("login"));
        twilio.script(FakeTwilio.CHECKS, Answer.html(503));
        Result r = verify(mfa, "login", CODE);
        assertThat(r.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(posts(FakeTwilio.CHECKS)).isEqualTo(2);
        twilio.script(FakeTwilio.CHECKS, Answer.twilioError(429, 60202, "Max check attempts reached"));
        assertThat(verify(mfa, "login", CODE).reason()).hasValue(FailureReason.DENIED);
    }

    @Test
    void aVerifyStartTwilioRefusesIsNotDeliveredAfterOnePost() {
        Mfa mfa = mfa();
        enrol(mfa);
        twilio.script(FakeTwilio.VERIFICATIONS, Answer.twilioError(400, 60200, "Invalid parameter"));
        assertThat(mfa.prompt(user, P, MfaSession.of("login")).status()).isEqualTo(Status.NOT_DELIVERED);
        assertThat(posts(FakeTwilio.VERIFICATIONS)).isEqualTo(2);
        assertThat(events.events(MfaEvent.DeliveryFailed.class)).hasSize(1);
        assertThat(verify(mfa, "login", CODE).reason()).hasValue(FailureReason.NO_CHALLENGE);
        assertThat(posts(FakeTwilio.CHECKS)).isEqualTo(1);
    }

    @Test
    void conflictingWritesReRunTheDecisionNeverTheSendOrTheCheck() {
        Mfa mfa = mfa();
        store.conflictOnNextWrite();
        mfa.setup(user, P, MfaInput.empty(), MfaSession.of("enrol"));
        store.conflictOnNextWrite();
        assertThat(mfa.activate(user, P, MfaInput.code(CODE), MfaSession.of("enrol")).status())
                .isEqualTo(Status.ACCEPTED);
        store.conflictOnNextWrite();
        mfa.prompt(user, P, MfaSession.of("login"));
        store.conflictOnNextWrite();
        assertThat(verify(mfa, "login", CODE).status()).isEqualTo(Status.ACCEPTED);

        assertThat(store.conflictsInjected()).isEqualTo(4);
        assertThat(posts(FakeTwilio.VERIFICATIONS)).as("one POST per send").isEqualTo(2);
        assertThat(posts(FakeTwilio.CHECKS)).as("one check per answer").isEqualTo(2);
    }

    @Test
    void theBudgetsRefuseBeforeTwilioIsAsked() {
        Mfa mfa = mfa("budget.per-user", "2/PT1H", "budget.per-destination", "3/PT1H");
        enrol(mfa);
        assertThat(mfa.prompt(user, P, MfaSession.of("a")).status()).isEqualTo(Status.ACCEPTED);
        Prompt refused = mfa.prompt(user, P, MfaSession.of("b"));
        assertThat(refused.status()).isEqualTo(Status.THROTTLED);
        assertThat(refused.view().get("refusedBy")).contains("per-user");
        MfaUser bob = MfaUser.builder("bob").phoneNumber(Fixtures.TO).build();
        mfa.setup(bob, P, MfaInput.empty(), MfaSession.of("bob"));
        assertThat(mfa.setup(MfaUser.builder("carol").phoneNumber(Fixtures.TO).build(), P, MfaInput.empty(),
                MfaSession.of("carol")).view().orElseThrow().get("refusedBy")).contains("per-destination");
        assertThat(events.events(MfaEvent.SendRefused.class)).extracting(MfaEvent.SendRefused::budget)
                .containsExactly("per-user", "per-destination");
        assertThat(posts(FakeTwilio.VERIFICATIONS)).isEqualTo(3);
        assertThat(verify(mfa, "b", CODE).reason()).as("the refused send left nothing to answer")
                .hasValue(FailureReason.NO_CHALLENGE);
        assertThat(events.events().toString()).doesNotContain(Fixtures.TO);
    }

    @Test
    void settingsThatVerifyDoesNotUseAreRefused() {
        for (String setting : List.of("code-digits", "application")) {
            try {
                mfa(setting, setting.equals("application") ? "ACME" : "8");
                throw new AssertionError(setting + " accepted");
            } catch (org.mfa4j.MfaConfigurationException e) {
                assertThat(e).hasMessageContaining(setting).hasMessageContaining("Verify");
            }
        }
    }
}
