package org.mfa4j.provider.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mfa4j.provider.sms.Fixtures.CODE;
import static org.mfa4j.provider.sms.Fixtures.TO;

import com.twilio.exception.ApiException;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfa4j.provider.sms.FakeTwilio.Answer;

/**
 * Every kind of answer Twilio (or the network) can give, for each of the three calls: the typed result, Twilio's
 * code, whether the SMS may have gone out anyway, exactly one POST on the server, and no token, code or number in
 * a result or log line (Twilio's 21211 message quotes the number).
 */
class TwilioSenderFailureTest {

    @RegisterExtension
    final LogLines logs = new LogLines();

    @RegisterExtension
    final FakeTwilio twilio = new FakeTwilio();

    /** One of the sender's three calls, with its result reduced to what the table below compares. */
    enum Call {
        SEND(FakeTwilio.MESSAGES, (sender, to) -> view(sender.send(to, "Your ACME code is " + CODE))),
        START(FakeTwilio.VERIFICATIONS, (sender, to) -> view(sender.startVerification(to, Optional.empty()))),
        CHECK(FakeTwilio.CHECKS, (sender, to) -> view(sender.checkVerification(to, CODE)));

        final String endpoint;
        final BiFunction<TwilioSender, PhoneNumber, Outcome> run;

        Call(String endpoint, BiFunction<TwilioSender, PhoneNumber, Outcome> run) {
            this.endpoint = endpoint;
            this.run = run;
        }

        TwilioSettings settings() {
            return this == SEND ? Fixtures.messaging() : Fixtures.verify();
        }
    }

    record Outcome(String status, OptionalInt code, int httpStatus, boolean mayHaveBeenAccepted, Object result) {
    }

    private static Outcome view(SmsResult r) {
        return new Outcome(r.status().name(), r.twilioCode(), r.httpStatus(), r.mayHaveBeenAccepted(), r);
    }

    private static Outcome view(CheckResult r) {
        return new Outcome(r.status().name(), r.twilioCode(), r.httpStatus(), r.mayHaveBeenAccepted(), r);
    }

