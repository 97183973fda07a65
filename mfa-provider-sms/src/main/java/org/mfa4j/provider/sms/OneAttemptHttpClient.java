package org.mfa4j.provider.sms;

import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The Twilio SDK's HTTP client with its retry loop taken out: {@code reliableRequest} makes exactly one request.
 * The shipped loop repeats any 5xx answer up to three times (a repeated POST is a repeated SMS) and keeps the last
 * request and response, with the code and the number, in fields. The HTTP client underneath must have its own
 * retries off too ({@link HttpClientBuilder#disableAutomaticRetries()}).
 *
 * <p>The SDK reports failures by exception without the HTTP status (its {@code ApiException} carries the
 * {@code status} field of the JSON body, absent from a gateway's HTML page), so the status of the calling
 * thread's last answer is kept here for the sender to read once.
 */
final class OneAttemptHttpClient extends NetworkHttpClient implements AutoCloseable {

    private final ThreadLocal<Integer> lastStatus = new ThreadLocal<>();

    OneAttemptHttpClient(HttpClientBuilder builder) {
        super(builder);
    }

    @Override
    public Response reliableRequest(Request request) {
        return oneAttempt(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return oneAttempt(request);
    }

    private Response oneAttempt(Request request) {
        lastStatus.remove();
        Response response = makeRequest(request);
        lastStatus.set(response.getStatusCode());
        return response;
    }

    /** The HTTP status of this thread's last answer, 0 when there was none (no connection, a timeout); clears it. */
    int takeLastStatus() {
        Integer status = lastStatus.get();
        lastStatus.remove();
        return status == null ? 0 : status;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
