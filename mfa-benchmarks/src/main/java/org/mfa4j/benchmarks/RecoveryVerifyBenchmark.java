package org.mfa4j.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mfa4j.Mfa;
import org.mfa4j.MfaInput;
import org.mfa4j.MfaSession;
import org.mfa4j.MfaUser;
import org.mfa4j.Result;
import org.mfa4j.Status;
import org.mfa4j.provider.recovery.RecoveryCodesProviderFactory;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recovery-code verification through {@link Mfa#verify}, in-memory store, default settings (PBKDF2-HMAC-SHA256,
 * 100,000 iterations), with {@code codesLeft} unused codes before the call. The target: the same cost with
 * 10 or 1 codes left, because a verification derives one hash from the typed code and compares it with
 * every stored one.
 *
 * <p>A recovery code works once. Each call therefore first puts the user's document back to the snapshot
 * taken with {@code codesLeft} codes unused (one compare-and-set on the store, nothing next to a KDF), then
 * sends a code that is unused in that snapshot and requires {@code ACCEPTED} with {@code codesLeft - 1}
 * remaining. For {@code codesLeft = 1} the snapshot is taken after nine codes were really used, so the
 * used-code list is full and the low-codes notice fires on each call.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecoveryVerifyBenchmark {

    /** A user with TOTP and recovery codes, {@code codesLeft} of them unused. */
    @State(Scope.Thread)
    public static class Enrolled {
        @Param({"10", "1"})
        public int codesLeft;

        InMemoryMfaStore store;
        Mfa mfa;
        MfaUser user;
        Document snapshot;
        MfaInput code;
        String remainingAfter;

        @Setup(Level.Trial)
        public void enrol() {
            SteppingClock clock = new SteppingClock(Fixtures.START);
            store = new InMemoryMfaStore();
            mfa = Fixtures.mfa(store, clock, "SHA1");
            user = MfaUser.of("carol");
            Fixtures.Totp totp = Fixtures.enrolTotp(mfa, user, clock);
            List<String> codes = Fixtures.enrolRecovery(mfa, user, totp.session());
            int used = RecoveryCodesProviderFactory.CODES - codesLeft;
            for (int i = 0; i < used; i++) {
                Fixtures.require(mfa.verify(user, RecoveryCodesProviderFactory.ID, MfaInput.code(codes.get(i)),
                        MfaSession.of(Fixtures.SESSION)), Status.ACCEPTED, "recovery code " + i);
            }
            snapshot = Fixtures.snapshot(store, user.id());
            code = MfaInput.code(codes.get(used));
            remainingAfter = Integer.toString(codesLeft - 1);
        }

        /** Restores the snapshot and verifies an unused code: ACCEPTED, or an exception. */
        public Result verify() {
            Fixtures.restore(store, user.id(), snapshot);
            Result r = Fixtures.require(mfa.verify(user, RecoveryCodesProviderFactory.ID, code,
                    MfaSession.of(Fixtures.SESSION)), Status.ACCEPTED, "recovery-code verify");
            if (!remainingAfter.equals(r.details().get(RecoveryCodesProviderFactory.DETAIL_REMAINING))) {
                throw new IllegalStateException("expected " + remainingAfter + " codes left, got " + r.details());
            }
            return r;
        }
    }

    @Benchmark
    public Result verify(Enrolled s) {
        return s.verify();
    }
}