    static Stream<Arguments> answers() {
        List<Arguments> all = new ArrayList<>();
        for (Call call : Call.values()) {
            all.add(Arguments.of(call, "400 invalid number",
                    Answer.twilioError(400, 21211, "The 'To' number " + TO + " is not a valid phone number."),
                    "REJECTED", 21211, 400, false));
            all.add(Arguments.of(call, "400 unsubscribed",
                    Answer.twilioError(400, 21610, "Attempt to send to unsubscribed recipient " + TO),
                    "REJECTED", 21610, 400, false));
            all.add(Arguments.of(call, "401", Answer.twilioError(401, 20003, "Authenticate"),
                    "UNAUTHORIZED", 20003, 401, false));
            all.add(Arguments.of(call, "403 blocked", Answer.twilioError(403, 60410, "Verification delivery"
                    + " attempt blocked"), "REJECTED", 60410, 403, false));
            all.add(Arguments.of(call, "429", Answer.twilioError(429, 20429, "Too Many Requests"),
                    "RATE_LIMITED", 20429, 429, false));
            all.add(Arguments.of(call, "500", Answer.twilioError(500, 20500, "Internal Server Error"),
                    "UNAVAILABLE", 20500, 500, true));
            all.add(Arguments.of(call, "503", Answer.twilioError(503, 20503, "Service Unavailable"),
                    "UNAVAILABLE", 20503, 503, false));
            all.add(Arguments.of(call, "503 from a gateway, not JSON", Answer.html(503),
                    "UNAVAILABLE", 0, 503, false));
            all.add(Arguments.of(call, "no answer within the read timeout", Answer.silence(),
                    "TIMEOUT", 0, 0, true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("answers")
    void eachAnswerIsTypedAndCostsExactlyOnePost(Call call, String what, Answer answer, String status, int code,
            int httpStatus, boolean mayHaveBeenAccepted) throws Exception {
        twilio.script(call.endpoint, answer, answer, answer, answer, answer, answer);
        Outcome outcome;
        long start = System.nanoTime();
        try (TwilioSender sender = new TwilioSender(call.settings(), twilio.routes())) {
            outcome = call.run.apply(sender, Fixtures.to());
        } finally {
            twilio.release();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcome.status()).isEqualTo(status);
        assertThat(outcome.code()).isEqualTo(code == 0 ? OptionalInt.empty() : OptionalInt.of(code));
        assertThat(outcome.httpStatus()).isEqualTo(httpStatus);
        assertThat(outcome.mayHaveBeenAccepted()).isEqualTo(mayHaveBeenAccepted);
        assertThat(twilio.posts()).as("POSTs on the server").isEqualTo(1);
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        logs.assertNoneContains(Fixtures.secrets(), outcome.result());
    }

    @Test
    void anUnreadableSuccessIsSentForASendButNeverAnApprovalForACheck() throws Exception {
        Answer garbled = new Answer(201, "application/json", "{\"sid\": ");
        twilio.script(FakeTwilio.MESSAGES, garbled);
        twilio.script(FakeTwilio.CHECKS, new Answer(200, "application/json", "{\"status\": \"approved\", "));

        SmsResult sent;
        try (TwilioSender sender = new TwilioSender(Fixtures.messaging(), twilio.routes())) {
            sent = sender.send(Fixtures.to(), "Your ACME code is " + CODE);
        }
        CheckResult checked;
        try (TwilioSender sender = new TwilioSender(Fixtures.verify(), twilio.routes())) {
            checked = sender.checkVerification(Fixtures.to(), CODE);
        }

        assertThat(sent.status()).isEqualTo(SmsResult.Status.SENT);
        assertThat(sent.sid()).isEmpty();
        assertThat(checked.status()).isEqualTo(CheckResult.Status.UNAVAILABLE);
        assertThat(checked.mayHaveBeenAccepted()).isTrue();
        assertThat(twilio.posts()).isEqualTo(2);
        logs.assertNoneContains(Fixtures.secrets(), sent, checked);
    }

    @Test
    void aServerThatIsDownIsUnavailableAndNothingCanHaveBeenSent() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HttpHost nowhere = new HttpHost("http", "127.0.0.1", closedPort);

        SmsResult result;
        try (TwilioSender sender = new TwilioSender(Fixtures.messaging(), (target, context) -> new HttpRoute(nowhere))) {
            result = sender.send(Fixtures.to(), "Your ACME code is " + CODE);
        }

        assertThat(result.status()).isEqualTo(SmsResult.Status.UNAVAILABLE);
        assertThat(result.mayHaveBeenAccepted()).isFalse();
        assertThat(result.httpStatus()).isZero();
        logs.assertNoneContains(Fixtures.secrets(), result);
    }

    /**
     * A listener whose accept queue is full (backlog 1, two connections never accepted) drops further SYNs on
     * Linux, so a connect hangs: the settings' connect timeout must end it, not the 30.5 s the SDK puts on every
     * request.
     */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void theConnectTimeoutIsTheSettingsNotTheSdks() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                try {
                    s.connect(full.getLocalSocketAddress(), 200);
                    held.add(s);
                } catch (SocketTimeoutException e) {
                    s.close();
                    break;
                }
            }
            HttpHost stuck = new HttpHost("http", "127.0.0.1", full.getLocalPort());
            long start = System.nanoTime();
            SmsResult result;
            try (TwilioSender sender = new TwilioSender(Fixtures.base().messagingFrom(Fixtures.FROM)
                    .connectTimeout(Duration.ofMillis(300)).build(), (target, context) -> new HttpRoute(stuck))) {
                result = sender.send(Fixtures.to(), "Your ACME code is " + CODE);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.status()).isEqualTo(SmsResult.Status.UNAVAILABLE);
            assertThat(result.mayHaveBeenAccepted()).isFalse();
            assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void theReadTimeoutIsTheSettingsNotTheSdksThirtySeconds() throws Exception {
        twilio.script(FakeTwilio.MESSAGES, Answer.silence());
        long start = System.nanoTime();
        SmsResult result;
        try (TwilioSender sender = new TwilioSender(Fixtures.base().messagingFrom(Fixtures.FROM)
                .readTimeout(Duration.ofMillis(250)).build(), twilio.routes())) {
            result = sender.send(Fixtures.to(), "Your ACME code is " + CODE);
        } finally {
            twilio.release();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(result.status()).isEqualTo(SmsResult.Status.TIMEOUT);
        assertThat(took).isBetween(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    /**
     * HttpClient's own retries repeat a 429 or 503 after a one-second wait, but only when the read timeout is
     * longer than the wait: hence a read timeout here that the table above does not have. Passes in milliseconds.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("retriedByHttpClient")
    void aRetryableAnswerIsNotRepeatedByTheHttpClientEither(String what, Answer answer, String status)
            throws Exception {
        twilio.script(FakeTwilio.MESSAGES, answer, answer);
        SmsResult result;
        try (TwilioSender sender = new TwilioSender(Fixtures.base().messagingFrom(Fixtures.FROM)
                .readTimeout(Duration.ofSeconds(3)).build(), twilio.routes())) {
            result = sender.send(Fixtures.to(), "Your ACME code is " + CODE);
        }

        assertThat(result.status().name()).isEqualTo(status);
        assertThat(twilio.posts()).as("POSTs on the server").isEqualTo(1);
    }

    static Stream<Arguments> retriedByHttpClient() {
        return Stream.of(
                Arguments.of("429", Answer.twilioError(429, 20429, "Too Many Requests"), "RATE_LIMITED"),
                Arguments.of("503", Answer.html(503), "UNAVAILABLE"));
    }

    /** Why {@link OneAttemptHttpClient} exists: the SDK's own loop posts a 5xx three times (three SMS). */
    @Test
    void theSdksShippedLoopWouldHavePostedThreeTimes() {
        twilio.script(FakeTwilio.MESSAGES, Answer.html(503), Answer.html(503), Answer.html(503));
        NetworkHttpClient shipped = new NetworkHttpClient(HttpClientBuilder.create()
                .setRoutePlanner(twilio.routes()).disableAutomaticRetries());
        TwilioRestClient client = new TwilioRestClient.Builder(Fixtures.ACCOUNT_SID, Fixtures.AUTH_TOKEN)
                .httpClient(shipped).build();

        assertThatThrownBy(() -> Message.creator(new com.twilio.type.PhoneNumber(TO),
                new com.twilio.type.PhoneNumber(Fixtures.FROM), "x").create(client))
                .isInstanceOf(ApiException.class);
        assertThat(twilio.posts()).isEqualTo(3);
    }
}
