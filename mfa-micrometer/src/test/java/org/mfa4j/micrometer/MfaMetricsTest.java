package org.mfa4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mfa4j.BreakGlassCode;
import org.mfa4j.DeviceToken;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.provider.recovery.RecoveryCodesProviderFactory;
import org.mfa4j.provider.totp.TotpProviderFactory;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.otp.Base32;
import org.mfa4j.spi.otp.HmacAlgorithm;
import org.mfa4j.spi.otp.Totp;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;

/**
 * Real flows through {@code Mfa} (TOTP, recovery codes, a sent-code factor on the core's one-time codes; an
 * in-memory store) counted into Micrometer's {@code SimpleMeterRegistry}: the documented meters, tags and
 * counts, and no user id or destination in any tag.
 */
class MfaMetricsTest {

    private static final String TOTP = TotpProviderFactory.ID;
    private static final String RECOVERY = RecoveryCodesProviderFactory.ID;
    private static final String OUTBOX = OutboxProviderFactory.ID;
    private static final String BOB_ADDRESS = "bob@example.org";

    private final MutableClock clock = MutableClock.startingAt2026();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MfaMetrics metrics = MfaMetrics.bindTo(registry);
    private final OutboxProviderFactory outbox = new OutboxProviderFactory();
    private final MfaUser alice = MfaUser.builder("user-alice-7").accountLabel("alice@example.com").build();
    private final MfaUser bob = MfaUser.of("user-bob-9");
    private final Mfa mfa = Mfa.builder().store(new InMemoryMfaStore()).keys(SecretKeys.ephemeral(new SecureRandom()))
            .clock(clock).lockout(LockoutPolicy.builder().maxFailures(3).build())
            .provider(new TotpProviderFactory()).provider(new RecoveryCodesProviderFactory()).provider(outbox)
            .configure(RECOVERY, Map.of("kdf-iterations", "10000"))
            .listener(metrics).build();

    private byte[] totpSecret;
    private List<String> recoveryCodes;

    private String totpCode() {
        return totpCode(0);
    }

