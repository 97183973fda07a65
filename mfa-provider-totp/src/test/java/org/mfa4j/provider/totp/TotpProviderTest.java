package org.mfa4j.provider.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfa4j.Mfa;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.otp.HmacAlgorithm;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.Race;
import org.mfa4j.testing.RecordingListener;

/** TOTP behaviour through the public {@code Mfa} API, with a known secret and a clock moved by hand. */
class TotpProviderTest {

    private static final String ID = TotpProviderFactory.ID;
    private static final String SECRET_B32 = org.mfa4j.spi.otp.Base32.encode(TotpTestKit.SEED_SHA1);

    private final MutableClock clock = MutableClock.startingAt2026();
    private final RecordingListener events = new RecordingListener();
    private final MfaUser user = MfaUser.builder("user-1").accountLabel("alice@example.com").build();

    private Mfa mfa(Map<String, String> settings) {
        return TotpTestKit.mfa(clock, TotpTestKit.fixedSecret(TotpTestKit.SEED_SHA1), settings, events);
    }

    private String code(Duration fromNow) {
        return TotpTestKit.reference(SECRET_B32, clock.instant().plus(fromNow));
    }

    private static Duration steps(int n) {
        return Duration.ofSeconds(30L * n);
    }

    /** Sets up and activates with the code of the step before now, so the current step is still unused. */
    private Mfa enrolled(Map<String, String> settings) {
        Mfa mfa = mfa(settings);
        mfa.setup(user, ID, MfaSession.of("s")).view().orElseThrow();
        clock.advance(steps(-5));
        assertThat(mfa.activate(user, ID, MfaInput.code(code(Duration.ZERO)), MfaSession.of("s")).status())
                .isEqualTo(Status.ACCEPTED);
        clock.advance(steps(5));
        return mfa;
    }

    private Result verify(Mfa mfa, String typed) {
        return mfa.verify(user, ID, MfaInput.code(typed), MfaSession.of("s"));
    }

    // ------------------------------------------------------------------ window

    @Test
    void windowOfOneAcceptsPreviousCurrentAndNextStep() {
        Mfa mfa = enrolled(Map.of());
        Result previous = verify(mfa, code(steps(-1)));
        assertThat(previous.status()).isEqualTo(Status.ACCEPTED);
        assertThat(previous.details()).containsEntry("stepOffset", "-1");
        Result current = verify(mfa, code(Duration.ZERO));
        assertThat(current.status()).isEqualTo(Status.ACCEPTED);
        assertThat(current.details()).containsEntry("stepOffset", "0");
        Result next = verify(mfa, code(steps(1)));
        assertThat(next.status()).isEqualTo(Status.ACCEPTED);
        assertThat(next.details()).containsEntry("stepOffset", "1");
        assertThat(events.events(MfaEvent.Verified.class)).extracting(e -> e.details().get("stepOffset"))
                .containsExactly("-1", "0", "1");
    }

    @Test
    void windowOfOneRefusesTwoStepsAway() {
        Mfa mfa = enrolled(Map.of());
        Result later = verify(mfa, code(steps(2)));
        assertThat(later.status()).isEqualTo(Status.REJECTED);
        assertThat(later.reason()).contains(FailureReason.WRONG_CODE);
        Result earlier = verify(mfa, code(steps(-2)));
        assertThat(earlier.status()).isEqualTo(Status.REJECTED);
        assertThat(earlier.reason()).contains(FailureReason.WRONG_CODE);
        assertThat(mfa.overview(user).provider(ID).orElseThrow().failures()).isEqualTo(2);
    }

