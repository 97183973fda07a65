package org.mfa4j.benchmarks;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import org.mfa4j.Change;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.SecretKeys;
import org.mfa4j.Status;
import org.mfa4j.View;
import org.mfa4j.provider.recovery.RecoveryCodesProviderFactory;
import org.mfa4j.provider.totp.TotpProviderFactory;
import org.mfa4j.store.Document;
import org.mfa4j.store.MfaStore;
import org.mfa4j.store.VersionedDocument;

/**
 * Set-up steps shared by the benchmarks, through mfa4j's public API only: an {@code Mfa} as an application
 * builds it, enrolment through {@code setup}/{@code activate}, and the store's own compare-and-set to put a
 * user's document back to a snapshot between measured calls.
 */
public final class Fixtures {

    /** The session every measured call runs in. */
    public static final String SESSION = "benchmark-session-0001";
    /** The session users enrol in (not measured). */
    public static final String ENROL_SESSION = "benchmark-enrol-0001";
    /** Where benchmark clocks start. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final SecureRandom RANDOM = new SecureRandom();

    private Fixtures() {
    }

    /** An {@code Mfa} with TOTP ({@code algorithm}) and recovery codes, both at their default settings. */
    public static Mfa mfa(MfaStore store, Clock clock, String algorithm) {
        return Mfa.builder().store(store).keys(SecretKeys.ephemeral(RANDOM)).random(RANDOM).clock(clock)
                .provider(new TotpProviderFactory()).provider(new RecoveryCodesProviderFactory())
                .configure(TotpProviderFactory.ID, Map.of("algorithm", algorithm))
                .build();
    }

    /**
     * A TOTP credential set up and activated now, as an authenticator app would, and the enrolment session
     * holding the activation's proof (adding recovery codes needs it).
     */
    public record Totp(Mac mac, int digits, int period, MfaSession session) {
        /** The code of {@code step}. */
        public String code(long step) {
            return OtpCodes.text(OtpCodes.code(mac, step, digits), digits);
        }

        /** The current step of {@code clock}. */
        public long step(Clock clock) {
            return Math.floorDiv(clock.instant().getEpochSecond(), period);
        }
    }

    /**
     * Sets up and activates TOTP as {@code user}'s first factor (no proof needed) in {@link #ENROL_SESSION};
     * the activation uses up the current step.
     */
    public static Totp enrolTotp(Mfa mfa, MfaUser user, Clock clock) {
        MfaSession session = MfaSession.of(ENROL_SESSION);
        View view = setup(mfa, user, TotpProviderFactory.ID, session);
        String algorithm = view.require(TotpProviderFactory.VIEW_ALGORITHM);
        Totp totp = new Totp(OtpCodes.keyedMac(algorithm, OtpCodes.base32(view.require(TotpProviderFactory.VIEW_SECRET))),
                Integer.parseInt(view.require(TotpProviderFactory.VIEW_DIGITS)),
                Integer.parseInt(view.require(TotpProviderFactory.VIEW_PERIOD)), session);
        Result r = require(mfa.activate(user, TotpProviderFactory.ID, MfaInput.code(totp.code(totp.step(clock))),
                session), Status.ACCEPTED, "TOTP activation");
        return new Totp(totp.mac(), totp.digits(), totp.period(), session.withProof(r.proof().orElseThrow()));
    }

    /**
     * Sets up and activates recovery codes in {@code session}, which holds a recent proof (another provider
     * is active: {@link Totp#session()}); returns the codes shown.
     */
    public static List<String> enrolRecovery(Mfa mfa, MfaUser user, MfaSession session) {
        View view = setup(mfa, user, RecoveryCodesProviderFactory.ID, session);
        List<String> codes = List.of(view.require(RecoveryCodesProviderFactory.VIEW_CODES).split("\n"));
        require(mfa.activate(user, RecoveryCodesProviderFactory.ID, MfaInput.code(codes.get(0)), session),
                Status.ACCEPTED, "recovery-code activation");
        return codes;
    }

    private static View setup(Mfa mfa, MfaUser user, String providerId, MfaSession session) {
        Change c = mfa.setup(user, providerId, session);
        if (!c.isDone()) {
            throw new IllegalStateException(providerId + " setup: expected DONE but got " + c);
        }
        return c.view().orElseThrow();
    }

    /** The user's stored document now. */
    public static Document snapshot(MfaStore store, String userId) {
        return store.load(userId).map(VersionedDocument::document).orElseThrow(
                () -> new IllegalStateException("user " + userId + " has no document"));
    }

    /**
     * Puts {@code snapshot} back as the user's document with the store's own compare-and-set (the version
     * moves on, as after any write). One map read and one map replace on the in-memory store.
     */
    public static void restore(MfaStore store, String userId, Document snapshot) {
        VersionedDocument current = store.load(userId).orElseThrow();
        if (!store.compareAndSet(userId, current.version(), snapshot)) {
            throw new IllegalStateException("user " + userId + " changed while being restored");
        }
    }

    /** {@code result}, or an exception when it is not {@code expected}: a benchmark must measure the path it names. */
    public static Result require(Result result, Status expected, String what) {
        if (result.status() != expected) {
            throw new IllegalStateException(what + ": expected " + expected + " but got " + result);
        }
        return result;
    }
}