    /** The code of a device whose clock is {@code skew} steps off. */
    private String totpCode(int skew) {
        return String.format("%06d", new Totp(HmacAlgorithm.SHA1, 6, 30, 1)
                .code(SecretBytes.copyOf(totpSecret), clock.instant().getEpochSecond() / 30 + skew));
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private long timed(String name, String... tags) {
        return registry.get(name).tags(tags).timer().count();
    }

    /** Alice: TOTP (a first enrolment), then recovery codes with the proof that gave. */
    private void enrolAlice() {
        MfaSession enrol = MfaSession.of("enrol-alice");
        View setup = mfa.setup(alice, TOTP, enrol).view().orElseThrow();
        totpSecret = Base32.decode(setup.require(TotpProviderFactory.VIEW_SECRET));
        Result activated = mfa.activate(alice, TOTP, MfaInput.code(totpCode()), enrol);
        assertThat(activated.status()).isEqualTo(Status.ACCEPTED);
        enrol = enrol.withProof(activated.proof().orElseThrow());
        View codes = mfa.setup(alice, RECOVERY, enrol).view().orElseThrow();
        recoveryCodes = List.of(codes.require(RecoveryCodesProviderFactory.VIEW_CODES).split("\n"));
        assertThat(mfa.activate(alice, RECOVERY, MfaInput.code(recoveryCodes.get(0)), enrol).status())
                .isEqualTo(Status.ACCEPTED);
    }

    /** Alice signs in, then fails three times (locked), then uses eight recovery codes and replays one. */
    private void aliceSignsIn() {
        clock.advance(Duration.ofSeconds(30));
        MfaSession first = MfaSession.of("login-1");
        assertThat(metrics.verify(mfa, alice, TOTP, MfaInput.code(totpCode()), first).status())
                .isEqualTo(Status.ACCEPTED);

        clock.advance(Duration.ofSeconds(30));
        MfaSession second = MfaSession.of("login-2");
        String wrong = totpCode().equals("000000") ? "000001" : "000000";
        assertThat(metrics.verify(mfa, alice, TOTP, MfaInput.code("12ab"), second).status())
                .isEqualTo(Status.REJECTED);
        metrics.verify(mfa, alice, TOTP, MfaInput.code(wrong), second);
        metrics.verify(mfa, alice, TOTP, MfaInput.code(wrong), second);
        assertThat(metrics.verify(mfa, alice, TOTP, MfaInput.code(totpCode()), second).status())
                .isEqualTo(Status.LOCKED);

        for (int i = 1; i <= 8; i++) {
            assertThat(mfa.verify(alice, RECOVERY, MfaInput.code(recoveryCodes.get(i)), MfaSession.of("r" + i))
                    .status()).isEqualTo(Status.ACCEPTED);
        }
        assertThat(mfa.verify(alice, RECOVERY, MfaInput.code(recoveryCodes.get(1)), MfaSession.of("r9")).status())
                .isEqualTo(Status.REJECTED);
    }

    /** Bob enrols his address with the outbox (one code sent). */
    private void enrolBob() {
        MfaSession enrol = MfaSession.of("enrol-bob");
        assertThat(mfa.setup(bob, OUTBOX, MfaInput.of(Map.of(OutboxProviderFactory.INPUT_TO, BOB_ADDRESS)), enrol)
                .isDone()).isTrue();
        assertThat(mfa.activate(bob, OUTBOX, MfaInput.code(outbox.lastCode()), enrol).status())
                .isEqualTo(Status.ACCEPTED);
    }

    /** Bob: codes by the outbox; one sign-in, a delivery that fails, a send the budget refuses. */
    private void bobUsesSentCodes() {
        enrolBob();
        MfaSession login = MfaSession.of("login-bob");
        assertThat(metrics.prompt(mfa, bob, OUTBOX, login).status()).isEqualTo(Status.ACCEPTED);
        assertThat(metrics.verify(mfa, bob, OUTBOX, MfaInput.code(outbox.lastCode()), login).status())
                .isEqualTo(Status.ACCEPTED);

        clock.advance(Duration.ofMinutes(2));
        outbox.failing.set(true);
        assertThat(metrics.prompt(mfa, bob, OUTBOX, MfaSession.of("login-bob-2")).status())
                .isEqualTo(Status.NOT_DELIVERED);
        outbox.failing.set(false);
        clock.advance(Duration.ofMinutes(2));
        assertThat(metrics.prompt(mfa, bob, OUTBOX, MfaSession.of("login-bob-3")).status())
                .isEqualTo(Status.THROTTLED);
    }

    @Test
    void aFlowProducesTheDocumentedMetersWithTheDocumentedTags() {
        enrolAlice();
        aliceSignsIn();
        bobUsesSentCodes();

        assertThat(count(MfaMetrics.ACTIVATIONS, "provider", TOTP)).isEqualTo(1);
        assertThat(count(MfaMetrics.ACTIVATIONS, "provider", RECOVERY)).isEqualTo(1);
        assertThat(count(MfaMetrics.ACTIVATIONS, "provider", OUTBOX)).isEqualTo(1);

        assertThat(count(MfaMetrics.VERIFICATIONS, "provider", TOTP, "outcome", "accepted")).isEqualTo(1);
        assertThat(count(MfaMetrics.VERIFICATIONS, "provider", TOTP, "outcome", "failed")).isEqualTo(3);
        assertThat(count(MfaMetrics.FAILURES, "provider", TOTP, "reason", "malformed-input")).isEqualTo(1);
        assertThat(count(MfaMetrics.FAILURES, "provider", TOTP, "reason", "wrong-code")).isEqualTo(2);
        assertThat(count(MfaMetrics.LOCKOUTS, "provider", TOTP, "scope", "provider")).isEqualTo(1);

        assertThat(count(MfaMetrics.VERIFICATIONS, "provider", RECOVERY, "outcome", "accepted")).isEqualTo(8);
        assertThat(count(MfaMetrics.VERIFICATIONS, "provider", RECOVERY, "outcome", "failed")).isEqualTo(1);
        assertThat(count(MfaMetrics.FAILURES, "provider", RECOVERY, "reason", "replay")).isEqualTo(1);
        assertThat(count(MfaMetrics.RECOVERY_CODES_LOW, "provider", RECOVERY)).as("2 left after the 8th use")
                .isEqualTo(1);
        assertThat(count(MfaMetrics.NOTICES, "provider", RECOVERY, "kind", "low-codes")).isEqualTo(1);

        assertThat(count(MfaMetrics.VERIFICATIONS, "provider", OUTBOX, "outcome", "accepted")).isEqualTo(1);
        assertThat(count(MfaMetrics.DELIVERIES_FAILED, "provider", OUTBOX, "cause", "IllegalStateException"))
                .isEqualTo(1);
        assertThat(count(MfaMetrics.SENDS_REFUSED, "provider", OUTBOX, "budget", "per-user")).isEqualTo(1);
        assertThat(count(MfaMetrics.CODES_SENT, "provider", OUTBOX, "channel", OutboxProviderFactory.CHANNEL))
                .as("the setup's and the first prompt's: not the failed one nor the refused one").isEqualTo(2);

        assertThat(count(MfaMetrics.EVENTS, "name", "verified")).isEqualTo(10);
        assertThat(count(MfaMetrics.EVENTS, "name", "replay")).isEqualTo(1);
        assertThat(count(MfaMetrics.EVENTS, "name", "locked")).isEqualTo(1);

        assertThat(timed(MfaMetrics.VERIFY_DURATION, "provider", TOTP, "status", "accepted")).isEqualTo(1);
        assertThat(timed(MfaMetrics.VERIFY_DURATION, "provider", TOTP, "status", "rejected")).isEqualTo(2);
        assertThat(timed(MfaMetrics.VERIFY_DURATION, "provider", TOTP, "status", "locked"))
                .as("the third failure locks, and the right code after it is refused").isEqualTo(2);
        assertThat(timed(MfaMetrics.VERIFY_DURATION, "provider", OUTBOX, "status", "accepted")).isEqualTo(1);
        assertThat(timed(MfaMetrics.PROMPT_DURATION, "provider", OUTBOX, "status", "accepted")).isEqualTo(1);
        assertThat(timed(MfaMetrics.PROMPT_DURATION, "provider", OUTBOX, "status", "not-delivered")).isEqualTo(1);
        assertThat(timed(MfaMetrics.PROMPT_DURATION, "provider", OUTBOX, "status", "throttled")).isEqualTo(1);
        assertThat(registry.get(MfaMetrics.VERIFY_DURATION).tags("provider", TOTP).timers().stream()
                .mapToLong(Timer::count).sum()).as("every call timed once").isEqualTo(5);

        Set<String> documented = Set.of(MfaMetrics.VERIFICATIONS, MfaMetrics.FAILURES, MfaMetrics.LOCKOUTS,
                MfaMetrics.ACTIVATIONS, MfaMetrics.SENDS_REFUSED, MfaMetrics.DELIVERIES_FAILED, MfaMetrics.CODES_SENT,
                MfaMetrics.RECOVERY_CODES_LOW, MfaMetrics.NOTICES, MfaMetrics.DEVICES_REMEMBERED,
                MfaMetrics.DEVICE_SIGN_INS, MfaMetrics.BREAK_GLASS_USED, MfaMetrics.BREAK_GLASS_REFUSED,
                MfaMetrics.EVENTS, MfaMetrics.VERIFY_DURATION, MfaMetrics.PROMPT_DURATION);
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).allMatch(documented::contains);
    }

