package org.mfa4j.provider.sms;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What became of one request to send a text (Messages API) or start a Verify verification: a status a
 * {@code switch} covers, Twilio's error code and the HTTP status when there were any, the SID of what Twilio
 * created, and whether the SMS may have gone out although the call failed. Carries no number and no text.
 */
record SmsResult(Status status, Optional<String> sid, OptionalInt twilioCode, int httpStatus,
        boolean mayHaveBeenAccepted) {

    enum Status {
        /**
         * Twilio accepted the request (2xx; {@link #sid()} is empty if its answer could not be read); delivery to
         * the handset is still to come.
         */
        SENT,
        /** Twilio refused it (4xx) for the reason in {@link #twilioCode()}: 21211 invalid number, 21610 unsubscribed. */
        REJECTED,
        /** Twilio refused the credentials (401, code 20003): a configuration problem, not the user's. */
        UNAUTHORIZED,
        /** Too many requests (429). */
        RATE_LIMITED,
        /** No usable answer: no connection, or a 5xx. {@link #mayHaveBeenAccepted()} says which. */
        UNAVAILABLE,
        /** No answer within the read timeout. The SMS may have been accepted: a resend may deliver a second one. */
        TIMEOUT
    }

    SmsResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(twilioCode, "twilioCode");
    }

    static SmsResult sent(String sid, int httpStatus) {
        return new SmsResult(Status.SENT, Optional.ofNullable(sid), OptionalInt.empty(), httpStatus, true);
    }

    static SmsResult failed(TwilioFailure f) {
        Status status;
        switch (f.kind()) {
            case REJECTED: status = Status.REJECTED; break;
            case UNAUTHORIZED: status = Status.UNAUTHORIZED; break;
            case RATE_LIMITED: status = Status.RATE_LIMITED; break;
            case UNAVAILABLE: status = Status.UNAVAILABLE; break;
            case TIMEOUT: status = Status.TIMEOUT; break;
            default: throw new IllegalStateException("unknown failure " + f.kind());
        }
        return new SmsResult(status, Optional.empty(), code(f), f.httpStatus(), f.mayHaveBeenAccepted());
    }

    static OptionalInt code(TwilioFailure f) {
        return f.twilioCode() > 0 ? OptionalInt.of(f.twilioCode()) : OptionalInt.empty();
    }
}
