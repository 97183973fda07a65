package org.mfa4j.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** With Duo's settings given (made up here: nothing calls Duo), the demo offers Duo beside the other factors. */
@SpringBootTest(properties = {"spring.datasource.url=jdbc:h2:mem:demo-duo;DB_CLOSE_DELAY=-1",
        "mfa4j.keys.file=", "mfa4j.keys.ephemeral=true",
        "mfa4j.duo.client-id=DIABCDEFGHIJ01234567",
        "mfa4j.duo.client-secret=madeUpDuoClientSecret0123456789abcdefghi",
        "mfa4j.duo.api-host=api-1a2b3c4d.duosecurity.com",
        "mfa4j.duo.redirect-uri=https://demo.example.org/mfa/duo"})
class DemoDuoContextTest {

    @Autowired
    Mfa mfa;

    @Test
    void duoIsOfferedWhenItsSettingsAreGiven() {
        assertThat(mfa.providers()).extracting(d -> d.id()).contains("duo", "totp", "u2f", "email", "sms");
    }
}
