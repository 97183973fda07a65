package org.mfa4j.provider.recovery;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mfa4j.MfaSession;
import org.mfa4j.Mfa;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.policy.LockoutPolicy;
import org.mfa4j.spi.MfaInput;
import org.mfa4j.spi.MfaStore;
import org.mfa4j.spi.MfaUser;
import org.mfa4j.spi.View;
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

    /** Activates the base provider, then recovery codes; returns the codes shown. */
    static List<String> enrol(Mfa mfa, MfaUser user) {
        activateBase(mfa, user);
        View view = mfa.setup(user, ID, MfaSession.of("s")).view().orElseThrow();
        Result r = mfa.activate(user, ID, MfaInput.code(codes(view).get(0)), MfaSession.of("enrol"));
        if (r.status() != Status.ACCEPTED) {
            throw new AssertionError("activation failed: " + r);
        }
        return codes(view);
    }

    static void activateBase(Mfa mfa, MfaUser user) {
        mfa.setup(user, ContractBaseProvider.ID, MfaSession.of("s")).view().orElseThrow();
        Result r = mfa.activate(user, ContractBaseProvider.ID, MfaInput.code(ContractBaseProvider.ANSWER), MfaSession.of("enrol"));
        if (r.status() != Status.ACCEPTED) {
            throw new AssertionError("base activation failed: " + r);
        }
    }
}
