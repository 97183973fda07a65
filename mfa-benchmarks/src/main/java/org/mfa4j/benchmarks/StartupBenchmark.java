package org.mfa4j.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first {@code Mfa} built in a fresh JVM: each fork measures exactly one call, with nothing of mfa4j
 * loaded before it ({@code Mode.SingleShotTime}, no warm-up). {@code discoverCold} is what an application
 * adds to its start-up with {@code discoverProviders()} and keys read from a file: class loading and
 * initialisation of the core and both providers, and ServiceLoader (the JDK crypto waits for first use).
 * {@code explicitCold} registers the same factories by hand; {@code nothingCold} is the harness' own floor.
 * The whole-process view (JVM start included) comes from {@link StartupTiming}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
@State(Scope.Benchmark)
public class StartupBenchmark {

    private Path dir;
    private Path keys;

    /** The key file the application would read; written before the measured call (it needs a SecureRandom). */
    @Setup(Level.Trial)
    public void writeKeys() throws IOException {
        dir = Files.createTempDirectory("mfa4j-startup");
        keys = StartupProbe.writeKeyFile(dir);
    }

    @TearDown(Level.Trial)
    public void removeKeys() throws IOException {
        Files.deleteIfExists(keys);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public Object discoverCold() {
        return StartupProbe.discover(keys);
    }

    /** {@code discoverCold} and the first TOTP verification: where the JDK crypto set-up is paid now. */
    @Benchmark
    public Object verifyCold() {
        return StartupProbe.verify(keys);
    }

    @Benchmark
    public Object explicitCold() {
        return StartupProbe.explicit(keys);
    }

    @Benchmark
    public Object nothingCold() {
        return StartupProbe.nothing();
    }
}
