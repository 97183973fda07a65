package org.mfa4j.provider.recovery;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mfa4j.Change;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.store.MfaStore;
import org.mfa4j.testing.ContractBaseProvider;
import org.mfa4j.testing.MutableClock;
import org.mfa4j.testing.RecordingListener;

/** Shared test helpers: an {@code Mfa} with recovery codes beside the core kit's base provider. */
final class RecoveryTestKit {

    static final String ID = RecoveryCodesProviderFactory.ID;

    /** Well-formed, and (at 2^-73 per code) in no generated set. */
    static final String NOT_IN_ANY_SET = "22222-22222-22222";

    private RecoveryTestKit() {
    }

    static List<String> codes(View view) {
        return List.of(view.require(RecoveryCodesProviderFactory.VIEW_CODES).split("\n"));
    }

    /** The lowest iteration count the settings allow: keeps concurrency tests quick. */
    static Map<String, String> fast(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(more);
        settings.putIfAbsent("kdf-iterations", "10000");
        return settings;
    }

    static Mfa mfa(MfaStore store, MutableClock clock, RecoveryCodesProviderFactory factory,
                   Map<String, String> settings, RecordingListener listener) {
        return builder(store, SecretKeys.ephemeral(new SecureRandom()), clock, factory, settings, listener).build();
    }

    static Mfa.Builder builder(MfaStore store, SecretKeys keys, MutableClock clock,
                               RecoveryCodesProviderFactory factory, Map<String, String> settings,
                               RecordingListener listener) {
        return Mfa.builder().store(store).keys(keys).clock(clock)
                .lockout(LockoutPolicy.builder().maxFailures(3).build()).listener(listener)
                .provider(new ContractBaseProvider()).provider(factory)
                .configure(ID, fast(settings));
    }

    /** The session the kit enrols in. */
    static final String SESSION = "enrol";

    /** The codes shown at setup, and the enrolment session holding the activation's proof. */
    record Enrolment(List<String> codes, MfaSession session) {
    }

    /** Activates the base provider, then recovery codes, in one session; returns the codes shown. */
    static List<String> enrol(Mfa mfa, MfaUser user) {
        return enrolment(mfa, user).codes();
    }

    /**
     * Activates the base provider (a first enrolment: no proof needed), then recovery codes with the proof
     * that gave, as an application's enrolment page does.
     */
    static Enrolment enrolment(Mfa mfa, MfaUser user) {
        MfaSession session = activateBase(mfa, user);
        View view = setup(mfa, user, session);
        Result r = mfa.activate(user, ID, MfaInput.code(codes(view).get(0)), session);
        if (r.status() != Status.ACCEPTED) {
            throw new AssertionError("activation failed: " + r);
        }
        return new Enrolment(codes(view), session.withProof(r.proof().orElseThrow()));
    }

    /** Activates the base provider in session {@link #SESSION}; returns that session with the proof it gave. */
    static MfaSession activateBase(Mfa mfa, MfaUser user) {
        MfaSession session = MfaSession.of(SESSION);
        Change setup = mfa.setup(user, ContractBaseProvider.ID, session);
        if (!setup.isDone()) {
            throw new AssertionError("base setup refused: " + setup);
        }
        Result r = mfa.activate(user, ContractBaseProvider.ID, MfaInput.code(ContractBaseProvider.ANSWER), session);
        if (r.status() != Status.ACCEPTED) {
            throw new AssertionError("base activation failed: " + r);
        }
        return session.withProof(r.proof().orElseThrow());
    }

    /** Sets recovery codes up in {@code session}, which must hold a proof; returns what the page shows. */
    static View setup(Mfa mfa, MfaUser user, MfaSession session) {
        Change setup = mfa.setup(user, ID, session);
        if (!setup.isDone()) {
            throw new AssertionError("setup refused: " + setup);
        }
        return setup.view().orElseThrow();
    }
}
