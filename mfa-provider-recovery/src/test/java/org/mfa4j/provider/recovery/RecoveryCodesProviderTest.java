package org.mfa4j.provider.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mfa4j.Change;
import org.mfa4j.ChangeStatus;
import org.mfa4j.InvalidRequestException;
import org.mfa4j.Mfa;
import org.mfa4j.MfaConfigurationException;
import org.mfa4j.MfaEvent;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.ProviderOverview;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.spi.FactorKind;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.ContractBaseProvider;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.Race;
import org.mfa4j.testing.RecordingListener;

/** Recovery codes through the public {@code Mfa} API. */
class RecoveryCodesProviderTest {

    private static final String ID = RecoveryTestKit.ID;
    private static final String FORMAT = "[23456789ABCDEFGHJKMNPQRSTVWXYZ]{5}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{5}"
            + "-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{5}";

    private final MutableClock clock = MutableClock.startingAt2026();
    private final RecordingListener events = new RecordingListener();
    private final InMemoryMfaStore store = new InMemoryMfaStore();
    private final MfaUser user = MfaUser.of("user-1");
    private final AtomicInteger kdfCalls = new AtomicInteger();
    private final RecoveryCodesProviderFactory counting = new RecoveryCodesProviderFactory((code, salt, n) -> {
        kdfCalls.incrementAndGet();
        return CodeHasher.hash(code, salt, n);
    });

    private Mfa mfa(Map<String, String> settings) {
        return RecoveryTestKit.mfa(store, clock, counting, settings, events);
    }

    private Result verify(Mfa mfa, String typed) {
        return mfa.verify(user, ID, MfaInput.code(typed), MfaSession.of("s"));
    }

    private ProviderOverview overview(Mfa mfa) {
        return mfa.overview(user).provider(ID).orElseThrow();
    }

    // ------------------------------------------------------------------ descriptor and form

    @Test
    void descriptorIsACompanionKnowledgeFactorThatIsNeverDefault() {
        ProviderDescriptor d = new RecoveryCodesProviderFactory().descriptor();
        assertThat(d.id()).isEqualTo("recovery");
        assertThat(d.requiresOtherActive()).isTrue();
        assertThat(d.kind()).isEqualTo(FactorKind.KNOWLEDGE);
        assertThat(d.mayBeDefault()).isFalse();
    }

    @Test
    void tenDistinctCodesInGroupsOfAnUnambiguousAlphabet() {
        Mfa mfa = mfa(Map.of());
        View view = setUp(mfa);
        List<String> codes = RecoveryTestKit.codes(view);
        assertThat(codes).hasSize(10).doesNotHaveDuplicates().allSatisfy(c -> assertThat(c).matches(FORMAT));
        assertThat(view.require(RecoveryCodesProviderFactory.VIEW_COUNT)).isEqualTo("10");
        assertThat(String.join("", codes)).doesNotContain("0", "O", "1", "I", "L", "U");
    }

    @Test
    void eachCodeCarriesAtLeast64BitsAndCharactersAreUniform() {
        double bits = RecoveryCode.LENGTH * Math.log(RecoveryCode.ALPHABET.length()) / Math.log(2);
        assertThat(bits).isGreaterThanOrEqualTo(64);
        assertThat(RecoveryCode.ALPHABET.chars().distinct().count()).isEqualTo(RecoveryCode.ALPHABET.length());

        SecureRandom random = new SecureRandom();
        int[] counts = new int[128];
        int codes = 2_000;
        for (int i = 0; i < codes; i++) {
            for (char c : RecoveryCode.generate(random).replace("-", "").toCharArray()) {
                counts[c]++;
            }
        }
        double expected = codes * RecoveryCode.LENGTH / (double) RecoveryCode.ALPHABET.length(); // 1000
        for (char c : RecoveryCode.ALPHABET.toCharArray()) {
            // Six standard deviations (about 31 here) either side.
            assertThat(counts[c]).as("count of %s", c).isBetween((int) (expected - 190), (int) (expected + 190));
        }
    }

