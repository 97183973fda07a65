package org.mfa4j.provider.duo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.provider.duo.FakeDuo.HealthAnswer;
import org.mfa4j.spi.FailureReason;

/**
 * Duo's health check failing at the prompt, through {@code Mfa}: fail mode {@code closed} refuses the prompt
 * with {@link Status#UNAVAILABLE} and stores nothing; fail mode {@code open} lets the user through on the
 * state alone, with a notice every time.
 */
@DuoPeerTest
class DuoPromptFailModeTest {

    private static final Map<String, String> SHORT = Map.of("read-timeout", "PT1S", "call-timeout", "PT2S");

    private final MfaUser alice = MfaUser.of("alice");

    private DuoMfa enrolled(String failMode) {
        Map<String, String> settings = new java.util.HashMap<>(SHORT);
        settings.put("fail-mode", failMode);
        DuoMfa t = new DuoMfa(settings, b -> { });
        t.enrol(alice, MfaSession.of("enrol"));
        return t;
    }

    /** Alice enrolled, then the counters at zero and Duo's health check answering {@code answer} (slowly). */
    private DuoMfa down(String failMode, HealthAnswer answer) {
        DuoMfa t = enrolled(failMode);
        t.peer.reset();
        t.peer.duo.delay = Duration.ofSeconds(10);
        t.peer.duo.health = answer;
        return t;
    }

    @ParameterizedTest
    @EnumSource(value = HealthAnswer.class, names = "OK", mode = EnumSource.Mode.EXCLUDE)
    void closedRefusesThePromptAndStoresNothing(HealthAnswer answer) {
        DuoMfa t = down("closed", answer);

        Prompt prompt = t.prompt(alice, "login");

        assertThat(prompt.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(prompt.issued()).isFalse();
        assertThat(prompt.view().keys()).isEmpty();
        assertThat(prompt.instructions()).isEmpty();
        Result r = t.verify(alice, MfaInput.of(Map.of("state", DuoState.generate(new java.security.SecureRandom())
                .value())), "login");
        assertThat(r.reason()).as("no state was stored").contains(FailureReason.NO_CHALLENGE);
        assertThat(t.peer.duo.healthCalls).hasValue(1);
    }

    @Test
    void closedIsTheDefault() {
        DuoMfa t = new DuoMfa(SHORT, b -> { });
        t.enrol(alice, MfaSession.of("enrol"));
        t.peer.duo.health = HealthAnswer.HTTP_503;

        assertThat(t.prompt(alice, "login").status()).isEqualTo(Status.UNAVAILABLE);
    }

    @ParameterizedTest
    @EnumSource(value = HealthAnswer.class, names = "OK", mode = EnumSource.Mode.EXCLUDE)
    void openLetsTheUserThroughWithANotice(HealthAnswer answer) {
        DuoMfa t = down("open", answer);

        Prompt prompt = t.prompt(alice, "login");
        URI url = URI.create(prompt.view().require(DuoProviderFactory.VIEW_URL));
        Result r = t.verify(alice, t.peer.browseLocal(url), "login");

        assertThat(prompt.status()).isEqualTo(Status.ACCEPTED);
        assertThat(prompt.view().get(DuoProviderFactory.VIEW_FAIL_OPEN)).contains("true");
        assertThat(prompt.instructions().orElseThrow()).contains("without");
        assertThat(url.toString()).startsWith(DuoPeer.REDIRECT_URI + "?state=");
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(r.details()).containsEntry(DuoProviderFactory.DETAIL_DUO, "fail-open");
        assertThat(t.events.events(MfaEvent.Notice.class)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo(DuoProviderFactory.NOTICE_FAIL_OPEN);
            assertThat(n.attributes()).containsKey("health");
        });
        assertThat(t.peer.duo.tokenCalls).as("Duo was not asked").hasValue(0);
    }

    @Test
    void everyPassWithoutDuoIsANoticeOfItsOwn() {
        DuoMfa t = down("open", HealthAnswer.STAT_FAIL);

        for (int i = 0; i < 3; i++) {
            Prompt prompt = t.prompt(alice, "login-" + i);
            Result r = t.verify(alice, t.peer.browseLocal(URI.create(prompt.view().require(DuoProviderFactory.VIEW_URL))),
                    "login-" + i);
            assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        }

        assertThat(t.notices(DuoProviderFactory.NOTICE_FAIL_OPEN)).isEqualTo(3);
        assertThat(t.events.events(MfaEvent.Verified.class)).hasSize(3);
    }

    @Test
    void aFailOpenStateIsSingleUseAndBoundToItsFlow() {
        DuoMfa t = down("open", HealthAnswer.STAT_FAIL);
        Prompt prompt = t.prompt(alice, "login");
        DuoPeer.Callback pass = t.peer.browseLocal(URI.create(prompt.view().require(DuoProviderFactory.VIEW_URL)));

        assertThat(t.verify(alice, pass, "another-session").reason()).contains(FailureReason.NO_CHALLENGE);
        Prompt again = t.prompt(alice, "login");
        DuoPeer.Callback second = t.peer.browseLocal(URI.create(again.view().require(DuoProviderFactory.VIEW_URL)));
        assertThat(t.verify(alice, second, "login").status()).isEqualTo(Status.ACCEPTED);
        assertThat(t.verify(alice, second, "another-session").reason()).contains(FailureReason.REPLAY);
        assertThat(t.notices(DuoProviderFactory.NOTICE_FAIL_OPEN)).isEqualTo(1);
    }

    @Test
    void aHealthyDuoIsPromptedInOpenModeToo() {
        DuoMfa t = enrolled("open");

        Prompt prompt = t.prompt(alice, "login");

        assertThat(URI.create(prompt.view().require(DuoProviderFactory.VIEW_URL)).getHost()).isEqualTo(DuoPeer.API_HOST);
        assertThat(prompt.view().get(DuoProviderFactory.VIEW_FAIL_OPEN)).isEmpty();
    }
}
