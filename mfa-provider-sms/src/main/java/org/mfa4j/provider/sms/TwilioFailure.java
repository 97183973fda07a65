package org.mfa4j.provider.sms;

import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * One failed Twilio call, classified from the HTTP status (the sender's, not the SDK's) and Twilio's error code.
 * Twilio's message text is not kept: it quotes the number ("The 'To' number +1... is not a valid phone number").
 */
record TwilioFailure(Kind kind, int twilioCode, int httpStatus, boolean mayHaveBeenAccepted) {

    /** Twilio's code for a refused account SID and secret. */
    static final int AUTHENTICATION_FAILED = 20003;

    enum Kind {
        /** Twilio refused the request for what it says (4xx): an invalid or unsubscribed number, a blocked route. */
        REJECTED,
        /** Twilio refused the credentials (401, code 20003). */
        UNAUTHORIZED,
        /** Too many requests (429): the account's, or Verify's per-number limits. */
        RATE_LIMITED,
        /** No usable answer: no connection, a 5xx, an unreadable answer. */
        UNAVAILABLE,
        /** The answer did not come within the read timeout, after the request was sent. */
        TIMEOUT
    }

    static TwilioFailure classify(TwilioException e, int httpStatus) {
        int code = e instanceof ApiException && ((ApiException) e).getCode() != null
                ? ((ApiException) e).getCode() : 0;
        if (httpStatus == 0) {
            if (has(e, ConnectException.class) || has(e, ConnectTimeoutException.class)
                    || has(e, UnknownHostException.class) || has(e, NoRouteToHostException.class)
                    || has(e, SSLHandshakeException.class)) {
                // The request never left: nothing can have been sent.
                return new TwilioFailure(Kind.UNAVAILABLE, code, 0, false);
            }
            if (has(e, SocketTimeoutException.class)) {
                return new TwilioFailure(Kind.TIMEOUT, code, 0, true);
            }
            // The connection broke after the request may have gone out (reset, no response).
            return new TwilioFailure(Kind.UNAVAILABLE, code, 0, true);
        }
        if (httpStatus >= 200 && httpStatus < 300) {
            // Accepted, but the answer could not be read: for a check, not an approval.
            return new TwilioFailure(Kind.UNAVAILABLE, code, httpStatus, true);
        }
        if (httpStatus == 401 || code == AUTHENTICATION_FAILED) {
            return new TwilioFailure(Kind.UNAUTHORIZED, code, httpStatus, false);
        }
        if (httpStatus == 429) {
            return new TwilioFailure(Kind.RATE_LIMITED, code, httpStatus, false);
        }
        if (httpStatus >= 400 && httpStatus < 500) {
            return new TwilioFailure(Kind.REJECTED, code, httpStatus, false);
        }
        // 503 says the request was not taken; after a 500, 502 or 504 nobody can say.
        return new TwilioFailure(Kind.UNAVAILABLE, code, httpStatus, httpStatus != 503 && httpStatus >= 500);
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