    @Test
    void codesComeFromTheContextRandomSource() {
        // Two engines whose one random source is seeded alike produce the same codes; nothing else random
        // (no other SecureRandom, no time) goes into them.
        List<List<String>> sets = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Mfa seeded = RecoveryTestKit.builder(new InMemoryMfaStore(), SecretKeys.ephemeral(new SecureRandom()),
                    clock, new RecoveryCodesProviderFactory(), Map.of(), events).random(seeded42()).build();
            sets.add(RecoveryTestKit.codes(setUp(seeded)));
        }
        assertThat(sets.get(0)).isEqualTo(sets.get(1));
        List<String> unseeded = RecoveryTestKit.codes(setUp(mfa(Map.of())));
        assertThat(unseeded).doesNotContainAnyElementsOf(sets.get(0));
    }

    /** The base provider, then a recovery code setup with the proof the base's activation gave. */
    private View setUp(Mfa mfa) {
        return RecoveryTestKit.setup(mfa, user, RecoveryTestKit.activateBase(mfa, user));
    }

    private static SecureRandom seeded42() {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(42L);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void codesAreNotStoredAndShownOnlyOnce() {
        Mfa mfa = mfa(Map.of());
        List<String> codes = RecoveryTestKit.enrol(mfa, user);
        String stored = UserDocument.of(store.load(user.id()).orElseThrow().document()).provider(ID).orElseThrow().properties()
                .toString();
        for (String code : codes) {
            assertThat(stored).doesNotContain(code).doesNotContain(code.replace("-", ""));
        }
        assertThat(overview(mfa).details()).containsEntry("remaining", "10").containsEntry("total", "10")
                .containsEntry("low", "false");
        assertThat(overview(mfa).details().values()).noneMatch(v -> codes.stream().anyMatch(v::contains));
    }

    // ------------------------------------------------------------------ use

    @Test
    void eachCodeWorksOnce() {
        Mfa mfa = mfa(Map.of());
        List<String> codes = RecoveryTestKit.enrol(mfa, user);
        Result first = verify(mfa, codes.get(3));
        assertThat(first.status()).isEqualTo(Status.ACCEPTED);
        assertThat(first.details()).containsEntry("remaining", "9");
        Result again = verify(mfa, codes.get(3));
        assertThat(again.status()).isEqualTo(Status.REJECTED);
        assertThat(again.reason()).contains(FailureReason.REPLAY);
        assertThat(overview(mfa).failures()).as("a double submit in the session it signed in").isZero();
        Result elsewhere = mfa.verify(user, ID, MfaInput.code(codes.get(3)),
                MfaSession.of("another-session"));
        assertThat(elsewhere.reason()).contains(FailureReason.REPLAY);
        assertThat(overview(mfa).failures()).as("a replay in another session counts").isEqualTo(1);
        assertThat(verify(mfa, codes.get(4)).status()).isEqualTo(Status.ACCEPTED);
        assertThat(overview(mfa).details()).containsEntry("remaining", "8");
    }

    @Test
    void theActivationCodeIsNotUsedUp() {
        Mfa mfa = mfa(Map.of());
        List<String> codes = RecoveryTestKit.enrol(mfa, user);
        assertThat(verify(mfa, codes.get(0)).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void activationNeedsOneOfTheCodesShown() {
        Mfa mfa = mfa(Map.of());
        MfaSession session = RecoveryTestKit.activateBase(mfa, user);
        View view = RecoveryTestKit.setup(mfa, user, session);
        assertThat(mfa.activate(user, ID, MfaInput.code(RecoveryTestKit.NOT_IN_ANY_SET), session).reason())
                .contains(FailureReason.WRONG_CODE);
        assertThat(mfa.activate(user, ID, MfaInput.code("nope"), session).reason())
                .contains(FailureReason.MALFORMED_INPUT);
        assertThat(overview(mfa).active()).isFalse();
        assertThat(mfa.activate(user, ID, MfaInput.code(RecoveryTestKit.codes(view).get(9)), session).status())
                .isEqualTo(Status.ACCEPTED);
    }

    @Test
    void inputIsNormalised() {
        Mfa mfa = mfa(Map.of());
        List<String> codes = RecoveryTestKit.enrol(mfa, user);
        assertThat(verify(mfa, codes.get(1).toLowerCase(Locale.ROOT)).status()).isEqualTo(Status.ACCEPTED);
        assertThat(verify(mfa, codes.get(2).replace("-", "")).status()).isEqualTo(Status.ACCEPTED);
        String spaced = " " + codes.get(3).replace("-", " ").toLowerCase(Locale.ROOT) + " ";
        assertThat(verify(mfa, spaced).status()).isEqualTo(Status.ACCEPTED);
        String pasted = codes.get(4).replace("-", "\u2013") + "\u00A0"; // an en dash, a no-break space
        assertThat(verify(mfa, pasted).status()).isEqualTo(Status.ACCEPTED);
        // A control character is not a separator people type: the code is malformed (it used to be ignored).
        Result tab = verify(mfa, codes.get(5) + "\t");
        assertThat(tab.status()).isEqualTo(Status.REJECTED);
        assertThat(tab.reason()).contains(FailureReason.MALFORMED_INPUT);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("too short", "ABCDE-FGHJK-MNPQ"),
                Arguments.of("too long", "ABCDE-FGHJK-MNPQR-S"),
                Arguments.of("zero", "0BCDE-FGHJK-MNPQR"),
                Arguments.of("letter O", "OBCDE-FGHJK-MNPQR"),
                Arguments.of("one", "1BCDE-FGHJK-MNPQR"),
                Arguments.of("letter I", "IBCDE-FGHJK-MNPQR"),
                Arguments.of("letter L", "LBCDE-FGHJK-MNPQR"),
                Arguments.of("punctuation", "ABCDE_FGHJK_MNPQR"),
                Arguments.of("full-width letters", "\uFF21BCDE-FGHJK-MNPQR"),
                Arguments.of("tab", "ABCDE\tFGHJK-MNPQR"),
                Arguments.of("line feed", "ABCDE-FGHJK-MNPQR\n"),
                Arguments.of("information separator U+001C", "ABCDE\u001CFGHJK-MNPQR"),
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("one megabyte", "A".repeat(1 << 20)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputIsRefusedBeforeHashingAndCounts(String what, String typed) {
        Mfa mfa = mfa(Map.of());
        RecoveryTestKit.enrol(mfa, user);
        kdfCalls.set(0);
        Result r = mfa.verify(user, ID, MfaInput.code(typed), MfaSession.of("s"));
        assertThat(r.status()).isEqualTo(Status.REJECTED);
        assertThat(r.reason()).contains(FailureReason.MALFORMED_INPUT);
        assertThat(kdfCalls).as("no KDF for malformed input").hasValue(0);
        assertThat(overview(mfa).failures()).isEqualTo(1);
        assertThat(events.events(MfaEvent.Failed.class)).singleElement()
                .satisfies(f -> assertThat(f.reason()).isEqualTo(FailureReason.MALFORMED_INPUT));
    }

    @Test
    void oneVerificationCostsOneKdfWhateverIsLeft() {
        Mfa mfa = mfa(Map.of());
        List<String> codes = RecoveryTestKit.enrol(mfa, user);
        for (int i = 1; i < codes.size(); i++) {
            kdfCalls.set(0);
            assertThat(verify(mfa, codes.get(i)).status()).isEqualTo(Status.ACCEPTED);
            assertThat(kdfCalls).as("use %d", i).hasValue(1);
        }
        kdfCalls.set(0);
        assertThat(verify(mfa, RecoveryTestKit.NOT_IN_ANY_SET).reason()).contains(FailureReason.WRONG_CODE);
        assertThat(kdfCalls).hasValue(1);
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 32})
    void racingThreadsGetOneSuccess(int threads) throws Exception {
        Mfa mfa = mfa(Map.of());
        String code = RecoveryTestKit.enrol(mfa, user).get(5);
        List<Result> results = Race.run(threads, n -> mfa.verify(user, ID, MfaInput.code(code), MfaSession.of("session-" + n)));
        assertThat(results).filteredOn(Result::isAccepted).hasSize(1);
        assertThat(results).filteredOn(r -> r.status() == Status.REJECTED)
                .allSatisfy(r -> assertThat(r.reason()).contains(FailureReason.REPLAY));
        assertThat(results).filteredOn(r -> !r.isAccepted())
                .allSatisfy(r -> assertThat(r.status()).isIn(Status.REJECTED, Status.LOCKED));
        assertThat(overview(mfa).details()).containsEntry("remaining", "9");
    }

    @Test
    void regenerateVoidsTheWholeOldSet() {
        Mfa mfa = mfa(Map.of());
        List<String> old = RecoveryTestKit.enrol(mfa, user);
        Result signedIn = verify(mfa, old.get(1));
        assertThat(signedIn.status()).isEqualTo(Status.ACCEPTED);
        // Regenerating needs a fresh proof in the session: here the one signing in with a code gave.
        Change regenerated = mfa.update(user, ID, MfaInput.empty(), MfaSession.of("s").withProof(
                signedIn.proof().orElseThrow()));
        assertThat(regenerated.status()).isEqualTo(ChangeStatus.DONE);
        assertThat(regenerated.proof()).as("the session's next proof").isPresent();
        List<String> codes = RecoveryTestKit.codes(regenerated.view().orElseThrow());
        assertThat(codes).hasSize(10).doesNotContainAnyElementsOf(old);
        assertThat(overview(mfa).details()).containsEntry("remaining", "10");
        Result unusedOld = verify(mfa, old.get(2));
        assertThat(unusedOld.status()).isEqualTo(Status.REJECTED);
        assertThat(unusedOld.reason()).contains(FailureReason.WRONG_CODE);
        assertThat(verify(mfa, codes.get(0)).status()).isEqualTo(Status.ACCEPTED);
    }

    @Test
    void lowCodesNoticeWhenTwoOrFewerRemain() {
        Mfa mfa = mfa(Map.of());
        List<String> codes = RecoveryTestKit.enrol(mfa, user);
        for (int i = 0; i < 7; i++) {
            assertThat(verify(mfa, codes.get(i)).status()).isEqualTo(Status.ACCEPTED);
        }
        assertThat(events.events(MfaEvent.Notice.class)).isEmpty();
        assertThat(overview(mfa).details()).containsEntry("remaining", "3").containsEntry("low", "false");

        assertThat(verify(mfa, codes.get(7)).status()).isEqualTo(Status.ACCEPTED);
        assertThat(events.events(MfaEvent.Notice.class)).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo("low-codes");
            assertThat(n.providerId()).isEqualTo(ID);
            assertThat(n.userId()).isEqualTo(user.id());
            assertThat(n.attributes()).isEqualTo(Map.of("remaining", "2"));
        });
        assertThat(overview(mfa).details()).containsEntry("low", "true");
        verify(mfa, codes.get(8));
        assertThat(events.events(MfaEvent.Notice.class)).extracting(n -> n.attributes().get("remaining"))
                .containsExactly("2", "1");
    }

    @Test
    void lowCodesThresholdIsASetting() {
        Mfa mfa = mfa(Map.of("low-threshold", "8"));
        List<String> codes = RecoveryTestKit.enrol(mfa, user);
        verify(mfa, codes.get(1));
        assertThat(events.events(MfaEvent.Notice.class)).isEmpty();
        verify(mfa, codes.get(2));
        assertThat(events.events(MfaEvent.Notice.class)).singleElement()
                .satisfies(n -> assertThat(n.attributes()).containsEntry("remaining", "8"));
    }

    @Test
    void aFailedUseSendsNoNotice() {
        Mfa mfa = mfa(Map.of("low-threshold", "9"));
        List<String> codes = RecoveryTestKit.enrol(mfa, user);
        verify(mfa, RecoveryTestKit.NOT_IN_ANY_SET);
        assertThat(events.events(MfaEvent.Notice.class)).isEmpty();
        verify(mfa, codes.get(1));
        assertThat(events.events(MfaEvent.Notice.class)).hasSize(1);
    }

    @Test
    void iterationsStayWithTheSet() {
        SecretKeys keys = SecretKeys.ephemeral(new SecureRandom());
        Mfa before = RecoveryTestKit.builder(store, keys, clock, counting, Map.of("kdf-iterations", "10000"), events)
                .build();
        List<String> codes = RecoveryTestKit.enrol(before, user);
        assertThat(storedIterations()).isEqualTo(10_000L);

        Mfa after = RecoveryTestKit.builder(store, keys, clock, counting, Map.of("kdf-iterations", "20000"), events)
                .build();
        Result signedIn = verify(after, codes.get(1));
        assertThat(signedIn.status()).as("the old set keeps its count").isEqualTo(Status.ACCEPTED);
        assertThat(storedIterations()).isEqualTo(10_000L);
        View fresh = after.update(user, ID, MfaInput.empty(), MfaSession.of("s").withProof(
                signedIn.proof().orElseThrow())).view().orElseThrow();
        assertThat(storedIterations()).as("a new set takes the new count").isEqualTo(20_000L);
        assertThat(verify(after, RecoveryTestKit.codes(fresh).get(0)).status()).isEqualTo(Status.ACCEPTED);
    }

    private long storedIterations() {
        Object v = UserDocument.of(store.load(user.id()).orElseThrow().document()).provider(ID).orElseThrow().properties()
                .get(RecoveryCodesProvider.ITERATIONS);
        return ((Number) v).longValue();
    }

    // ------------------------------------------------------------------ companion rules

    @Test
    void cannotBeSetUpOrActivatedAlone() {
        Mfa mfa = mfa(Map.of());
        assertThatThrownBy(() -> mfa.setup(user, ID, MfaSession.of("s"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("another provider is active");
        // A pending (not yet active) base provider is not enough either.
        assertThat(mfa.setup(user, ContractBaseProvider.ID, MfaSession.of("s")).isDone()).isTrue();
        assertThatThrownBy(() -> mfa.setup(user, ID, MfaSession.of("s"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("another provider is active");
        assertThat(overview(mfa).active()).isFalse();
    }

    @Test
    void removedWithTheLastOtherProvider() {
        Mfa mfa = mfa(Map.of());
        RecoveryTestKit.Enrolment enrolment = RecoveryTestKit.enrolment(mfa, user);
        List<String> codes = enrolment.codes();
        assertThat(mfa.deactivate(user, ContractBaseProvider.ID, enrolment.session()).removed())
                .containsExactly(ContractBaseProvider.ID, ID);
        assertThat(events.events(MfaEvent.Deactivated.class))
                .filteredOn(d -> d.providerId().equals(ID)).singleElement()
                .satisfies(d -> assertThat(d.cause()).isEqualTo(MfaEvent.Deactivated.Cause.COMPANION_REMOVED));
        assertThat(UserDocument.of(store.load(user.id()).orElseThrow().document()).provider(ID)).isEmpty();
        assertThat(verify(mfa, codes.get(1)).status()).isEqualTo(Status.NOT_ACTIVE);
        assertThatThrownBy(() -> mfa.setup(user, ID, MfaSession.of("s"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("another provider is active");
    }

    @Test
    void removedWhenAnAdministratorResetsTheOtherProvider() {
        Mfa mfa = mfa(Map.of());
        RecoveryTestKit.enrol(mfa, user);
        assertThat(mfa.admin().reset(user.id(), ContractBaseProvider.ID)).contains(ID);
        assertThat(overview(mfa).active()).isFalse();
    }

    @Test
    void neverBecomesTheDefaultProvider() {
        Mfa mfa = mfa(Map.of());
        RecoveryTestKit.enrol(mfa, user);
        assertThat(mfa.overview(user).defaultProvider()).contains(ContractBaseProvider.ID);
        assertThatThrownBy(() -> mfa.setDefaultProvider(user, ID, MfaSession.of("s"))).isInstanceOf(InvalidRequestException.class);
    }

    // ------------------------------------------------------------------ configuration

    @ParameterizedTest
    @ValueSource(strings = {"kdf-iterations=9999", "kdf-iterations=many", "low-threshold=10", "low-threshold=-1"})
    void invalidSettingsFailAtBuild(String setting) {
        String[] kv = setting.split("=");
        assertThatThrownBy(() -> mfa(Map.of(kv[0], kv[1]))).isInstanceOf(MfaConfigurationException.class)
                .hasMessageContaining("'" + kv[0] + "'");
    }

    @Test
    void noCodeInResultsEventsOrToString() {
        Mfa mfa = mfa(Map.of("low-threshold", "9"));
        List<String> codes = RecoveryTestKit.enrol(mfa, user);
        Set<String> texts = new HashSet<>();
        texts.add(verify(mfa, codes.get(1)).toString());
        texts.add(verify(mfa, codes.get(1)).toString());
        texts.add(mfa.overview(user).toString());
        events.events().forEach(e -> texts.add(e.toString()));
        for (String code : codes) {
            assertThat(texts).noneMatch(t -> t.contains(code) || t.contains(code.replace("-", "")));
        }
    }
}
