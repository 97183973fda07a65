package org.mfa4j.benchmarks;

import com.warrenstrange.googleauth.GoogleAuthenticator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The anchor most Java applications use today: googleauth's {@code GoogleAuthenticator} with its defaults
 * (HMAC-SHA1, 6 digits, 30 s, window size 3 = ±1 step, Base32 secret decoded per call, a new {@code Mac}
 * per code, no replay guard, no lockout, no storage).
 *
 * <p>{@code authorize(secret, code, time)} is used with a fixed time so the code stays valid for the whole
 * run; {@code authorize(secret, code)} only adds {@code System.currentTimeMillis()}. googleauth stops at the
 * first matching step and starts at -1: a code of the current step costs two HMACs ({@code authorize}),
 * a wrong code three ({@code authorizeWrong}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class GoogleAuthBenchmark {

    private GoogleAuthenticator authenticator;
    private String secret;
    private long time;
    private int code;
    private int wrongCode;

    @Setup
    public void setUp() {
        authenticator = new GoogleAuthenticator();
        secret = authenticator.createCredentials().getKey();
        time = Fixtures.START.toEpochMilli();
        code = authenticator.getTotpPassword(secret, time);
        wrongCode = (code + 1) % 1_000_000;
        while (authenticator.authorize(secret, wrongCode, time)) {
            wrongCode = (wrongCode + 1) % 1_000_000;
        }
        if (!authenticator.authorize(secret, code, time)) {
            throw new IllegalStateException("googleauth refused its own code");
        }
    }

    @Benchmark
    public boolean authorize() {
        return authenticator.authorize(secret, code, time);
    }

    @Benchmark
    public boolean authorizeWrong() {
        return authenticator.authorize(secret, wrongCode, time);
    }
}
