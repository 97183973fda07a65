package org.mfa4j.benchmarks;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The physical limit of a TOTP check: raw {@code javax.crypto.Mac} over an 8-byte big-endian counter, with
 * a key of the length the TOTP provider generates for the algorithm (20, 32, 64 bytes).
 * <ul>
 *   <li>{@code reusedMac1}: one HMAC with a {@code Mac} keyed once (one time step).</li>
 *   <li>{@code reusedMac3}: three HMACs (steps -1, 0, +1: a ±1 window, what a verification must compute
 *       when it compares every step in constant time). TOTP verification through {@code Mfa} is held
 *       against this one.</li>
 *   <li>{@code getInstancePerCall}: {@code Mac.getInstance}, {@code init} and one HMAC per call, the way
 *       googleauth computes each code.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HmacAnchorBenchmark {

    @Param({"SHA1", "SHA256", "SHA512"})
    public String algorithm;

    private byte[] key;
    private String jcaName;
    private Mac mac;
    private final byte[] message = new byte[8];
    private long counter = 56_000_000L;

    @Setup
    public void setUp() {
        jcaName = OtpCodes.jcaName(algorithm);
        key = new byte[switch (algorithm) {
            case "SHA1" -> 20;
            case "SHA256" -> 32;
            default -> 64;
        }];
        new SecureRandom().nextBytes(key);
        mac = OtpCodes.keyedMac(algorithm, key);
    }

    private byte[] counterBytes(long c) {
        long v = c;
        for (int i = 7; i >= 0; i--) {
            message[i] = (byte) v;
            v >>>= 8;
        }
        return message;
    }

    @Benchmark
    public byte[] reusedMac1() {
        return mac.doFinal(counterBytes(counter++));
    }

    @Benchmark
    public void reusedMac3(Blackhole bh) {
        long c = counter++;
        bh.consume(mac.doFinal(counterBytes(c - 1)));
        bh.consume(mac.doFinal(counterBytes(c)));
        bh.consume(mac.doFinal(counterBytes(c + 1)));
    }

    @Benchmark
    public byte[] getInstancePerCall() throws GeneralSecurityException {
        Mac fresh = Mac.getInstance(jcaName);
        fresh.init(new SecretKeySpec(key, jcaName));
        return fresh.doFinal(counterBytes(counter++));
    }
}
