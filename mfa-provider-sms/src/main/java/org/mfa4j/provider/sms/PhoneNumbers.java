package org.mfa4j.provider.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the phone numbers users type, with libphonenumber's metadata (Google's), not a regular expression: the
 * number must be in international form ({@code +} and the country calling code; spaces, dots, dashes and
 * parentheses are allowed and dropped), valid for its country, of a type that can receive an SMS, and from a
 * country whose calling code is allowed. Premium-rate, shared-cost, toll-free and similar numbers are refused:
 * they are how SMS pumping earns money.
 *
 * <p>The allow-list has no default: every country opened to SMS is one more place a pumping attack can send to,
 * so the application names its countries ({@link #allowing(Set)}); {@link #anyCountry()} exists and says what
 * it costs. Immutable and thread-safe.
 */
final class PhoneNumbers {

    /** How a typed number fared. */
    enum Status {
        /** A valid number that can receive an SMS, from an allowed country. */
        VALID,
        /** Not a phone number in international form at all (no {@code +}, letters, too short or long). */
        MALFORMED,
        /** Shaped like a number, but not one that exists in its country's numbering plan. */
        INVALID,
        /** A valid number that cannot receive an SMS here: fixed line, premium rate, toll free, pager, ... */
        NOT_MOBILE,
        /** A valid mobile number from a country whose calling code is not allowed. */
        COUNTRY_NOT_ALLOWED
    }

    /** The outcome: a status, and the number when it is {@link Status#VALID}. */
    record Check(Status status, Optional<PhoneNumber> number) {
        Check {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(number, "number");
            if ((status == Status.VALID) != number.isPresent()) {
                throw new IllegalArgumentException("a number is present exactly when the status is VALID");
            }
        }
    }

    /** Types that take an SMS. FIXED_LINE_OR_MOBILE is how the plans of the US and Canada (and others) read. */
    private static final Set<PhoneNumberType> SMS_CAPABLE = EnumSet.of(PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE);

    /** What a user may type around the digits. */
    private static final String SEPARATORS = " .-()/\u00a0";

    private static final int MAX_INPUT = 32;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final Set<Integer> allowedCallingCodes;

    private PhoneNumbers(Set<Integer> allowedCallingCodes) {
        this.allowedCallingCodes = allowedCallingCodes;
    }

    /**
     * Numbers from these countries only, by calling code ({@code 1} for the US, Canada and the rest of the North
     * American plan, {@code 44} for the UK, {@code 49} for Germany, ...).
     */
    static PhoneNumbers allowing(Set<Integer> callingCodes) {
        Objects.requireNonNull(callingCodes, "callingCodes");
        if (callingCodes.isEmpty()) {
            throw new IllegalArgumentException("name at least one country calling code, or use anyCountry()");
        }
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        for (int code : callingCodes) {
            if (util.getRegionCodeForCountryCode(code).equals("ZZ")) {
                throw new IllegalArgumentException("no country has the calling code " + code);
            }
        }
        return new PhoneNumbers(Set.copyOf(new TreeSet<>(callingCodes)));
    }

    /**
     * Numbers from every country. Every country opened is one more destination for SMS pumping (fraudulent
     * sign-ups that send codes to premium routes on the application's bill); prefer {@link #allowing(Set)}.
     */
    static PhoneNumbers anyCountry() {
        return new PhoneNumbers(Set.of());
    }

    /** The allowed calling codes; empty for {@link #anyCountry()}. */
    Set<Integer> allowedCallingCodes() {
        return allowedCallingCodes;
    }

    /** Checks what a user typed. Never throws for bad input; the outcome never quotes it. */
    Check check(String typed) {
        Objects.requireNonNull(typed, "typed");
        String compact = compact(typed);
        if (compact == null) {
            return new Check(Status.MALFORMED, Optional.empty());
        }
        Phonenumber.PhoneNumber parsed;
        try {
            parsed = util.parse(compact, "ZZ");
        } catch (NumberParseException e) {
            return new Check(Status.MALFORMED, Optional.empty());
        }
        if (parsed.hasExtension() || !util.isValidNumber(parsed)) {
            return new Check(Status.INVALID, Optional.empty());
        }
        if (!SMS_CAPABLE.contains(util.getNumberType(parsed))) {
            return new Check(Status.NOT_MOBILE, Optional.empty());
        }
        int callingCode = parsed.getCountryCode();
        if (!allowedCallingCodes.isEmpty() && !allowedCallingCodes.contains(callingCode)) {
            return new Check(Status.COUNTRY_NOT_ALLOWED, Optional.empty());
        }
        return new Check(Status.VALID, Optional.of(new PhoneNumber(util.format(parsed, PhoneNumberFormat.E164),
                callingCode)));
    }

    /**
     * Whether {@code e164} is a possible number written exactly in E.164: the check for the application's own
     * sending number (which need not be a mobile number, nor from an allowed country).
     */
    static boolean isSenderNumber(String e164) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            Phonenumber.PhoneNumber parsed = util.parse(e164, "ZZ");
            return util.isPossibleNumber(parsed) && util.format(parsed, PhoneNumberFormat.E164).equals(e164);
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** The masked form of a number already known to be E.164 ({@link #isSenderNumber(String)}). */
    static String maskSender(String e164) {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        try {
            return new PhoneNumber(e164, util.parse(e164, "ZZ").getCountryCode()).masked();
        } catch (NumberParseException e) {
            throw new IllegalArgumentException("not an E.164 number");
        }
    }

    /** {@code +} and digits only, separators dropped; null when anything else is there. */
    private static String compact(String typed) {
        String s = typed.strip();
        if (s.isEmpty() || s.length() > MAX_INPUT || s.charAt(0) != '+') {
            return null;
        }
        StringBuilder sb = new StringBuilder("+");
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            } else if (SEPARATORS.indexOf(c) < 0) {
                return null;
            }
        }
        return sb.length() >= 8 && sb.length() <= 16 ? sb.toString() : null;
    }
}
