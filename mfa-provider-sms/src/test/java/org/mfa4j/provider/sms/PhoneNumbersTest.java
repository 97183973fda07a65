package org.mfa4j.provider.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfa4j.provider.sms.PhoneNumbers.Status;

/** Numbers come from libphonenumber's own example numbers where the test needs a number of a given type. */
class PhoneNumbersTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private final PhoneNumbers usUkGermany = PhoneNumbers.allowing(Set.of(1, 44, 49));

    private static String example(String region, PhoneNumberType type) {
        return UTIL.format(UTIL.getExampleNumberForType(region, type), PhoneNumberFormat.E164);
    }

    @ParameterizedTest
    @CsvSource({
        "+1 201-555-0123, +12015550123, 1",
        "+1 (201) 555.0123, +12015550123, 1",
        "+44 7400 123456, +447400123456, 44",
        "+49 1512 3456789, +4915123456789, 49",
        "'  +4915123456789  ', +4915123456789, 49",
    })
    void aValidMobileNumberIsCanonicalE164WithItsCallingCode(String typed, String e164, int callingCode) {
        PhoneNumbers.Check check = usUkGermany.check(typed);

        assertThat(check.status()).isEqualTo(Status.VALID);
        assertThat(check.number()).hasValueSatisfying(n -> {
            assertThat(n.e164()).isEqualTo(e164);
            assertThat(n.callingCode()).isEqualTo(callingCode);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "2015550123", "0151 23456789", "+1 201 555 CALL", "+49 1512 3456789 ext. 12",
        "++4915123456789", "+1", "+123456", "+12345678901234567", "+49 1512 3456789; DROP TABLE"})
    void anythingButAnInternationalNumberIsMalformed(String typed) {
        assertThat(usUkGermany.check(typed)).isEqualTo(new PhoneNumbers.Check(Status.MALFORMED,
                java.util.Optional.empty()));
    }

    @Test
    void aNumberOutsideItsCountrysPlanIsInvalid() {
        assertThat(usUkGermany.check("+1 011 555 0123").status()).isEqualTo(Status.INVALID);
        assertThat(usUkGermany.check("+49 0000 000000").status()).isEqualTo(Status.INVALID);
    }

    @Test
    void numbersThatCannotTakeAnSmsOrEarnMoneyFromOneAreRefused() {
        assertThat(usUkGermany.check(example("DE", PhoneNumberType.FIXED_LINE)).status()).isEqualTo(Status.NOT_MOBILE);
        assertThat(usUkGermany.check(example("GB", PhoneNumberType.PREMIUM_RATE)).status())
                .isEqualTo(Status.NOT_MOBILE);
        assertThat(usUkGermany.check(example("US", PhoneNumberType.TOLL_FREE)).status()).isEqualTo(Status.NOT_MOBILE);
        assertThat(usUkGermany.check(example("US", PhoneNumberType.PREMIUM_RATE)).status())
                .isEqualTo(Status.NOT_MOBILE);
    }

    @Test
    void aValidMobileNumberFromAnotherCountryIsNotAllowed() {
        assertThat(usUkGermany.check(example("FR", PhoneNumberType.MOBILE)).status())
                .isEqualTo(Status.COUNTRY_NOT_ALLOWED);
        assertThat(PhoneNumbers.anyCountry().check(example("FR", PhoneNumberType.MOBILE)).status())
                .isEqualTo(Status.VALID);
    }

    @Test
    void theAllowListMustNameRealCallingCodes() {
        assertThatThrownBy(() -> PhoneNumbers.allowing(Set.of())).hasMessageContaining("anyCountry()");
        assertThatThrownBy(() -> PhoneNumbers.allowing(Set.of(1, 999))).hasMessageContaining("999");
        assertThat(PhoneNumbers.allowing(Set.of(49, 1)).allowedCallingCodes()).containsExactlyInAnyOrder(1, 49);
    }

    @ParameterizedTest
    @CsvSource({"+12015554567, 1, +1 *** *** 4567", "+4915123456789, 49, +49 *** *** 6789",
        "+447400123456, 44, +44 *** *** 3456"})
    void aNumberIsShownWithItsCallingCodeAndLastFourDigitsOnly(String e164, int callingCode, String masked) {
        PhoneNumber n = new PhoneNumber(e164, callingCode);

        assertThat(n.masked()).isEqualTo(masked);
        assertThat(n.toString()).isEqualTo(masked);
        assertThat(String.valueOf(usUkGermany.check(e164))).doesNotContain(e164.substring(1, e164.length() - 4));
    }

    @Test
    void theSendersOwnNumberMustBeExactlyE164() {
        assertThat(PhoneNumbers.isSenderNumber("+12015550100")).isTrue();
        assertThat(PhoneNumbers.isSenderNumber("+1 201 555 0100")).isFalse();
        assertThat(PhoneNumbers.isSenderNumber("12015550100")).isFalse();
        assertThat(PhoneNumbers.maskSender("+12015550100")).isEqualTo("+1 *** *** 0100");
    }
}
