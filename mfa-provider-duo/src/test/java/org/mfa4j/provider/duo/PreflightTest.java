package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mfa4j.provider.duo.DuoSettings.FailMode;
import org.mfa4j.provider.duo.Preflight.Decision;

/** The fail-mode table: only a DOWN Duo in OPEN mode passes without Duo, and it says so. */
class PreflightTest {

    private static final Health DOWN = Health.down("test");

    @Test
    void upPromptsInBothModes() {
        assertThat(Preflight.decide(FailMode.CLOSED, Health.up()).decision()).isEqualTo(Decision.PROMPT);
        assertThat(Preflight.decide(FailMode.OPEN, Health.up()).decision()).isEqualTo(Decision.PROMPT);
    }

    @Test
    void downRefusesWhenClosed() {
        assertThat(Preflight.decide(FailMode.CLOSED, DOWN).decision()).isEqualTo(Decision.REFUSED_DUO_DOWN);
    }

    @Test
    void downPassesWhenOpenAsItsOwnOutcome() {
        Preflight preflight = Preflight.decide(FailMode.OPEN, DOWN);

        assertThat(preflight.decision()).isEqualTo(Decision.ALLOWED_FAIL_OPEN);
        assertThat(preflight.health()).isSameAs(DOWN);
    }

    @Test
    void closedIsTheDefault() {
        assertThat(DuoSettingsTest.valid().build().failMode()).isEqualTo(FailMode.CLOSED);
    }
}
