package org.mfa4j.readme;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.mfa4j.Mfa;
import org.mfa4j.MfaState;
import org.mfa4j.ProofStatus;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.policy.EnforcementPolicy;
import org.mfa4j.policy.Require;
import org.mfa4j.spi.MfaInput;
import org.mfa4j.spi.MfaUser;
import org.mfa4j.store.InMemoryMfaStore;

/** The README's quick start, compiled and run by {@link ReadmeTest}. Public API only. */
final class QuickStart {

    private QuickStart() {
    }

    static Mfa build(Path keyFile) {
        // tag::build[]
        Mfa mfa = Mfa.builder()
                .store(new InMemoryMfaStore())                      // JdbcMfaStore for production
                .keys(SecretKeys.loadOrGenerate(keyFile, new SecureRandom()))
                .policy(EnforcementPolicy.builder().require(Require.ADMINS).recommended("totp").build())
                .discoverProviders()                                // every provider jar on the class path
                .build();                                           // immutable, thread-safe
        // end::build[]
        return mfa;
    }

    /** One login of a user who passed the password check; returns what the session keeps. */
    static String login(Mfa mfa, String userId, boolean admin, String sessionId, String typed,
                        Map<String, String> session) {
        // tag::login[]
        MfaUser user = MfaUser.builder(userId).administrator(admin).build();
        MfaState state = mfa.state(user);
        switch (state.status()) {
            case NOT_REQUIRED, SATISFIED -> session.put("signedIn", "yes");
            case SETUP_REQUIRED -> session.put("setup", state.recommended().orElse(state.allowed().get(0)));
            case VERIFICATION_REQUIRED -> {
                String provider = state.defaultProvider().orElseThrow();
                mfa.challenge(user, provider, sessionId);           // sends a code where the provider needs one
                Result r = mfa.verify(user, provider, MfaInput.code(typed), sessionId);
                switch (r.status()) {
                    case ACCEPTED -> session.put("mfa", r.proof().orElseThrow().token());
                    case LOCKED -> session.put("error", "locked" + r.lockedUntil().map(t -> " until " + t).orElse(""));
                    default -> session.put("error", r.status() + ", attempts left: " + r.remainingAttempts());
                }
            }
        }
        // end::login[]
        return session.get("mfa");
    }

    static boolean mayChangeEmail(Mfa mfa, String sessionId, Map<String, String> session) {
        // tag::stepup[]
        boolean fresh = mfa.checkProof(session.get("mfa"), sessionId, "change-email") == ProofStatus.VALID;
        // end::stepup[]
        return fresh;
    }
}
