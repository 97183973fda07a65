package org.mfa4j.testproviders;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.mfa4j.ChangeStatus;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaProviderException;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Status;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.FactorKind;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.Setup;
import org.mfa4j.spi.code.CodeMessage;
import org.mfa4j.spi.code.OneTimeCodes;

/**
 * A sent-code provider written only on the core's one-time-code block, as the e-mail and SMS modules are:
 * the destination comes from the setup input {@code to}; the channel is an outbox in memory that can be
 * made to fail.
 */
public final class OtcProvider implements MfaProviderFactory {

    public static final String ID = "otc";

    public final List<CodeMessage> outbox = new CopyOnWriteArrayList<>();
    public volatile boolean failing;
    private final Consumer<OneTimeCodes.Builder> settings;

    public OtcProvider(Consumer<OneTimeCodes.Builder> settings) {
        this.settings = settings;
    }

    public String lastCode() {
        return outbox.get(outbox.size() - 1).code();
    }

    /** Enrols {@code id} with destination {@code to} through {@code mfa} (setup, then the code sent), and asserts it. */
    public MfaUser enrol(Mfa mfa, String id, String to) {
        MfaUser u = MfaUser.of(id);
        MfaSession s = MfaSession.of("enrol-" + id);
        assertThat(mfa.setup(u, ID, MfaInput.of(Map.of("to", to)), s).status()).isEqualTo(ChangeStatus.DONE);
        assertThat(mfa.activate(u, ID, MfaInput.code(lastCode()), s).status()).isEqualTo(Status.ACCEPTED);
        return u;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder(ID).title("Sent code").kind(FactorKind.POSSESSION).multipleCredentials(true)
                .build();
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        OneTimeCodes.Builder b = OneTimeCodes.builder(message -> {
            if (failing) {
                throw new MfaProviderException("the test channel is down");
            }
            outbox.add(message);
        }, context.random()).mask(to -> to.charAt(0) + "***");
        settings.accept(b);
        OneTimeCodes codes = b.build();
        return new MfaProvider() {
            @Override
            public Setup setup(PropertyManager properties) {
                throw new IllegalArgumentException("a destination is needed");
            }

            @Override
            public Setup setup(MfaInput input, PropertyManager properties) {
                String to = input.param("to").orElseThrow(() -> new IllegalArgumentException("a destination is needed"));
                return codes.enrol(properties, to, input.param("label").orElse("phone"), Locale.ENGLISH);
            }

            @Override
            public Outcome activate(MfaInput input, PropertyManager properties) {
                return codes.confirm(input, properties);
            }

            @Override
            public Optional<Challenge> challenge(PropertyManager properties) {
                return codes.challenge(properties, Locale.ENGLISH);
            }

            @Override
            public Optional<String> instructions(PropertyManager properties) {
                return codes.instructions(properties);
            }

            @Override
            public Outcome verify(MfaInput input, PropertyManager properties) {
                return codes.verify(input, properties);
            }
        };
    }
}
