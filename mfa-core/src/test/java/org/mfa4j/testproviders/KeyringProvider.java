package org.mfa4j.testproviders;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.mfa4j.MfaInput;
import org.mfa4j.View;
import org.mfa4j.spi.Credential;
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
 * A test provider with several credentials, like security keys: each setup makes a fixed 8-digit code for a
 * new credential (labelled by the setup input's {@code label}), its activation adds the credential, and an
 * answer is accepted when it is the code of any credential the user still has.
 */
public final class KeyringProvider implements MfaProviderFactory {

    public static final String ID = "keyring";
    private static final String PENDING_CODE = "pending.code";
    private static final String PENDING_LABEL = "pending.label";

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder(ID).title("Key ring").multipleCredentials(true).build();
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        return new MfaProvider() {
            @Override
            public Setup setup(PropertyManager properties) {
                return setup(MfaInput.empty(), properties);
            }

            @Override
            public Setup setup(MfaInput input, PropertyManager properties) {
                String code = String.format("%08d", context.random().nextInt(100_000_000));
                properties.putSecret(PENDING_CODE, ascii(code));
                properties.putString(PENDING_LABEL, input.param("label").orElse("key"));
                return Setup.of(View.builder().put("code", code).build());
            }

            @Override
            public Outcome activate(MfaInput input, PropertyManager properties) {
                Optional<SecretBytes> pending = properties.getSecret(PENDING_CODE);
                if (pending.isEmpty() || input.code().isEmpty()) {
                    return Outcome.reject(FailureReason.MALFORMED_INPUT);
                }
                if (!pending.get().equalsBytes(input.code().get().getBytes(StandardCharsets.US_ASCII))) {
                    return Outcome.reject(FailureReason.WRONG_CODE);
                }
                Credential c = properties.addCredential(properties.getString(PENDING_LABEL).orElse("key"));
                c.putSecret("code", pending.get());
                properties.remove(PENDING_CODE);
                properties.remove(PENDING_LABEL);
                return Outcome.accept();
            }

            @Override
            public Outcome verify(MfaInput input, PropertyManager properties) {
                byte[] typed = input.code().orElse("").getBytes(StandardCharsets.US_ASCII);
                for (Credential c : properties.credentials()) {
                    if (c.getSecret("code").orElseThrow().equalsBytes(typed)) {
                        c.markUsed();
                        return Outcome.accept();
                    }
                }
                return Outcome.reject(FailureReason.WRONG_CODE);
            }
        };
    }

    private static SecretBytes ascii(String code) {
        return SecretBytes.copyOf(code.getBytes(StandardCharsets.US_ASCII));
    }
}