    @Test
    void noTagValueIsAUserIdADestinationOrAMessage() {
        enrolAlice();
        aliceSignsIn();
        bobUsesSentCodes();

        List<String> values = new ArrayList<>();
        for (Meter m : registry.getMeters()) {
            for (Tag t : m.getId().getTags()) {
                values.add(t.getValue());
            }
        }
        assertThat(values).isNotEmpty()
                .doesNotContain(alice.id(), bob.id(), BOB_ADDRESS, "login-1", "enrol-alice", "login-bob")
                .noneMatch(v -> v.contains("@") || v.contains("alice") || v.contains("bob") || v.contains(" "));
        assertThat(values).allMatch(v -> v.matches("[A-Za-z0-9._-]{1,64}"));
    }

    @Test
    void aPromptInsideTheResendCooldownIsNotACodeSent() {
        enrolBob();
        MfaSession login = MfaSession.of("login-bob");
        assertThat(metrics.prompt(mfa, bob, OUTBOX, login).status()).isEqualTo(Status.ACCEPTED);
        clock.advance(Duration.ofSeconds(59));
        assertThat(metrics.prompt(mfa, bob, OUTBOX, login).status()).isEqualTo(Status.ACCEPTED);

        assertThat(outbox.sent).hasSize(2);
        assertThat(timed(MfaMetrics.PROMPT_DURATION, "provider", OUTBOX, "status", "accepted")).isEqualTo(2);
        assertThat(count(MfaMetrics.CODES_SENT, "provider", OUTBOX, "channel", OutboxProviderFactory.CHANNEL))
                .as("the setup's code and one prompt's: the second prompt sent nothing").isEqualTo(2);
        assertThat(count(MfaMetrics.EVENTS, "name", "code-sent")).isEqualTo(2);
    }

