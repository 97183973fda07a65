package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.function.Consumer;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.FactorKind;
import org.mfa4j.spi.MfaInput;
import org.mfa4j.spi.MfaStore;
import org.mfa4j.spi.MfaUser;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.spi.View;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;
import org.mfa4j.testproviders.CodeProvider;
import org.mfa4j.testproviders.SentCodeProvider;

/**
 * An {@code Mfa} over the core's test providers: {@code code} and {@code card} (fixed codes, no challenge),
 * {@code sent} (a challenge step), {@code companion} (only beside another provider, like recovery codes),
 * {@code sole} (must be the only factor, like Duo in some deployments).
 */
final class Fixture {

    final MutableClock clock = MutableClock.startingAt2026();
    final RecordingListener events = new RecordingListener();
    final CodeProvider code = new CodeProvider("code");
    final CodeProvider card = new CodeProvider("card");
    final SentCodeProvider sent = new SentCodeProvider();
    final CodeProvider companion = new CodeProvider(ProviderDescriptor.builder("companion")
            .kind(FactorKind.KNOWLEDGE).requiresOtherActive(true).mayBeDefault(false).build());
    final CodeProvider sole = new CodeProvider(ProviderDescriptor.builder("sole").soleFactor(true).build());
    final MfaStore store;
    final Mfa mfa;
    final MfaUser alice = MfaUser.builder("alice").email("alice@example.test").build();

    Fixture() {
        this(new InMemoryMfaStore(), b -> { });
    }

    Fixture(Consumer<Mfa.Builder> extra) {
        this(new InMemoryMfaStore(), extra);
    }

    Fixture(MfaStore store, Consumer<Mfa.Builder> extra) {
        this.store = store;
        Mfa.Builder b = Mfa.builder().store(store).keys(SecretKeys.ephemeral(new SecureRandom())).clock(clock)
                .lockout(LockoutPolicy.defaults()).listener(events)
                .provider(code).provider(card).provider(sent).provider(companion).provider(sole);
        extra.accept(b);
        this.mfa = b.build();
    }

    /** Sets up and activates a fixed-code provider; returns its code. */
    String enrol(MfaUser user, String providerId) {
        View v = mfa.setup(user, providerId, MfaSession.of("s")).view().orElseThrow();
        String c = v.require("code");
        Result r = mfa.activate(user, providerId, MfaInput.code(c), MfaSession.of("enrol-" + user.id()));
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
        return c;
    }

    /** Sets up and activates the challenge provider. */
    void enrolSent(MfaUser user) {
        mfa.setup(user, SentCodeProvider.ID, MfaSession.of("s")).view().orElseThrow();
        Result r = mfa.activate(user, SentCodeProvider.ID, MfaInput.code(sent.lastCode()), MfaSession.of("enrol-" + user.id()));
        assertThat(r.status()).isEqualTo(Status.ACCEPTED);
    }

    static String wrong(String right) {
        return right.equals("00000000") ? "11111111" : "00000000";
    }
}
