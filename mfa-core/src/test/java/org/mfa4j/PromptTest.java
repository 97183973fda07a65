package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mfa4j.testproviders.SentCodeProvider;

/**
 * Issue 10 item 3: one call for any provider says what the answer page shows, so the page needs no
 * provider-specific guess.
 */
class PromptTest {

    private final Fixture f = new Fixture();

    @Test
    void aProviderWithoutAChallengeStillSaysWhatToAnswer() {
        f.enrol(f.alice, "code");

        Prompt p = f.mfa.prompt(f.alice, "code", MfaSession.of("s"));

        assertThat(p.status()).isEqualTo(Status.ACCEPTED);
        assertThat(p.issued()).isFalse();
        assertThat(p.instructions()).contains("Answer with your Code card code.");
    }

    @Test
    void aSentCodeSaysWhereItWentAndUntilWhen() {
        f.enrolSent(f.alice);

        Prompt p = f.mfa.prompt(f.alice, SentCodeProvider.ID, MfaSession.of("s"));

        assertThat(p.issued()).isTrue();
        assertThat(p.instructions()).contains("Enter the code sent to s***@example.test.");
        assertThat(p.view().get("sentTo")).contains("s***@example.test");
        assertThat(p.expiresAt()).contains(f.clock.instant().plus(SentCodeProvider.TTL));
        assertThat(p.toString()).doesNotContain(f.sent.lastCode());
    }

    @Test
    void aLockedOrMissingProviderPreparesNothingAndSaysNothing() {
        String code = f.enrol(f.alice, "code");
        for (int i = 0; i < 3; i++) {
            f.mfa.verify(f.alice, "code", MfaInput.code(Fixture.wrong(code)), MfaSession.of("s"));
        }

        assertThat(f.mfa.prompt(f.alice, "code", MfaSession.of("s"))).isEqualTo(Prompt.refused(Status.LOCKED, "code"));
        assertThat(f.mfa.prompt(f.alice, "card", MfaSession.of("s")).status()).isEqualTo(Status.NOT_ACTIVE);
        assertThat(f.mfa.prompt(f.alice, "card", MfaSession.of("s")).instructions()).isEmpty();
    }
}
