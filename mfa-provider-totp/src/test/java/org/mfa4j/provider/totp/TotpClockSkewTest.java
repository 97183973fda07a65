package org.mfa4j.provider.totp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfa4j.Mfa;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Status;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/**
 * Clock-skew diagnosis through the public {@code Mfa} API: the device's clock is the server's clock moved by
 * a number of steps, the server's clock moves one step between sign-ins.
 */
class TotpClockSkewTest {

    private static final String ID = TotpProviderFactory.ID;
    private static final String SECRET_B32 = org.mfa4j.spi.otp.Base32.encode(TotpTestKit.SEED_SHA1);

    private final MutableClock clock = MutableClock.startingAt2026();
    private final RecordingListener events = new RecordingListener();
    private final MfaUser user = MfaUser.builder("user-1").accountLabel("alice@example.com").build();

    /** Sets up and activates with an on-time code, five steps ago. */
    private Mfa enrolled(Map<String, String> settings) {
        Mfa mfa = TotpTestKit.mfa(clock, TotpTestKit.fixedSecret(TotpTestKit.SEED_SHA1), settings, events);
        mfa.setup(user, ID, MfaSession.of("s")).view().orElseThrow();
        clock.advance(steps(-5));
        assertThat(mfa.activate(user, ID, MfaInput.code(device(0)), MfaSession.of("s")).status())
                .isEqualTo(Status.ACCEPTED);
        clock.advance(steps(5));
        return mfa;
    }

    private static Duration steps(int n) {
        return Duration.ofSeconds(30L * n);
    }

    /** The code a device whose clock is {@code skew} steps off shows now. */
    private String device(int skew) {
        return TotpTestKit.reference(SECRET_B32, clock.instant().plus(steps(skew)));
    }

    /** {@code times} sign-ins one step apart from a device {@code skew} steps off; each must be accepted. */
    private void signIns(Mfa mfa, int skew, int times) {
        for (int i = 0; i < times; i++) {
            clock.advance(steps(1));
            assertThat(mfa.verify(user, ID, MfaInput.code(device(skew)), MfaSession.of("s")).status())
                    .isEqualTo(Status.ACCEPTED);
        }
    }

    private Map<String, String> facts(Mfa mfa) {
        return mfa.overview(user).provider(ID).orElseThrow().details();
    }

    private List<MfaEvent.Notice> skewNotices() {
        return events.events(MfaEvent.Notice.class).stream()
                .filter(n -> n.kind().equals(TotpProviderFactory.NOTICE_CLOCK_SKEW)).toList();
    }

    @Test
    void aDeviceOneStepLateIsDiagnosedLateAndNoticedOnce() {
        Mfa mfa = enrolled(Map.of());
        signIns(mfa, -1, 2);
        assertThat(facts(mfa)).containsEntry(TotpProviderFactory.FACT_CLOCK, TotpProviderFactory.CLOCK_ON_TIME);
        assertThat(skewNotices()).isEmpty();

        signIns(mfa, -1, 1); // the third code one step back: late
        assertThat(facts(mfa)).containsEntry(TotpProviderFactory.FACT_CLOCK, TotpProviderFactory.CLOCK_LATE)
                .containsEntry(TotpProviderFactory.FACT_OFFSET_STEPS, "-1")
                .containsEntry(TotpProviderFactory.FACT_OFFSET_SECONDS, "-30");
        assertThat(skewNotices()).singleElement().satisfies(n -> {
            assertThat(n.userId()).isEqualTo("user-1");
            assertThat(n.providerId()).isEqualTo(ID);
            assertThat(n.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    TotpProviderFactory.NOTICE_DIRECTION, TotpProviderFactory.CLOCK_LATE,
                    TotpProviderFactory.FACT_OFFSET_STEPS, "-1",
                    TotpProviderFactory.NOTICE_SECONDS, "-30"));
        });

