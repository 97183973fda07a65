package org.mfa4j.provider.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @CsvSource({
        "jane.doe@example.com, j***@example.com",
        "j@example.com, j***@example.com",
        "x+tag@mail.example.org, x***@mail.example.org",
    })
    void anAddressIsShownWithItsFirstLetterAndDomainOnly(String address, String masked) {
        EmailAddress a = EmailAddress.parse(address).orElseThrow();

        assertThat(a.masked()).isEqualTo(masked);
        assertThat(a.toString()).isEqualTo(masked).doesNotContain(address);
        assertThat(a.value()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "jane", "@example.com", "jane@", "Jane <jane@example.com>", "jane@example.com, joe@example.com",
        "jane@example.com\r\nBcc: x@evil.example", "jane doe@example.com", "group: jane@example.com;",
        "jäne@example.com",
    })
    void anythingButOneBareAddressIsRefused(String text) {
        assertThat(EmailAddress.parse(text)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void anAddressLongerThanSmtpAllowsIsRefused() {
        assertThat(EmailAddress.parse("a".repeat(64) + "@" + "b".repeat(186) + ".com")).isEmpty();
    }
}