    @Test
    void aClockSkewNoticeIsCountedByItsKind() {
        enrolAlice();
        clock.advance(Duration.ofSeconds(30)); // the step before the first late code is still unused
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(30));
            assertThat(mfa.verify(alice, TOTP, MfaInput.code(totpCode(-1)), MfaSession.of("late-" + i)).status())
                    .isEqualTo(Status.ACCEPTED);
        }
        assertThat(count(MfaMetrics.NOTICES, "provider", TOTP, "kind", TotpProviderFactory.NOTICE_CLOCK_SKEW))
                .as("once, when the third late code made the diagnosis").isEqualTo(1);
        assertThat(count(MfaMetrics.VERIFICATIONS, "provider", TOTP, "outcome", "accepted")).isEqualTo(4);
    }

    @Test
    void devicesAndBreakGlassAreCountedWithoutTheirIds() {
        enrolAlice();
        clock.advance(Duration.ofSeconds(30));
        MfaSession proven = MfaSession.of("login");
        Result signedIn = mfa.verify(alice, TOTP, MfaInput.code(totpCode()), proven);
        proven = proven.withProof(signedIn.proof().orElseThrow());
        DeviceToken device = mfa.devices().remember(alice, proven, "Firefox on Linux").token().orElseThrow();
        assertThat(mfa.devices().signIn(alice, device.value(), MfaSession.of("next-day")).status())
                .isEqualTo(Status.ACCEPTED);
        assertThat(mfa.devices().signIn(alice, "not-a-token", MfaSession.of("forged")).status())
                .isEqualTo(Status.REJECTED);

        BreakGlassCode code = mfa.admin().issueBreakGlass(alice.id(), "admin-carol");
        assertThat(mfa.verifyBreakGlass(alice, MfaInput.code(code.code()), MfaSession.of("lost-phone")).status())
                .isEqualTo(Status.ACCEPTED);
        assertThat(mfa.verifyBreakGlass(alice, MfaInput.code(code.code()), MfaSession.of("again")).status())
                .isEqualTo(Status.REJECTED);

        assertThat(registry.get(MfaMetrics.DEVICES_REMEMBERED).counter().count()).isEqualTo(1);
        assertThat(count(MfaMetrics.DEVICE_SIGN_INS, "outcome", "accepted")).isEqualTo(1);
        assertThat(count(MfaMetrics.DEVICE_SIGN_INS, "outcome", "rejected")).isEqualTo(1);
        assertThat(registry.get(MfaMetrics.BREAK_GLASS_USED).counter().count()).isEqualTo(1);
        assertThat(count(MfaMetrics.BREAK_GLASS_REFUSED, "status", "rejected")).isEqualTo(1);
        assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags()).extracting(Tag::getValue)
                .doesNotContain(alice.id(), device.id(), code.id(), "admin-carol", "Firefox on Linux");
    }

    @Test
    void aProviderIdThatNamesNoProviderIsTaggedOther() {
        assertThatThrownBy(() -> metrics.verify(mfa, alice, "user-alice-7", MfaInput.code("123456"),
                MfaSession.of("s"))).isInstanceOf(RuntimeException.class);
        assertThat(timed(MfaMetrics.VERIFY_DURATION, "provider", MfaMetrics.OTHER, "status", "error")).isEqualTo(1);
        assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags()).extracting(Tag::getValue)
                .doesNotContain("user-alice-7");
    }

    @Test
    void tagValuesOutsideShortIdentifiersAreOther() {
        assertThat(MfaMetrics.bounded("per-user")).isEqualTo("per-user");
        assertThat(MfaMetrics.bounded("IllegalStateException")).isEqualTo("IllegalStateException");
        assertThat(MfaMetrics.bounded("bob@example.org")).isEqualTo(MfaMetrics.OTHER);
        assertThat(MfaMetrics.bounded("+49 170 1234567")).isEqualTo(MfaMetrics.OTHER);
        assertThat(MfaMetrics.bounded("x".repeat(65))).isEqualTo(MfaMetrics.OTHER);
        assertThat(MfaMetrics.bounded("")).isEqualTo(MfaMetrics.OTHER);
        assertThat(MfaMetrics.bounded(null)).isEqualTo(MfaMetrics.OTHER);
    }
}
