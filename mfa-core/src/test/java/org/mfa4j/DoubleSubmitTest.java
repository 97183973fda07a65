package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfa4j.spi.FailureReason;
import org.mfa4j.spi.MfaProvider;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.Outcome;
import org.mfa4j.spi.PropertyManager;
import org.mfa4j.spi.ProviderContext;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.Setup;

/**
 * Issue 9 item 9: a double submit of the code that was just accepted, in the session it signed in, answers
 * {@code REPLAY} without counting; every other replay counts.
 */
class DoubleSubmitTest {

    /** Single-use codes "1", "2", ...: each accepted once; the one accepted last, given again, is a repeat. */
    static final class OnceFactory implements MfaProviderFactory {
        @Override
        public ProviderDescriptor descriptor() {
            return ProviderDescriptor.builder("once").build();
        }

        @Override
        public MfaProvider create(ProviderContext context) {
            return new MfaProvider() {
                @Override
                public Setup setup(PropertyManager properties) {
                    properties.putString("used", "");
                    return Setup.of(View.empty());
                }

                @Override
                public Outcome activate(MfaInput input, PropertyManager properties) {
                    return Outcome.accept();
                }

                @Override
                public Outcome verify(MfaInput input, PropertyManager properties) {
                    String code = input.code().orElse("");
                    List<String> used = new ArrayList<>(List.of(properties.getString("used").orElse("").split(",")));
                    used.remove("");
                    if (!used.isEmpty() && used.get(used.size() - 1).equals(code)) {
                        return Outcome.repeat(Map.of());
                    }
                    if (used.contains(code)) {
                        return Outcome.reject(FailureReason.REPLAY);
                    }
                    used.add(code);
                    properties.putString("used", String.join(",", used));
                    return Outcome.accept();
                }
            };
        }
    }

    private final Fixture f = new Fixture(b -> b.provider(new OnceFactory()));

    private int failures() {
        return f.mfa.overview(f.alice).provider("once").orElseThrow().failures();
    }

    private Result verify(String code, String session) {
        f.clock.advance(Duration.ofSeconds(1));
        return f.mfa.verify(f.alice, "once", MfaInput.code(code), MfaSession.of(session));
    }

    @Test
    void theSameCodeAgainInTheSessionItSignedInIsAReplayThatCostsNothing() {
        f.mfa.setup(f.alice, "once", MfaSession.of("enrol"));
        f.mfa.activate(f.alice, "once", MfaInput.code("x"), MfaSession.of("enrol"));
        assertThat(verify("1", "s").status()).isEqualTo(Status.ACCEPTED);
        f.events.clear();

        Result again = verify("1", "s");

        assertThat(again.status()).isEqualTo(Status.REJECTED);
        assertThat(again.reason()).contains(FailureReason.REPLAY);
        assertThat(again.remainingAttempts()).isEqualTo(3);
        assertThat(failures()).isZero();
        assertThat(f.events.events(MfaEvent.Failed.class)).isEmpty();
        assertThat(verify("1", "s").remainingAttempts()).as("however often").isEqualTo(3);
    }

    @Test
    void theSameCodeInAnotherSessionCounts() {
        f.mfa.setup(f.alice, "once", MfaSession.of("enrol"));
        f.mfa.activate(f.alice, "once", MfaInput.code("x"), MfaSession.of("enrol"));
        assertThat(verify("1", "s").status()).isEqualTo(Status.ACCEPTED);

        Result elsewhere = verify("1", "attacker");

        assertThat(elsewhere.reason()).contains(FailureReason.REPLAY);
        assertThat(elsewhere.remainingAttempts()).isEqualTo(2);
        assertThat(failures()).isEqualTo(1);
        assertThat(verify("1", "s").remainingAttempts())
                .as("the attacker's session started a flow of its own: the double submit is no longer recognised")
                .isEqualTo(1);
    }

    @Test
    void anOlderCodeAgainCountsEvenInTheSameSession() {
        f.mfa.setup(f.alice, "once", MfaSession.of("enrol"));
        f.mfa.activate(f.alice, "once", MfaInput.code("x"), MfaSession.of("enrol"));
        assertThat(verify("1", "s").status()).isEqualTo(Status.ACCEPTED);
        assertThat(verify("2", "s").status()).isEqualTo(Status.ACCEPTED);

        Result older = verify("1", "s");

        assertThat(older.reason()).contains(FailureReason.REPLAY);
        assertThat(older.remainingAttempts()).isEqualTo(2);
        assertThat(verify("2", "s").remainingAttempts()).as("the last one, after a failure in the same flow")
                .isEqualTo(2);
    }
}
