package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.FactorKind;
import org.mfa4j.spi.ProviderDescriptor;
import org.mfa4j.store.InMemoryMfaStore;
import org.mfa4j.store.MfaStore;
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
    /**
     * The session each user enrols in ({@code enrol-<id>}), holding the latest proof the fixture got there:
     * the first enrolment's proof, then each change's successor. A user with an active factor needs it to
     * add or change factors.
     */
    private final Map<String, MfaSession> sessions = new ConcurrentHashMap<>();

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

    /** The user's enrolment session with the latest proof the fixture kept (none before the first enrolment). */
    MfaSession session(MfaUser user) {
        return sessions.computeIfAbsent(user.id(), id -> MfaSession.of("enrol-" + id));
    }

    /** Keeps {@code proof} in the user's enrolment session. */
    private void keep(MfaUser user, Proof proof) {
        sessions.put(user.id(), session(user).withProof(proof));
    }

    /** Keeps a change's successor proof, if it has one, and returns the change. */
    private Change keep(MfaUser user, Change change) {
        change.proof().ifPresent(p -> keep(user, p));
        return change;
    }

    /**
     * Sets up and activates a fixed-code provider in the user's enrolment session and keeps the activation's
     * proof; returns the code. A first enrolment needs no proof; later ones use the one kept.
     */
    String enrol(MfaUser user, String providerId) {
        Change setup = mfa.setup(user, providerId, session(user));
        assertThat(setup.status()).as("setup of %s", providerId).isEqualTo(ChangeStatus.DONE);
        String c = setup.view().orElseThrow().require("code");
        activate(user, providerId, c);
        return c;
    }

    /** Sets up and activates the challenge provider, as {@link #enrol} does. */
    void enrolSent(MfaUser user) {
        Change setup = mfa.setup(user, SentCodeProvider.ID, session(user));
        assertThat(setup.status()).as("setup of sent").isEqualTo(ChangeStatus.DONE);
        activate(user, SentCodeProvider.ID, sent.lastCode());
    }

    private void activate(MfaUser user, String providerId, String code) {
        Result r = mfa.activate(user, providerId, MfaInput.code(code), session(user));
        assertThat(r.status()).as("activation of %s", providerId).isEqualTo(Status.ACCEPTED);
        keep(user, r.proof().orElseThrow());
    }

    /** Deactivates a provider with the proof kept for the user, and keeps the successor. */
    Change deactivate(MfaUser user, String providerId) {
        return keep(user, mfa.deactivate(user, providerId, session(user)));
    }

    static String wrong(String right) {
        return right.equals("00000000") ? "11111111" : "00000000";
    }
}
