package org.mfa4j.testproviders;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A test provider with a fixed 8-digit secret code per user, shown once at setup ("something you have":
 * think of a code printed on a card). No challenge step. Counts how often it evaluated an answer.
 */
public final class CodeProvider implements MfaProviderFactory {

    private final String id;
    private final ProviderDescriptor descriptor;
    public final AtomicInteger evaluations = new AtomicInteger();
    public final AtomicInteger deactivations = new AtomicInteger();
    public final AtomicInteger unlocks = new AtomicInteger();

    public CodeProvider() {
        this("code");
    }

    public CodeProvider(String id) {
        this(ProviderDescriptor.builder(id).title("Code card " + id).build());
    }

    public CodeProvider(ProviderDescriptor descriptor) {
        this.id = descriptor.id();
        this.descriptor = descriptor;
    }

    @Override
    public ProviderDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        return new MfaProvider() {
            @Override
            public Setup setup(PropertyManager properties) {
                return Setup.of(newCard(properties));
            }

            private View newCard(PropertyManager properties) {
                String code = String.format("%08d", context.random().nextInt(100_000_000));
                properties.putSecret("code", SecretBytes.copyOf(code.getBytes(StandardCharsets.US_ASCII)));
                return View.builder().put("code", code).build();
            }

            @Override
            public Outcome activate(MfaInput input, PropertyManager properties) {
                return check(input, properties);
            }

            @Override
            public Outcome verify(MfaInput input, PropertyManager properties) {
                return check(input, properties);
            }

            @Override
            public Map<String, String> overview(PropertyManager properties) {
                return Map.of("kind", "card");
            }

            /** Issues a new card: the old code stops working. */
            @Override
            public View update(MfaInput input, PropertyManager properties) {
                return newCard(properties);
            }

            @Override
            public void deactivate(PropertyManager properties) {
                deactivations.incrementAndGet();
            }

            @Override
            public void unlock(PropertyManager properties) {
                unlocks.incrementAndGet();
                properties.putLong("unlocks", properties.getLong("unlocks").orElse(0L) + 1);
            }

            private Outcome check(MfaInput input, PropertyManager properties) {
                evaluations.incrementAndGet();
                String typed = input.code().orElse("").replace(" ", "");
                if (typed.length() != 8 || !typed.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return Outcome.reject(FailureReason.MALFORMED_INPUT);
                }
                boolean ok = properties.getSecret("code").orElseThrow()
                        .equalsBytes(typed.getBytes(StandardCharsets.US_ASCII));
                if (ok) {
                    context.events().notice(properties.user().id(), "card-used", Map.of("card", id));
                    return Outcome.accept();
                }
                return Outcome.reject(FailureReason.WRONG_CODE);
            }
        };
    }

    @Override
    public String toString() {
        return "CodeProvider[" + id + "]";
    }
}
