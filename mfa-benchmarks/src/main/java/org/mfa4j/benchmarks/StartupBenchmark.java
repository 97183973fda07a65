package org.mfa4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first {@code Mfa} built in a fresh JVM: each fork measures exactly one call, with nothing of mfa4j
 * loaded before it ({@code Mode.SingleShotTime}, no warm-up). {@code discoverCold} is what an application
 * adds to its start-up with {@code discoverProviders()}: class loading and initialisation of the core and
 * both providers, the JCA providers for AES-GCM, HMAC and PBKDF2, a {@code SecureRandom}, ServiceLoader.
 * {@code explicitCold} registers the same factories by hand; {@code nothingCold} is the harness' own floor.
 * The whole-process view (JVM start included) comes from {@link StartupTiming}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
public class StartupBenchmark {

    @Benchmark
    public Object discoverCold() {
        return StartupProbe.discover();
    }

    /** {@code discoverCold} and the first TOTP verification: where the JDK crypto set-up is paid now. */
    @Benchmark
    public Object verifyCold() {
        return StartupProbe.verify();
    }

    @Benchmark
    public Object explicitCold() {
        return StartupProbe.explicit();
    }

    @Benchmark
    public Object nothingCold() {
        return StartupProbe.nothing();
    }
}
