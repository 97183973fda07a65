package org.mfa4j.provider.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/** The SMS factor through {@link Mfa}, with the real Twilio SDK posting to {@link FakeTwilio}. */
class SmsProviderTest {

    private static final String P = SmsProviderFactory.ID;

    @RegisterExtension
    final FakeTwilio twilio = new FakeTwilio();
    @RegisterExtension
    final LogLines logs = new LogLines();

    private final MutableClock clock = MutableClock.startingAt2026();
    private final RecordingListener events = new RecordingListener();
    private final MfaUser user = MfaUser.builder("jane").phoneNumber(Fixtures.TO).build();

    private Mfa mfa(String... settings) {
        return Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom())).clock(clock)
                .listener(events).lockout(LockoutPolicy.builder().maxFailures(5).build())
                .provider(new SmsProviderFactory()).configure(P, SmsProviderContractTest.twilioSettings(settings))
                .service(HttpRoutePlanner.class, twilio.routes()).build();
    }

    private String lastCode() {
        return SmsProviderContractTest.lastCode(twilio);
    }

    private Change setup(Mfa mfa, MfaUser u, String phone) {
        return mfa.setup(u, P, MfaInput.of(Map.of("phone", phone)), MfaSession.of("enrol-" + u.id()));
    }

    private MfaUser enrol(Mfa mfa, String id, String phone) {
        MfaUser u = MfaUser.of(id);
        assertThat(setup(mfa, u, phone).status()).isEqualTo(ChangeStatus.DONE);
        assertThat(mfa.activate(u, P, MfaInput.code(lastCode()), MfaSession.of("enrol-" + id)).status())
                .isEqualTo(Status.ACCEPTED);
        return u;
    }

    private Result verify(Mfa mfa, MfaUser u, String session, String code) {
        return mfa.verify(u, P, MfaInput.code(code), MfaSession.of(session));
    }

    @Test
    void aTextIsOnePostWithToFromAndTheCodeInTheBodyAndShowsTheNumberMaskedEverywhere() {
        Mfa mfa = mfa();
        Change c = mfa.setup(user, P, MfaInput.empty(), MfaSession.of("enrol"));
        assertThat(c.view().orElseThrow().get("sentTo")).contains(Fixtures.TO_MASKED);
        assertThat(mfa.activate(user, P, MfaInput.code(lastCode()), MfaSession.of("enrol")).status())
                .isEqualTo(Status.ACCEPTED);
        Prompt p = mfa.prompt(user, P, MfaSession.of("login"));
        String code = lastCode();
        assertThat(twilio.posts()).isEqualTo(2);
        FakeTwilio.Recorded r = twilio.requests().get(1);
        assertThat(r.form()).containsEntry("To", Fixtures.TO).containsEntry("From", Fixtures.FROM);
        assertThat(r.form().get("Body")).startsWith(code + " is your ACME code");
        assertThat(r.authorization()).isEqualTo(FakeTwilio.basic(Fixtures.ACCOUNT_SID, Fixtures.AUTH_TOKEN));
        assertThat(p.view().get("sentTo")).contains(Fixtures.TO_MASKED);
        assertThat(verify(mfa, user, "login", code).status()).isEqualTo(Status.ACCEPTED);
        String shown = c + " " + p + " " + mfa.overview(user) + " " + events.events();
        assertThat(shown).doesNotContain(Fixtures.TO).doesNotContain(code);
        logs.assertNoneContains(List.of(Fixtures.TO, Fixtures.AUTH_TOKEN, code));
    }

    @Test
    void aMessagingServiceIsNamedInsteadOfFromAndGermanIsGerman() {
        Mfa mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
                .provider(new SmsProviderFactory()).configure(P, Map.of("account-sid", Fixtures.ACCOUNT_SID,
                        "auth-token", Fixtures.AUTH_TOKEN, "messaging-service-sid", Fixtures.MESSAGING_SERVICE,
                        "countries", "1"))
                .service(HttpRoutePlanner.class, twilio.routes()).build();
        mfa.setup(user, P, MfaInput.of(Map.of("locale", "de")), MfaSession.of("enrol"));
        assertThat(twilio.forms(FakeTwilio.MESSAGES)).singleElement().satisfies(f -> {
            assertThat(f).containsEntry("MessagingServiceSid", Fixtures.MESSAGING_SERVICE).doesNotContainKey("From");
            assertThat(f.get("Body")).contains("ist Ihr Code für mfa4j");
        });
    }

    @Test
    void numbersAreCheckedWithLibphonenumberAndTheCountryListAndRefusalsDoNotQuoteThem() {
        Mfa mfa = mfa("countries", "1");
        for (String bad : List.of("+4915112345678", "12015550123", "+1 201 555 01x3", "+12015550")) {
            try {
                setup(mfa, MfaUser.of("u"), bad);
                throw new AssertionError("accepted");
            } catch (RuntimeException e) {
                assertThat(e).hasMessageNotContaining(bad);
            }
        }
        assertThat(twilio.posts()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"400", "401", "429", "500", "503", "timeout"})
    void everyTwilioFailureIsNotDeliveredAfterExactlyOnePostAndTheCodeIsVoid(String failure) {
        Mfa mfa = mfa();
        MfaUser u = enrol(mfa, "jane", Fixtures.TO);
        long before = twilio.posts();
        twilio.script(FakeTwilio.MESSAGES, switch (failure) {
            case "400" -> Answer.twilioError(400, 21211, "The 'To' number " + Fixtures.TO + " is not valid.");
            case "401" -> Answer.twilioError(401, 20003, "Authenticate");
            case "429" -> Answer.twilioError(429, 20429, "Too Many Requests");
            case "500" -> Answer.html(500);
            case "503" -> Answer.html(503);
            default -> Answer.silence();
        });
        Prompt p = mfa.prompt(u, P, MfaSession.of("login"));
        twilio.release();
        assertThat(p.status()).isEqualTo(Status.NOT_DELIVERED);
        assertThat(twilio.posts() - before).as("POSTs for one send").isEqualTo(1);
        assertThat(events.events(MfaEvent.DeliveryFailed.class)).hasSize(1);
        String posted = twilio.forms(FakeTwilio.MESSAGES).get(1).get("Body").substring(0, 6);
        assertThat(verify(mfa, u, "login", posted).status()).as("the unsent code is void")
                .isNotEqualTo(Status.ACCEPTED);
        logs.assertNoneContains(List.of(Fixtures.TO, Fixtures.AUTH_TOKEN, posted));
    }

    @Test
    void expirySingleUseResendAndCooldown() {
        Mfa mfa = mfa("code-lifetime", "PT2M", "resend-cooldown", "PT30S");
        MfaUser u = enrol(mfa, "jane", Fixtures.TO);
        mfa.prompt(u, P, MfaSession.of("a"));
        String old = lastCode();
        long sent = twilio.posts();
        assertThat(verify(mfa, u, "a", old.equals("000000") ? "111111" : "000000").remainingAttempts()).isEqualTo(4);
        clock.advance(Duration.ofSeconds(29));
        mfa.prompt(u, P, MfaSession.of("a"));
        assertThat(twilio.posts()).as("within the cooldown").isEqualTo(sent);
        clock.advance(Duration.ofSeconds(1));
        mfa.prompt(u, P, MfaSession.of("a"));
        String fresh = lastCode();
        assertThat(verify(mfa, u, "a", fresh.equals("000000") ? "111111" : "000000").remainingAttempts())
                .as("the resend kept the count").isEqualTo(3);
        if (!old.equals(fresh)) {
            assertThat(verify(mfa, u, "a", old).status()).isEqualTo(Status.REJECTED);
        }
        assertThat(verify(mfa, u, "a", fresh).status()).isEqualTo(Status.ACCEPTED);
        assertThat(verify(mfa, u, "a", fresh).status()).as("once").isNotEqualTo(Status.ACCEPTED);
        mfa.prompt(u, P, MfaSession.of("b"));
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        assertThat(verify(mfa, u, "b", lastCode()).status()).isEqualTo(Status.EXPIRED);
    }

    @Test
    void eachBudgetRefusesWithItsNameAndNothingIsPosted() {
        Mfa mfa = mfa("budget.per-user", "2/PT1H", "budget.per-destination", "3/PT1H", "budget.per-prefix",
                "4/PT1H", "budget.prefix-length", "8", "budget.per-country", "6/PT1H");
        MfaUser alice = enrol(mfa, "alice", "+12015550101");
        mfa.prompt(alice, P, MfaSession.of("a"));
        assertThat(mfa.prompt(alice, P, MfaSession.of("a2")).view().get("refusedBy")).contains("per-user");
        enrol(mfa, "bob", "+12015550101");
        assertThat(setup(mfa, MfaUser.of("carol"), "+12015550101").view().orElseThrow().get("refusedBy"))
                .contains("per-destination");
        enrol(mfa, "dave", "+12015550102");
        assertThat(setup(mfa, MfaUser.of("erin"), "+12015550103").view().orElseThrow().get("refusedBy"))
                .contains("per-prefix");
        enrol(mfa, "frank", "+12125550101");
        enrol(mfa, "gina", "+12125550102");
        assertThat(setup(mfa, MfaUser.of("hank"), "+13125550101").view().orElseThrow().get("refusedBy"))
                .contains("per-country");
        assertThat(setup(mfa, MfaUser.of("ivan"), "+447400123456").status()).as("another country")
                .isEqualTo(ChangeStatus.DONE);
        assertThat(events.events(MfaEvent.SendRefused.class)).extracting(MfaEvent.SendRefused::budget)
                .containsExactly("per-user", "per-destination", "per-prefix", "per-country");
        assertThat(twilio.posts()).isEqualTo(7);
        assertThat(events.events().toString()).doesNotContain("+1201555");
    }
}
