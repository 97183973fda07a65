package org.mfa4j.testproviders.broken;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps the contract kit's runs against broken providers out of every ordinary test run (Maven, an IDE,
 * {@code -Dtest=...}): they fail on purpose. Only {@link ContractKitCatchesBrokenProvidersTest} enables
 * them, by setting the configuration parameter {@value #PARAMETER} on the runs it starts.
 */
public final class OnlyUnderKitCheck implements ExecutionCondition {

    static final String PARAMETER = "mfa4j.kit-check";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER).filter("true"::equals).isPresent()
                ? ConditionEvaluationResult.enabled("started by ContractKitCatchesBrokenProvidersTest")
                : ConditionEvaluationResult.disabled("a provider broken on purpose: only "
                        + "ContractKitCatchesBrokenProvidersTest runs the kit against it");
    }
}
