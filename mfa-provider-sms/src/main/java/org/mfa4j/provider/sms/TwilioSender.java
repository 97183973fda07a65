package org.mfa4j.provider.sms;

import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.rest.verify.v2.service.Verification;
import com.twilio.rest.verify.v2.service.VerificationCheck;
import com.twilio.rest.verify.v2.service.VerificationCreator;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to Twilio for one set of {@link TwilioSettings}: sends a text (Programmable Messaging) or starts and
 * checks a verification (Verify). Each call makes exactly one POST, whatever Twilio answers, and returns a typed
 * result; nothing is retried (see {@link TwilioSettings} for why).
 *
 * <p>Its own {@link TwilioRestClient}, never the SDK's static {@code Twilio.init} global, on the SDK's
 * {@code NetworkHttpClient} over an Apache HttpClient 5 whose automatic retries are off, with the SDK's retry
 * loop removed ({@link OneAttemptHttpClient}). The timeouts are applied to every request: the SDK replaces each
 * request's configuration with its own (a 30.5 s connect timeout), so an interceptor at the head of the chain
 * puts the settings' timeouts back. TLS trust and proxies follow the JVM's system properties.
 *
 * <p>Thread-safe. Log lines and results show numbers masked ({@code +1 *** *** 2671}) and never the body, the
 * code or the credentials; Twilio's error messages are not passed on, as they quote the number. Apache
 * HttpClient's own {@code org.apache.hc.client5.http.wire} and {@code .headers} loggers at DEBUG print the
 * Authorization header and the form body: keep them off in production.
 */
final class TwilioSender implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TwilioSender.class);

    /** Twilio's limit for one message body. */
    private static final int MAX_BODY = 1600;

    private final TwilioSettings settings;
    private final OneAttemptHttpClient http;
    private final TwilioRestClient client;

    TwilioSender(TwilioSettings settings) {
        this(settings, null);
    }

    /** With {@code routes} deciding where each request goes instead of DNS and the JVM's proxy settings (tests). */
    TwilioSender(TwilioSettings settings, HttpRoutePlanner routes) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.http = new OneAttemptHttpClient(httpClient(settings, routes));
        this.client = new TwilioRestClient.Builder(settings.username(), settings.password())
                .accountSid(settings.accountSid())
                .httpClient(http)
                .build();
    }

    private static HttpClientBuilder httpClient(TwilioSettings settings, HttpRoutePlanner routes) {
        Timeout connect = Timeout.of(settings.connectTimeout());
        Timeout read = Timeout.of(settings.readTimeout());
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectionRequestTimeout(connect)
                .setResponseTimeout(read)
                .build();
        HttpClientBuilder builder = HttpClientBuilder.create()
                .useSystemProperties()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .useSystemProperties()
                        .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).setSoKeepAlive(true).build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect)
                                .setSocketTimeout(read)
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .setMaxConnPerRoute(20)
                        .setMaxConnTotal(40)
                        .build())
                .setDefaultRequestConfig(timeouts)
                .addExecInterceptorFirst("mfa4j-timeouts", (request, scope, chain) -> {
                    scope.clientContext.setRequestConfig(timeouts);
                    return chain.proceed(request, scope);
                })
                .disableAutomaticRetries()
                .disableCookieManagement();
        if (routes != null) {
            builder.setRoutePlanner(routes);
        }
        return builder;
    }

    /**
     * Sends {@code body} to {@code to} through the Messages API ({@code To}, {@code From} or
     * {@code MessagingServiceSid}, {@code Body}).
     *
     * @throws IllegalStateException when the settings are for {@link TwilioSettings.Mode#VERIFY}
     */
    SmsResult send(PhoneNumber to, String body) {
        requireMode(TwilioSettings.Mode.MESSAGING, "send a text");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
        if (body.isBlank() || body.length() > MAX_BODY) {
            throw new IllegalArgumentException("an SMS body must be 1 to " + MAX_BODY + " characters");
        }
        com.twilio.type.PhoneNumber recipient = new com.twilio.type.PhoneNumber(to.e164());
        MessageCreator creator = settings.messagingServiceSid()
                .map(service -> Message.creator(recipient, service, body))
                .orElseGet(() -> Message.creator(recipient,
                        new com.twilio.type.PhoneNumber(settings.from().orElseThrow()), body));
        SmsResult result;
        try {
            Message message = creator.create(client);
            result = SmsResult.sent(message.getSid(), http.takeLastStatus());
        } catch (TwilioException e) {
            result = failed(e);
        }
        log.debug("SMS to {}: {}", to, result);
        return result;
    }

    /**
     * Asks Verify to send a code to {@code to} by SMS ({@code To}, {@code Channel=sms}, and {@code Locale} when
     * {@code locale} has a tag, from {@link VerifyLocales}).
     *
     * @throws IllegalStateException when the settings are for {@link TwilioSettings.Mode#MESSAGING}
     */
    SmsResult startVerification(PhoneNumber to, Optional<String> locale) {
        requireMode(TwilioSettings.Mode.VERIFY, "start a verification");
        Objects.requireNonNull(to, "to");
        SmsResult result;
        try {
            VerificationCreator creator = Verification.creator(settings.verifyServiceSid().orElseThrow(), to.e164(),
                    "sms");
            locale.ifPresent(creator::setLocale);
            Verification v = creator.create(client);
            result = SmsResult.sent(v.getSid(), http.takeLastStatus());
        } catch (TwilioException e) {
            result = failed(e);
        }
        log.debug("Verify start for {}: {}", to, result);
        return result;
    }

    /**
     * Asks Verify whether {@code code} is the one it sent to {@code to} ({@code To}, {@code Code}). A remote call:
     * the caller runs it once, outside any retry loop. A code that is not 4 to 10 digits is refused without asking
     * Twilio (and without spending one of Verify's check attempts).
     *
     * @throws IllegalStateException when the settings are for {@link TwilioSettings.Mode#MESSAGING}
     */
    CheckResult checkVerification(PhoneNumber to, String code) {
        requireMode(TwilioSettings.Mode.VERIFY, "check a verification");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(code, "code");
        if (!CheckResult.wellFormed(code)) {
            CheckResult refused = CheckResult.malformed();
            log.debug("Verify check for {}: malformed code, not sent: {}", to, refused);
            return refused;
        }
        CheckResult result;
        try {
            VerificationCheck check = VerificationCheck.creator(settings.verifyServiceSid().orElseThrow())
                    .setTo(to.e164())
                    .setCode(code)
                    .create(client);
            result = CheckResult.answered(check.getStatus(), check.getValid(), http.takeLastStatus());
        } catch (TwilioException e) {
            result = CheckResult.failed(TwilioFailure.classify(e, http.takeLastStatus()));
        }
        log.debug("Verify check for {}: {}", to, result);
        return result;
    }

    /** A send or start that failed; a 2xx whose body could not be read was still accepted by Twilio. */
    private SmsResult failed(TwilioException e) {
        int status = http.takeLastStatus();
        if (status >= 200 && status < 300) {
            return SmsResult.sent(null, status);
        }
        return SmsResult.failed(TwilioFailure.classify(e, status));
    }

    private void requireMode(TwilioSettings.Mode mode, String what) {
        if (settings.mode() != mode) {
            throw new IllegalStateException("cannot " + what + " with settings for " + settings.mode()
                    + "; this needs " + mode);
        }
    }

    /** Closes the connection pool. */
    @Override
    public void close() throws IOException {
        http.close();
    }
}
