package org.mfa4j.provider.sms;

/**
 * A phone number checked by {@link PhoneNumbers}: canonical E.164 ({@code +14155552671}) and its country calling
 * code. {@link #toString()} is the masked form ({@code +1 *** *** 2671}), so a log line or message that prints the
 * value never carries the number.
 */
final class PhoneNumber {

    private final String e164;
    private final int callingCode;

    PhoneNumber(String e164, int callingCode) {
        if (!e164.startsWith("+" + callingCode) || e164.length() < 8 || e164.length() > 16) {
            throw new IllegalArgumentException("not a canonical E.164 number");
        }
        this.e164 = e164;
        this.callingCode = callingCode;
    }

    /** The number in clear, for the request to Twilio only. */
    String e164() {
        return e164;
    }

    /** The country calling code: 1, 44, 49, ... */
    int callingCode() {
        return callingCode;
    }

    /** The calling code and the last four digits: {@code +1 *** *** 2671}; the length is not shown either. */
    String masked() {
        return "+" + callingCode + " *** *** " + e164.substring(e164.length() - 4);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhoneNumber && ((PhoneNumber) o).e164.equals(e164);
    }

    @Override
    public int hashCode() {
        return e164.hashCode();
    }

    @Override
    public String toString() {
        return masked();
    }
}