        signIns(mfa, -1, 6); // still late: no new notice
        assertThat(skewNotices()).hasSize(1);
        assertThat(facts(mfa)).containsEntry(TotpProviderFactory.FACT_CLOCK, TotpProviderFactory.CLOCK_LATE);
    }

    @Test
    void aDeviceOnTimeIsDiagnosedOnTimeAndRaisesNoNotice() {
        Mfa mfa = enrolled(Map.of());
        signIns(mfa, 0, 12);
        assertThat(facts(mfa)).containsEntry(TotpProviderFactory.FACT_CLOCK, TotpProviderFactory.CLOCK_ON_TIME)
                .doesNotContainKeys(TotpProviderFactory.FACT_OFFSET_STEPS, TotpProviderFactory.FACT_OFFSET_SECONDS);
        assertThat(skewNotices()).isEmpty();
        assertThat(events.events(MfaEvent.Notice.class)).isEmpty();
    }

    @Test
    void aSlowTypistNowAndThenOneStepBackIsOnTime() {
        Mfa mfa = enrolled(Map.of());
        for (int i = 0; i < 4; i++) {
            signIns(mfa, 0, 2);
            clock.advance(steps(1)); // a pause, so the step before the next one is still unused
            signIns(mfa, -1, 1);
        }
        assertThat(facts(mfa)).containsEntry(TotpProviderFactory.FACT_CLOCK, TotpProviderFactory.CLOCK_ON_TIME);
        assertThat(skewNotices()).isEmpty();
    }

    @Test
    void theNoticeWaitsForTheEdgeOfAWiderWindow() {
        Mfa mfa = enrolled(Map.of("window", "2"));
        signIns(mfa, 1, 3);
        assertThat(facts(mfa)).containsEntry(TotpProviderFactory.FACT_CLOCK, TotpProviderFactory.CLOCK_EARLY)
                .containsEntry(TotpProviderFactory.FACT_OFFSET_STEPS, "1");
        assertThat(skewNotices()).as("one step early is not the edge of a window of 2").isEmpty();

        signIns(mfa, 2, 4); // drifts on: codes of two steps ahead, the edge
        assertThat(facts(mfa)).containsEntry(TotpProviderFactory.FACT_OFFSET_STEPS, "2")
                .containsEntry(TotpProviderFactory.FACT_OFFSET_SECONDS, "60");
        assertThat(skewNotices()).singleElement().satisfies(n -> assertThat(n.attributes())
                .containsEntry(TotpProviderFactory.NOTICE_DIRECTION, TotpProviderFactory.CLOCK_EARLY)
                .containsEntry(TotpProviderFactory.FACT_OFFSET_STEPS, "2")
                .containsEntry(TotpProviderFactory.NOTICE_SECONDS, "60"));
    }

    @Test
    void aCorrectedClockClearsTheDiagnosisAndANewSkewIsNoticedAgain() {
        Mfa mfa = enrolled(Map.of());
        signIns(mfa, -1, 3);
        signIns(mfa, 0, 8);
        assertThat(facts(mfa)).containsEntry(TotpProviderFactory.FACT_CLOCK, TotpProviderFactory.CLOCK_ON_TIME);
        assertThat(skewNotices()).hasSize(1);

        signIns(mfa, 1, 4); // four of the last eight one step ahead, as often as on time
        assertThat(facts(mfa)).containsEntry(TotpProviderFactory.FACT_CLOCK, TotpProviderFactory.CLOCK_EARLY);
        assertThat(skewNotices()).extracting(n -> n.attributes().get(TotpProviderFactory.NOTICE_DIRECTION))
                .containsExactly(TotpProviderFactory.CLOCK_LATE, TotpProviderFactory.CLOCK_EARLY);
    }

    @Test
    void theDiagnosisRule() {
        assertThat(ClockSkew.diagnose("")).isZero();
        assertThat(ClockSkew.diagnose("-1,-1")).as("fewer than three").isZero();
        assertThat(ClockSkew.diagnose("-1,-1,-1")).isEqualTo(-1);
        assertThat(ClockSkew.diagnose("0,0,0,0,-1,-1,-1,-1")).as("as often as on time").isEqualTo(-1);
        assertThat(ClockSkew.diagnose("0,0,0,0,0,-1,-1,-1")).as("less often than on time").isZero();
        assertThat(ClockSkew.diagnose("1,1,1,-1,-1,-1")).as("a tie").isZero();
        assertThat(ClockSkew.diagnose("2,2,2,1,1,1,1")).isEqualTo(1);
        assertThat(ClockSkew.diagnose("-1,-1,x")).as("damaged: starts over").isZero();
        assertThat(ClockSkew.diagnose("-11,-11,-11")).as("out of range").isZero();
        assertThat(ClockSkew.append("1,2,3,4,5,6,7,8", -1)).isEqualTo("2,3,4,5,6,7,8,-1");
        assertThat(ClockSkew.append("", 0)).isEqualTo("0");
        assertThat(ClockSkew.append("junk", 1)).isEqualTo("1");
    }
}
