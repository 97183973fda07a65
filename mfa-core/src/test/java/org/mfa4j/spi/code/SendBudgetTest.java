package org.mfa4j.spi.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mfa4j.spi.Challenge;

/** A provider's own send, charged to its budgets: what {@code Challenge.Dispatch.charged} carries to the core. */
class SendBudgetTest {

    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void eachBudgetChargesItsKeyAndTheChargeNamesOnlyTheBudget() {
        assertThat(SendBudget.perUser(5, HOUR).charge("jane", "+12015550123").key()).isEqualTo("jane");
        assertThat(SendBudget.perDestination(5, HOUR).charge("jane", "+12015550123").key()).isEqualTo("+12015550123");
        assertThat(SendBudget.perPrefix(5, HOUR, 5).charge("jane", "+12015550123").key()).isEqualTo("+1201");
        assertThat(SendBudget.overall(5, HOUR).charge("jane", "+12015550123").key()).isEqualTo("*");
        assertThat(SendBudget.per("per-country", 5, HOUR, to -> to.substring(1, 2)).charge("jane", "+12015550123"))
                .hasToString("SendCharge[per-country]").extracting(SendCharge::key).isEqualTo("1");
    }

    @Test
    void aChargedDispatchSendsOnceWhenRunAndCarriesACopyOfItsCharges() {
        List<SendCharge> charges = new ArrayList<>(List.of(SendBudget.perUser(5, HOUR).charge("jane", "+1")));
        int[] sent = new int[1];
        Challenge.Dispatch d = Challenge.Dispatch.charged(() -> sent[0]++, charges);
        charges.clear();
        assertThat(d.charges()).extracting(c -> c.budget().name()).containsExactly("per-user");
        assertThat(sent[0]).isZero();
        d.send();
        assertThat(sent[0]).isOne();
        assertThat(d.toString()).isEqualTo("Dispatch[SendCharge[per-user]]").doesNotContain("jane");
    }
}
