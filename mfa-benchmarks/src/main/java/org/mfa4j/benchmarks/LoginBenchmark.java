package org.mfa4j.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaState;
import org.mfa4j.MfaUser;
import org.mfa4j.Prompt;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.provider.recovery.RecoveryCodesProviderFactory;
import org.mfa4j.provider.totp.TotpProviderFactory;
import org.mfa4j.store.Document;
import org.mfa4j.store.InMemoryMfaStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole second-factor login for each provider that needs no network, as an application's login page runs
 * it after the password: {@link Mfa#state} (must say {@code VERIFICATION_REQUIRED}), {@link Mfa#challenge}
 * for the chosen provider, {@link Mfa#verify} of a correct answer (must say {@code ACCEPTED}). In-memory
 * store, default settings; the user has TOTP (SHA1) and recovery codes.
 *
 * <p>{@code totp}: the user's clock moves one period per login and the code of the new step is sent, as in
 * {@link TotpVerifyBenchmark} (the replay guard is exercised, codes computed before the iteration).
 * {@code recovery}: the document is put back to the snapshot with 10 unused codes first, as in
 * {@link RecoveryVerifyBenchmark}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class LoginBenchmark {

    /** A user with both providers; the parameter says which one this login uses. */
    @State(Scope.Thread)
    public static class Login {
        @Param({TotpProviderFactory.ID, RecoveryCodesProviderFactory.ID})
        public String provider;

        SteppingClock clock;
        InMemoryMfaStore store;
        Mfa mfa;
        MfaUser user;
        Fixtures.Totp totp;
        CodeTable codes;
        Document snapshot;
        MfaInput recoveryCode;

        @Setup(Level.Trial)
        public void enrol() {
            clock = new SteppingClock(Fixtures.START);
            store = new InMemoryMfaStore();
            mfa = Fixtures.mfa(store, clock, "SHA1");
            user = MfaUser.of("dave");
            totp = Fixtures.enrolTotp(mfa, user, clock);
            List<String> recovery = Fixtures.enrolRecovery(mfa, user, totp.session());
            recoveryCode = MfaInput.code(recovery.get(0));
            snapshot = Fixtures.snapshot(store, user.id());
            codes = new CodeTable(totp.mac(), totp.digits());
        }

        @Setup(Level.Iteration)
        public void prepareCodes() {
            if (provider.equals(TotpProviderFactory.ID)) {
                codes.refill(totp.step(clock));
            }
        }

        @TearDown(Level.Iteration)
        public void report() {
            codes.endIteration("LoginBenchmark.login " + provider);
        }

        /** The answer for this login, after moving the clock or restoring the snapshot. */
        MfaInput answer() {
            if (provider.equals(TotpProviderFactory.ID)) {
                clock.advance(totp.period());
                return MfaInput.code(codes.code(totp.step(clock)));
            }
            Fixtures.restore(store, user.id(), snapshot);
            return recoveryCode;
        }

        /** state, challenge, verify: ACCEPTED, or an exception. */
        public Result login() {
            MfaInput input = answer();
            MfaSession session = MfaSession.of(Fixtures.SESSION); // right after the password: no proof yet
            MfaState state = mfa.state(user, session);
            if (state.status() != MfaState.Step.VERIFICATION_REQUIRED) {
                throw new IllegalStateException("expected VERIFICATION_REQUIRED, got " + state);
            }
            Prompt challenge = mfa.prompt(user, provider, session);
            if (challenge.status() != Status.ACCEPTED) {
                throw new IllegalStateException("challenge refused: " + challenge);
            }
            return Fixtures.require(mfa.verify(user, provider, input, session), Status.ACCEPTED, "login");
        }
    }

    @Benchmark
    public Result login(Login s) {
        return s.login();
    }
}
