package org.mfa4j.provider.sms;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What Twilio Verify said about a code: approved, refused (a wrong code is an answer, not an error), or why there
 * was no answer. {@link #remoteStatus()} is Verify's own word ({@code approved}, {@code pending},
 * {@code max_attempts_reached}, ...). Carries neither the number nor the code.
 */
record CheckResult(Status status, Optional<String> remoteStatus, OptionalInt twilioCode, int httpStatus,
        boolean mayHaveBeenAccepted) {

    enum Status {
        /** Verify approved the code ({@code status approved}, {@code valid true}). */
        APPROVED,
        /**
         * Verify did not approve it: a wrong code ({@code pending}, {@code valid false}), or a malformed code that
         * was not sent to Twilio at all.
         */
        REFUSED,
        /** No open verification for the number (404, code 20404): expired, already approved, or canceled. */
        NOT_FOUND,
        /** Twilio refused the request itself (another 4xx). */
        REJECTED,
        /** Twilio refused the credentials (401, code 20003). */
        UNAUTHORIZED,
        /** Too many requests (429; Verify's 60202: too many checks for this verification). */
        RATE_LIMITED,
        /** No usable answer: no connection, a 5xx, an unreadable answer. */
        UNAVAILABLE,
        /** No answer within the read timeout; Verify may have counted, or approved, the check. */
        TIMEOUT
    }

    /** Twilio's code when no verification is open for the number. */
    static final int NO_VERIFICATION = 20404;

    CheckResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(remoteStatus, "remoteStatus");
        Objects.requireNonNull(twilioCode, "twilioCode");
    }

    static CheckResult answered(String status, Boolean valid, int httpStatus) {
        boolean approved = "approved".equals(status) && Boolean.TRUE.equals(valid);
        return new CheckResult(approved ? Status.APPROVED : Status.REFUSED, Optional.ofNullable(status),
                OptionalInt.empty(), httpStatus, approved);
    }

    /** Whether {@code code} can be one of Verify's: 4 to 10 digits. */
    static boolean wellFormed(String code) {
        return code.length() >= 4 && code.length() <= 10 && code.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    static CheckResult malformed() {
        return new CheckResult(Status.REFUSED, Optional.empty(), OptionalInt.empty(), 0, false);
    }

    static CheckResult failed(TwilioFailure f) {
        Status status;
        switch (f.kind()) {
            case REJECTED:
                status = f.httpStatus() == 404 || f.twilioCode() == NO_VERIFICATION ? Status.NOT_FOUND : Status.REJECTED;
                break;
            case UNAUTHORIZED: status = Status.UNAUTHORIZED; break;
            case RATE_LIMITED: status = Status.RATE_LIMITED; break;
            case UNAVAILABLE: status = Status.UNAVAILABLE; break;
            case TIMEOUT: status = Status.TIMEOUT; break;
            default: throw new IllegalStateException("unknown failure " + f.kind());
        }
        return new CheckResult(status, Optional.empty(), SmsResult.code(f), f.httpStatus(), f.mayHaveBeenAccepted());
    }
}
