package org.mfa4j.testproviders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaUser;
import org.mfa4j.View;
import org.mfa4j.spi.Challenge;
import org.mfa4j.spi.FactorKind;
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
 * A test provider with a challenge step, like SMS or e-mail: {@code challenge} stores a fresh 6-digit code
 * (sealed, flow-bound, expiring) and "sends" it to {@link #outbox} after commit; {@code verify} accepts it
 * once. Activation uses the same path: setup sends a code, activation answers it.
 */
public final class SentCodeProvider implements MfaProviderFactory {

    public static final String ID = "sent";
    public static final Duration TTL = Duration.ofMinutes(5);

    /** What was "sent": one entry per delivery. */
    public final List<String> outbox = new CopyOnWriteArrayList<>();
    /** Make the next deliveries fail. */
    public volatile boolean failDelivery;

    @Override
    public ProviderDescriptor descriptor() {
        return ProviderDescriptor.builder(ID).title("Sent code").kind(FactorKind.POSSESSION).weak(true).build();
    }

    public String lastCode() {
        return outbox.get(outbox.size() - 1);
    }

    @Override
    public MfaProvider create(ProviderContext context) {
        return new MfaProvider() {
            @Override
            public Setup setup(PropertyManager properties) {
                String code = newCode(context);
                properties.putSecret("pending", SecretBytes.copyOf(code.getBytes(StandardCharsets.US_ASCII)));
                // Sent once, after the pending setup is stored: never for a run the core re-ran after a conflict.
                return Setup.delivered(View.builder().put("sentTo", MfaUser.Masking.email("someone@example.test"))
                        .build(), () -> outbox.add(code));
            }

            @Override
            public Outcome activate(MfaInput input, PropertyManager properties) {
                String typed = input.code().orElse("");
                boolean ok = properties.getSecret("pending").orElseThrow()
                        .equalsBytes(typed.getBytes(StandardCharsets.US_ASCII));
                if (ok) {
                    properties.remove("pending");
                    return Outcome.accept();
                }
                return Outcome.reject(FailureReason.WRONG_CODE);
            }

            @Override
            public Optional<Challenge> challenge(PropertyManager properties) {
                String code = newCode(context);
                Instant expires = properties.now().plus(TTL);
                properties.challenge().putSecret("code", SecretBytes.copyOf(code.getBytes(StandardCharsets.US_ASCII)));
                properties.challenge().putInstant("expires", expires);
                return Optional.of(Challenge.sent(View.builder().put("sentTo", "s***@example.test").build(), expires,
                        () -> {
                            if (failDelivery) {
                                throw new IllegalStateException("gateway down");
                            }
                            outbox.add(code);
                        }));
            }

            @Override
            public Optional<String> instructions(PropertyManager properties) {
                return Optional.of("Enter the code sent to s***@example.test.");
            }

            @Override
            public Outcome verify(MfaInput input, PropertyManager properties) {
                Optional<SecretBytes> pending = properties.challenge().getSecret("code");
                if (pending.isEmpty()) {
                    return Outcome.reject(FailureReason.NO_CHALLENGE);
                }
                String typed = input.code().orElse("");
                if (typed.length() != 6 || !typed.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return Outcome.reject(FailureReason.MALFORMED_INPUT);
                }
                boolean ok = pending.get().equalsBytes(typed.getBytes(StandardCharsets.US_ASCII));
                if (!ok) {
                    return Outcome.reject(FailureReason.WRONG_CODE);
                }
                Instant expires = properties.challenge().getInstant("expires").orElseThrow();
                properties.challenge().remove("code");
                if (!properties.now().isBefore(expires)) {
                    return Outcome.reject(FailureReason.EXPIRED);
                }
                return Outcome.accept(Map.of("channel", "test"));
            }
        };
    }

    private static String newCode(ProviderContext context) {
        return String.format("%06d", context.random().nextInt(1_000_000));
    }
}