    @Test
    void windowOfZeroAcceptsOnlyTheCurrentStep() {
        Mfa mfa = enrolled(Map.of("window", "0"));
        assertThat(verify(mfa, code(steps(1))).status()).isEqualTo(Status.REJECTED);
        assertThat(verify(mfa, code(steps(-1))).status()).isEqualTo(Status.REJECTED);
        assertThat(verify(mfa, code(Duration.ZERO)).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void widerWindowFromSettings() {
        Mfa mfa = enrolled(Map.of("window", "2"));
        Result r = verify(mfa, code(steps(2)));
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        assertThat(r.details()).containsEntry("stepOffset", "2");
    }

    // ------------------------------------------------------------------ replay

    @Test
    void thePromptSaysHowManyDigits() {
        Mfa mfa = enrolled(Map.of());
        assertThat(mfa.prompt(user, ID, MfaSession.of("s")).instructions())
                .contains("Enter the 6-digit code from your authenticator app.");
    }

    @Test
    void sameCodeTwiceIsAReplay() {
        Mfa mfa = enrolled(Map.of());
        String now = code(Duration.ZERO);
        assertThat(verify(mfa, now).status()).isEqualTo(Status.ACCEPTED);
        Result again = verify(mfa, now);
        assertThat(again.status()).isEqualTo(Status.REJECTED);
        assertThat(again.reason()).contains(FailureReason.REPLAY);
        assertThat(again.remainingAttempts()).as("a double submit in the session it signed in costs nothing")
                .isEqualTo(3);
        assertThat(events.events(MfaEvent.Failed.class)).isEmpty();
        Result elsewhere = mfa.verify(user, ID, MfaInput.code(now), MfaSession.of("another-session"));
        assertThat(elsewhere.reason()).contains(FailureReason.REPLAY);
        assertThat(elsewhere.remainingAttempts()).as("a replay in another session counts as a failure").isEqualTo(2);
        assertThat(events.events(MfaEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.name()).isEqualTo("replay"));
    }

    @Test
    void olderCodeAfterNewerIsAReplay() {
        Mfa mfa = enrolled(Map.of());
        assertThat(verify(mfa, code(steps(1))).status()).isEqualTo(Status.ACCEPTED);
        Result older = verify(mfa, code(Duration.ZERO));
        assertThat(older.status()).isEqualTo(Status.REJECTED);
        assertThat(older.reason()).contains(FailureReason.REPLAY);
        Result oldest = verify(mfa, code(steps(-1)));
        assertThat(oldest.reason()).contains(FailureReason.REPLAY);
    }

    @Test
    void theActivationCodeCannotBeUsedAgain() {
        Mfa mfa = mfa(Map.of());
        mfa.setup(user, ID, MfaSession.of("s")).view().orElseThrow();
        String now = code(Duration.ZERO);
        assertThat(mfa.activate(user, ID, MfaInput.code(now), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
        assertThat(verify(mfa, now).reason()).contains(FailureReason.REPLAY);
        clock.advance(steps(1));
        assertThat(verify(mfa, code(Duration.ZERO)).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void sameCodeFromEightThreadsIsAcceptedOnce() throws Exception {
        Mfa mfa = enrolled(Map.of());
        String now = code(Duration.ZERO);
        int threads = 8;
        List<Result> results = Race.run(threads, n -> mfa.verify(user, ID, MfaInput.code(now), MfaSession.of("session-" + n)));
        assertThat(results).filteredOn(Result::isAccepted).hasSize(1);
        assertThat(results).filteredOn(r -> !r.isAccepted())
                .allSatisfy(r -> assertThat(r.status()).isIn(Status.REJECTED, Status.LOCKED))
                .filteredOn(r -> r.status() == Status.REJECTED)
                .allSatisfy(r -> assertThat(r.reason()).contains(FailureReason.REPLAY));
        assertThat(events.events(MfaEvent.Verified.class)).hasSize(1);
    }

    // ------------------------------------------------------------------ input validation

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("five digits", "12345"),
                Arguments.of("seven digits", "1234567"),
                Arguments.of("letters", "abcdef"),
                Arguments.of("digits and a letter", "12345a"),
                Arguments.of("plus sign", "+123456"),
                Arguments.of("plus sign, six characters", "+12345"),
                Arguments.of("a dash and five digits", "-12345"),
                Arguments.of("tab inside", "123\t456"),
                Arguments.of("trailing tab", "123456\t"),
                Arguments.of("line feed", "123456\n"),
                Arguments.of("information separator U+001C", "123\u001C456"),
                Arguments.of("full-width digits", "\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16"),
                Arguments.of("Arabic-Indic digits", "\u0661\u0662\u0663\u0664\u0665\u0666"),
                Arguments.of("NUL inside", "123\u0000456"),
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("only spaces", "      "),
                Arguments.of("one megabyte", "1".repeat(1 << 20)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputIsATypedRejectionAndCounts(String what, String typed) {
        Mfa mfa = enrolled(Map.of());
        Result r = mfa.verify(user, ID, MfaInput.code(typed), MfaSession.of("s"));
        assertThat(r.status()).isEqualTo(Status.REJECTED);
        assertThat(r.reason()).contains(FailureReason.MALFORMED_INPUT);
        assertThat(r.remainingAttempts()).isEqualTo(2);
        assertThat(mfa.overview(user).provider(ID).orElseThrow().failures()).isEqualTo(1);
        assertThat(events.events(MfaEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(FailureReason.MALFORMED_INPUT));
    }

    @Test
    void spacesAndDashesAreIgnored() {
        Mfa mfa = enrolled(Map.of());
        String now = code(Duration.ZERO);
        String spaced = " " + now.substring(0, 3) + " \u00A0" + now.substring(3) + " ";
        assertThat(verify(mfa, spaced).status()).isEqualTo(Status.ACCEPTED);
        clock.advance(Duration.ofSeconds(30));
        String next = code(Duration.ZERO);
        assertThat(verify(mfa, next.substring(0, 3) + "-" + next.substring(3)).status()).isEqualTo(Status.ACCEPTED);
        clock.advance(Duration.ofSeconds(30));
        String third = code(Duration.ZERO);
        assertThat(verify(mfa, third.substring(0, 3) + "\u2013" + third.substring(3)).status()).as("an en dash")
                .isEqualTo(Status.ACCEPTED);
    }

    @Test
    void allZerosIsAValidCode() {
        // With the RFC seed, step 59995833 (2027-01-14T...) has the code 000000; googleauth agrees.
        Instant zeroStep = Instant.ofEpochSecond(59_995_833L * 30);
        assertThat(TotpTestKit.reference(SECRET_B32, zeroStep)).isEqualTo("000000");
        clock.set(zeroStep);
        Mfa mfa = enrolled(Map.of());
        assertThat(verify(mfa, "000000").status()).isEqualTo(Status.ACCEPTED);
        assertThat(verify(mfa, "000000").reason()).contains(FailureReason.REPLAY);
    }

    // ------------------------------------------------------------------ setup and activation

    @Test
    void setupShowsSecretUriAndParameters() {
        MfaUser bob = MfaUser.builder("bob").accountLabel("bob smith@example.com").build();
        Mfa mfa = mfa(Map.of("issuer", "ACME Co/Intranet"));
        View view = mfa.setup(bob, ID, MfaSession.of("s")).view().orElseThrow();
        assertThat(view.require(TotpProviderFactory.VIEW_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(view.require(TotpProviderFactory.VIEW_URI)).isEqualTo("otpauth://totp/ACME%20Co%2FIntranet:"
                + "bob%20smith%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co%2FIntranet");
        assertThat(view.require(TotpProviderFactory.VIEW_ALGORITHM)).isEqualTo("SHA1");
        assertThat(view.require(TotpProviderFactory.VIEW_DIGITS)).isEqualTo("6");
        assertThat(view.require(TotpProviderFactory.VIEW_PERIOD)).isEqualTo("30");
        assertThat(view.binary(TotpProviderFactory.VIEW_QR_PNG)).isPresent();
    }

    @Test
    void uriNamesParametersThatAreNotDefault() {
        Mfa mfa = mfa(Map.of("issuer", "Zürich", "algorithm", "HmacSHA256", "digits", "8", "period", "60"));
        String uri = mfa.setup(user, ID, MfaSession.of("s")).view().orElseThrow().require(TotpProviderFactory.VIEW_URI);
        assertThat(uri).isEqualTo("otpauth://totp/Z%C3%BCrich:alice%40example.com?secret="
                + "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Z%C3%BCrich&algorithm=SHA256&digits=8&period=60");
    }

    @ParameterizedTest
    @EnumSource(HmacAlgorithm.class)
    void freshSecretsAreRandomAndMatchTheReference(HmacAlgorithm algorithm) {
        Mfa mfa = TotpTestKit.mfa(clock, new TotpProviderFactory(),
                Map.of("algorithm", algorithm.name(), "digits", "7"), events);
        Base32 base32 = new Base32();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MfaUser u = MfaUser.of("fresh-" + i);
            View view = mfa.setup(u, ID, MfaSession.of("s")).view().orElseThrow();
            String secret = view.require(TotpProviderFactory.VIEW_SECRET);
            assertThat(secret).matches("[A-Z2-7]+");
            assertThat(base32.decode(secret)).hasSize(algorithm.keyBytes());
            seen.add(secret);
            clock.advance(steps(1));
            String typed = TotpTestKit.reference(secret, algorithm, 7, 30, clock.instant());
            assertThat(mfa.activate(u, ID, MfaInput.code(typed), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
            clock.advance(steps(1));
            typed = TotpTestKit.reference(secret, algorithm, 7, 30, clock.instant());
            assertThat(mfa.verify(u, ID, MfaInput.code(typed), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen.get(0).length()).isEqualTo((algorithm.keyBytes() * 8 + 4) / 5);
    }

    @Test
    void activationNeedsACodeOfThePendingSecret() {
        Mfa mfa = mfa(Map.of());
        mfa.setup(user, ID, MfaSession.of("s")).view().orElseThrow();
        Result wrong = mfa.activate(user, ID, MfaInput.code(code(steps(5))), MfaSession.of("s"));
        assertThat(wrong.status()).isEqualTo(Status.REJECTED);
        assertThat(mfa.overview(user).provider(ID).orElseThrow().active()).isFalse();
        assertThat(mfa.activate(user, ID, MfaInput.code(code(Duration.ZERO)), MfaSession.of("s")).status())
                .isEqualTo(Status.ACCEPTED);
    }

    @Test
    void thePendingSecretCannotBeSwappedByTheClient() {
        Mfa mfa = TotpTestKit.mfa(clock, new TotpProviderFactory(), Map.of(), events);
        mfa.setup(user, ID, MfaSession.of("s")).view().orElseThrow();
        // A client offers its own secret with a matching code: only the stored pending secret counts.
        Map<String, String> forged = new HashMap<>();
        forged.put("secret", SECRET_B32);
        forged.put("code", code(Duration.ZERO));
        Result r = mfa.activate(user, ID, MfaInput.of(forged), MfaSession.of("s"));
        assertThat(r.status()).isEqualTo(Status.REJECTED);
        assertThat(mfa.overview(user).provider(ID).orElseThrow().active()).isFalse();
    }

    @Test
    void aNewSetupReplacesThePendingSecret() {
        Mfa mfa = TotpTestKit.mfa(clock, new TotpProviderFactory(), Map.of(), events);
        String first = mfa.setup(user, ID, MfaSession.of("s")).view().orElseThrow().require(TotpProviderFactory.VIEW_SECRET);
        String second = mfa.setup(user, ID, MfaSession.of("s")).view().orElseThrow().require(TotpProviderFactory.VIEW_SECRET);
        assertThat(second).isNotEqualTo(first);
        String firstCode = TotpTestKit.reference(first, clock.instant());
        String secondCode = TotpTestKit.reference(second, clock.instant());
        if (!firstCode.equals(secondCode)) {
            assertThat(mfa.activate(user, ID, MfaInput.code(firstCode), MfaSession.of("s")).status()).isEqualTo(Status.REJECTED);
        }
        assertThat(mfa.activate(user, ID, MfaInput.code(secondCode), MfaSession.of("s")).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void parametersStayWithTheCredentialWhenSettingsChange() {
        MfaStore store = new InMemoryMfaStore();
        SecretKeys keys = SecretKeys.ephemeral(new SecureRandom());
        Mfa before = TotpTestKit.mfa(clock, store, keys, TotpTestKit.fixedSecret(TotpTestKit.SEED_SHA1),
                Map.of(), events);
        before.setup(user, ID, MfaSession.of("s")).view().orElseThrow();
        assertThat(before.activate(user, ID, MfaInput.code(code(Duration.ZERO)), MfaSession.of("s")).status())
                .isEqualTo(Status.ACCEPTED);

        Mfa after = TotpTestKit.mfa(clock, store, keys, TotpTestKit.fixedSecret(TotpTestKit.SEED_SHA1),
                Map.of("digits", "8", "algorithm", "SHA512", "period", "60", "window", "0"), events);
        clock.advance(steps(1));
        Result r = after.verify(user, ID, MfaInput.code(code(Duration.ZERO)), MfaSession.of("s"));
        assertThat(r.status()).as("6 digits, SHA1, 30 s, window 1 as enrolled").isEqualTo(Status.ACCEPTED);
        assertThat(after.overview(user).provider(ID).orElseThrow().details())
                .containsEntry("digits", "6").containsEntry("algorithm", "SHA1").containsEntry("period", "30")
                .containsEntry("window", "1");
    }

    @Test
    void theSecretIsSealedInTheStore() {
        MfaStore store = new InMemoryMfaStore();
        Mfa mfa = TotpTestKit.mfa(clock, store, SecretKeys.ephemeral(new SecureRandom()),
                TotpTestKit.fixedSecret(TotpTestKit.SEED_SHA1), Map.of(), events);
        mfa.setup(user, ID, MfaSession.of("s")).view().orElseThrow();
        Object stored = UserDocument.of(store.load(user.id()).orElseThrow().document()).provider(ID).orElseThrow().properties()
                .get(TotpProvider.SECRET);
        assertThat(stored).isInstanceOf(String.class);
        assertThat((String) stored).doesNotContain(SECRET_B32).doesNotContain("12345678901234567890");
    }

    // ------------------------------------------------------------------ configuration

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("issuer", "ACME:Corp"),
                Arguments.of("algorithm", "MD5"),
                Arguments.of("digits", "5"),
                Arguments.of("digits", "9"),
                Arguments.of("period", "10"),
                Arguments.of("period", "121"),
                Arguments.of("period", "PT30.5S"),
                Arguments.of("window", "-1"),
                Arguments.of("window", "11"),
                Arguments.of("qr-scale", "0"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badSettings")
    void invalidSettingsFailAtBuild(String key, String value) {
        assertThatThrownBy(() -> mfa(Map.of(key, value)))
                .isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("'" + key + "'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("'" + value + "'"));
    }
}
