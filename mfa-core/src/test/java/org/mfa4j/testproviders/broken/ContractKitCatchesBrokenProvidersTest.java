package org.mfa4j.testproviders.broken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.testing.ForwardingProvider;
import org.mfa4j.testing.MfaProviderContractTest;

/**
 * The contract kit catches each kind of broken provider, and only by the check that names the flaw: every
 * other check passes, as they all do for the correct providers. Each run is a JUnit Platform launch of one
 * kit subclass, with the parameter that enables the broken ones ({@link OnlyUnderKitCheck}).
 */
class ContractKitCatchesBrokenProvidersTest {

    /** How each of the kit's checks ended for one provider: by test method, "passed", "failed: ..." or "skipped: ...". */
    private static Map<String, String> runKit(String className) {
        Map<String, String> outcomes = new TreeMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    outcomes.put(method(test), switch (result.getStatus()) {
                        case SUCCESSFUL -> "passed";
                        case FAILED -> "failed: " + result.getThrowable().map(Throwable::getMessage).orElse("");
                        case ABORTED -> "skipped: " + result.getThrowable().map(Throwable::getMessage).orElse("");
                    });
                }
            }

            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                outcomes.put(test.isTest() ? method(test) : "(class " + test.getDisplayName() + ")",
                        "skipped: " + reason);
            }
        };
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(className))
                .configurationParameter(OnlyUnderKitCheck.PARAMETER, "true").build(), listener);
        return outcomes;
    }

    private static String method(TestIdentifier test) {
        return test.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getMethodName())
                .orElse(test.getDisplayName());
    }

    /** The kit's checks: its test methods. */
    private static Set<String> checks() {
        return Arrays.stream(MfaProviderContractTest.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)).map(Method::getName).collect(Collectors.toSet());
    }

    private static Map<String, String> kit(Class<?> kitClass) {
        return runKit(kitClass.getName());
    }

    /** Every check passed, except {@code failing}, which failed with a message that contains {@code because}. */
    private static void onlyFails(Map<String, String> outcomes, String failing, String because) {
        assertThat(outcomes.keySet()).as("every check ran").isEqualTo(checks());
        Map<String, String> others = new LinkedHashMap<>(outcomes);
        String outcome = others.remove(failing);
        assertThat(outcome).as("the check for the flaw").startsWith("failed: ").contains(because);
        assertThat(others).as("every other check").allSatisfy((check, o) -> assertThat(o).isEqualTo("passed"));
    }

    @Test
    void theCorrectProvidersPassEveryCheck() {
        assertThat(kit(CodeListKits.Correct.class)).isEqualTo(passing(checks()));
        assertThat(runKit("org.mfa4j.testproviders.SentCodeProviderContractTest")).isEqualTo(passing(checks()));
        Map<String, String> card = runKit("org.mfa4j.testproviders.CodeProviderContractTest");
        assertThat(card.remove("theSameValidAnswerIsNotAcceptedTwice"))
                .as("a code card's code is reusable by design").startsWith("skipped: ");
        assertThat(card).isEqualTo(passing(Set.copyOf(card.keySet()))).hasSize(checks().size() - 1);
    }

    private static Map<String, String> passing(Set<String> checks) {
        Map<String, String> all = new TreeMap<>();
        checks.forEach(c -> all.put(c, "passed"));
        return all;
    }

    @Test
    void aSecretStoredInClearIsCaught() {
        onlyFails(kit(CodeListKits.CodesInClear.class), "noSetupValueOrAnswerIsStoredInClear",
                "after setup: stored property 'unused' keeps the setup value");
    }

    @Test
    void aSecretStoredBase64EncodedIsCaught() {
        onlyFails(kit(CodeListKits.CodesInBase64.class), "noSetupValueOrAnswerIsStoredInClear",
                "after setup: stored property 'unused' keeps the setup value");
    }

    @Test
    void theSameAnswerAcceptedTwiceIsCaught() {
        onlyFails(kit(CodeListKits.AcceptsACodeTwice.class), "theSameValidAnswerIsNotAcceptedTwice",
                "the same answer again, in another session");
    }

    @Test
    void oneCodeOfTheListInTheOutcomesDetailsIsCaught() {
        onlyFails(kit(CodeListKits.CodeInDetails.class), "noViewValueInResultsEventsOrToString", "leaked into Result");
    }

    @Test
    void oneCodeOfTheListInANoticeIsCaught() {
        onlyFails(kit(CodeListKits.CodeInNotice.class), "noViewValueInResultsEventsOrToString", "leaked into Notice");
    }

    @Test
    void aMailSentInsideSetupIsCaught() {
        onlyFails(kit(CodeListKits.MailsInSetup.class), "aSetupRunAgainAfterAConflictHasItsSideEffectsOnce",
                "side effects of a setup the core ran twice");
    }

    @Test
    void aMailSentInsideVerifyIsCaught() {
        onlyFails(kit(CodeListKits.MailsInVerify.class), "aVerificationRunAgainAfterAConflictHasItsSideEffectsOnce",
                "side effects of a verification the core ran twice");
    }

    @Test
    void theBrokenProvidersAreDisabledInOrdinaryRuns() {
        Map<String, String> outcomes = new TreeMap<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(CodeListKits.CodesInClear.class)).build(), new TestExecutionListener() {
                    @Override
                    public void executionSkipped(TestIdentifier test, String reason) {
                        outcomes.put(test.getDisplayName(), reason);
                    }

                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (test.isTest()) {
                            outcomes.put(method(test), result.getStatus().name());
                        }
                    }
                });
        assertThat(outcomes).as("the class is skipped, no check runs").hasSize(1)
                .containsValue("a provider broken on purpose: only ContractKitCatchesBrokenProvidersTest runs the kit "
                        + "against it");
    }

    /** The kit counts deliveries by wrapping the provider; each method must reach the provider itself. */
    @Test
    void theKitHandsEveryProviderMethodOn() {
        assertThat(Arrays.stream(ForwardingProvider.class.getDeclaredMethods())
                .map(ContractKitCatchesBrokenProvidersTest::signature))
                .containsAll(Arrays.stream(MfaProvider.class.getMethods())
                        .map(ContractKitCatchesBrokenProvidersTest::signature).toList());
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }
}
