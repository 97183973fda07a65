package org.mfa4j.testing;

import java.util.Map;
import org.mfa4j.MfaInput;
import org.mfa4j.View;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.SecretBytes;
import org.mfa4j.spi.Setup;

/**
 * A minimal provider the contract kit activates first when the provider under test can only be active
 * beside another one (recovery codes). Its answer is the fixed word {@link #ANSWER}.
 */
public final class ContractBaseProvider implements MfaProviderFactory, MfaProvider {

    public static final String ID = "contract-base";
    public static final String ANSWER = "base-answer";

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder(ID).title("Contract base").build();
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        return this;
    }

    @Override
    public Setup setup(PropertyManager properties) {
        properties.putSecret("answer", SecretBytes.copyOf(ANSWER.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return Setup.of(View.empty());
    }

    @Override
    public Outcome activate(MfaInput input, PropertyManager properties) {
        return verify(input, properties);
    }

    @Override
    public Outcome verify(MfaInput input, PropertyManager properties) {
        byte[] given = input.code().orElse("").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean ok = properties.getSecret("answer").map(s -> s.equalsBytes(given)).orElse(false);
        return ok ? Outcome.accept(Map.of()) : Outcome.reject(FailureReason.WRONG_CODE);
    }
}
