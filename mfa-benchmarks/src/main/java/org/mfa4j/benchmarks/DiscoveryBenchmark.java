package org.mfa4j.benchmarks;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.mfa4j.Mfa;
import org.mfa4j.SecretKeys;
import org.mfa4j.provider.recovery.RecoveryCodesProviderFactory;
import org.mfa4j.provider.totp.TotpProviderFactory;
import org.mfa4j.store.InMemoryMfaStore;
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
 * Building the {@code Mfa} entry point in a warm JVM: {@code discoverProviders()} (ServiceLoader finds every
 * factory on the class path: here TOTP and recovery codes) against the same two factories registered by
 * hand. Store, keys and random source are made once; the cost measured is the builder's. What an
 * application pays once at start-up, cold, is measured by {@link StartupBenchmark} and by
 * {@link StartupTiming} (whole JVM processes).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DiscoveryBenchmark {

    private InMemoryMfaStore store;
    private SecretKeys keys;
    private SecureRandom random;

    @Setup
    public void setUp() {
        store = new InMemoryMfaStore();
        random = new SecureRandom();
        keys = SecretKeys.ephemeral(random);
    }

    @Benchmark
    public Mfa discover() {
        return Mfa.builder().store(store).keys(keys).random(random).discoverProviders()
                .disableProvider(WebAuthnVerifyBenchmark.ONLY_EXPLICIT).build();
    }

    @Benchmark
    public Mfa explicit() {
        return Mfa.builder().store(store).keys(keys).random(random)
                .provider(new TotpProviderFactory()).provider(new RecoveryCodesProviderFactory()).build();
    }
}
