package org.mfa4j.benchmarks;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.provider.totp.TotpProviderFactory;
import org.mfa4j.store.Document;
import org.mfa4j.store.InMemoryMfaStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * TOTP verification through {@link Mfa#verify} with the in-memory store, default TOTP settings (6 digits,
 * 30 s, window ±1) and the default lockout policy: lockout and account checks, the login-flow record, the
 * replay guard, the sealed secret opened, three HMACs compared in constant time, the compare-and-set of
 * the new document, the proof signed and the audit event published. Every call is checked for the status
 * it names, so a benchmark that silently measured a refusal would fail instead.
 *
 * <h2>Accepted codes and the replay guard</h2>
 * A TOTP step is accepted once per credential, so repeating one code would measure {@code REPLAY}
 * refusals after the first call. Each {@code accepted} call therefore first moves the user's
 * {@link SteppingClock} forward by one period and then presents the code of the new current step: the
 * stored last step is always the previous one, so the guard is read, compared and advanced on every call
 * (the code of an older step would be refused, and the smoke test checks that it is). The codes are
 * computed before each measurement iteration ({@link CodeTable}), so the measured call pays for the
 * verification only, not for producing the user's answer.
 *
 * <h2>Rejected codes and the lockout</h2>
 * Three consecutive failures lock the provider (the default), after which {@code verify} no longer
 * computes anything. Each {@code rejected} invocation therefore puts the user's document back to the
 * enrolled snapshot (one compare-and-set on the store, about a map replace) and then sends two wrong codes,
 * both answered {@code REJECTED}; the figure is per verification ({@code @OperationsPerInvocation(2)}), so
 * half a restore is included in each.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TotpVerifyBenchmark {

    /** One enrolled user whose clock moves one period per call. */
    @State(Scope.Thread)
    public static class Accepted {
        @Param({"SHA1", "SHA256", "SHA512"})
        public String algorithm;

        SteppingClock clock;
        Mfa mfa;
        MfaUser user;
        Fixtures.Totp totp;
        CodeTable codes;

        @Setup(Level.Trial)
        public void enrol() {
            clock = new SteppingClock(Fixtures.START);
            mfa = Fixtures.mfa(new InMemoryMfaStore(), clock, algorithm);
            user = MfaUser.of("alice");
            totp = Fixtures.enrolTotp(mfa, user, clock);
            codes = new CodeTable(totp.mac(), totp.digits());
        }

        @Setup(Level.Iteration)
        public void prepareCodes() {
            codes.refill(totp.step(clock));
        }

        @TearDown(Level.Iteration)
        public void report() {
            codes.endIteration("TotpVerifyBenchmark.accepted " + algorithm);
        }

        /** Moves to the next step and verifies its code: ACCEPTED, or an exception. */
        public Result verifyNext() {
            clock.advance(totp.period());
            String code = codes.code(totp.step(clock));
            return Fixtures.require(mfa.verify(user, TotpProviderFactory.ID, MfaInput.code(code),
                    MfaSession.of(Fixtures.SESSION)), Status.ACCEPTED, "TOTP verify of a fresh code");
        }
    }

    /** One enrolled user, a fixed clock, and a code that matches no step of the window. */
    @State(Scope.Thread)
    public static class Rejected {
        @Param({"SHA1", "SHA256", "SHA512"})
        public String algorithm;

        InMemoryMfaStore store;
        Mfa mfa;
        MfaUser user;
        Document enrolled;
        MfaInput wrong;

        @Setup(Level.Trial)
        public void enrol() {
            SteppingClock clock = new SteppingClock(Fixtures.START);
            store = new InMemoryMfaStore();
            mfa = Fixtures.mfa(store, clock, algorithm);
            user = MfaUser.of("bob");
            Fixtures.Totp totp = Fixtures.enrolTotp(mfa, user, clock);
            clock.advance(totp.period());
            long step = totp.step(clock);
            Set<String> window = new HashSet<>();
            for (long s = step - 1; s <= step + 1; s++) {
                window.add(totp.code(s));
            }
            int candidate = Integer.parseInt(totp.code(step));
            String text;
            do {
                candidate = (candidate + 1) % 1_000_000;
                text = OtpCodes.text(candidate, totp.digits());
            } while (window.contains(text));
            wrong = MfaInput.code(text);
            enrolled = Fixtures.snapshot(store, user.id());
        }

        /** Back to the enrolled document: no failures counted, no login flow. */
        public void restore() {
            Fixtures.restore(store, user.id(), enrolled);
        }

        /** Verifies the wrong code: REJECTED, or an exception. */
        public Result verifyWrong() {
            return Fixtures.require(mfa.verify(user, TotpProviderFactory.ID, wrong, MfaSession.of(Fixtures.SESSION)),
                    Status.REJECTED, "TOTP verify of a wrong code");
        }
    }

    @Benchmark
    public Result accepted(Accepted s) {
        return s.verifyNext();
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public void rejected(Rejected s, Blackhole bh) {
        s.restore();
        bh.consume(s.verifyWrong());
        bh.consume(s.verifyWrong());
    }
}
