package org.mfa4j.spi.code;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One message for a {@link CodeChannel}: where it goes, the code, how long it stays valid, the user's locale
 * and why it is sent. {@link #toString} shows neither the destination nor the code.
 *
 * @param purpose     an enrolment (verify a new address or number) or a sign-in
 * @param destination the e-mail address or E.164 number, in clear for the channel only
 * @param code        the code
 * @param validFor    its lifetime
 * @param locale      the user's locale, for the template
 */
public record CodeMessage(Purpose purpose, String destination, String code, Duration validFor, Locale locale) {

    /** Why a code is sent. */
    public enum Purpose {
        /** To verify a new destination before it becomes a factor. */
        ENROLMENT,
        /** To sign in. */
        SIGN_IN
    }

    public CodeMessage {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(validFor, "validFor");
        Objects.requireNonNull(locale, "locale");
    }

    /** Whole minutes of validity, rounded up, for templates. */
    public long minutesValid() {
        return (validFor.toSeconds() + 59) / 60;
    }

    @Override
    public String toString() {
        return "CodeMessage[purpose=" + purpose + ", validFor=" + validFor + ", locale=" + locale + "]";
    }
}
