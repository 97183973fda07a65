package org.mfa4j.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link WebAuthnVerifyBenchmark}'s paths timed in per-thread CPU time (NOTES.md, issue 12), for a machine
 * shared with other work: the benchmark's own state, batches of {@value #CALLS} calls of each path in turn,
 * {@code ROUNDS} rounds (default 20) of which the second half is kept. Prints one line per kept round (CPU µs
 * per call of each path, and {@code mfaVerify / finishAssertion}), then the means and the range of the ratio.
 *
 * <pre>
 * java -cp benchmarks.jar org.mfa4j.benchmarks.WebAuthnCpuTime [ROUNDS]
 * </pre>
 */
public final class WebAuthnCpuTime {

    private static final int CALLS = 200;
    private static final String[] PATHS = {"mfaVerify", "finishAssertion", "parseAndFinishAssertion",
            "relyingPartyBuild"};

    private WebAuthnCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        com.sun.management.ThreadMXBean threads = CpuTime.threads();
        Blackhole bh = CpuTime.blackhole();
        WebAuthnVerifyBenchmark benchmark = new WebAuthnVerifyBenchmark();
        WebAuthnVerifyBenchmark.Signed signed = new WebAuthnVerifyBenchmark.Signed();
        signed.sign();
        int kept = rounds - rounds / 2;
        double[][] us = new double[PATHS.length][kept];
        double[] ratios = new double[kept];
        System.out.println("round\t" + String.join("\t", PATHS) + "\tmfaVerify/finishAssertion (CPU µs/op)");
        for (int round = 0; round < rounds; round++) {
            double[] row = new double[PATHS.length];
            for (int p = 0; p < PATHS.length; p++) {
                long cpu = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < CALLS; i++) {
                    switch (p) {
                        case 0 -> bh.consume(benchmark.mfaVerify(signed));
                        case 1 -> bh.consume(benchmark.finishAssertion(signed));
                        case 2 -> bh.consume(benchmark.parseAndFinishAssertion(signed));
                        default -> bh.consume(benchmark.relyingPartyBuild(signed));
                    }
                }
                row[p] = (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / CALLS;
            }
            if (round >= rounds / 2) {
                int k = round - rounds / 2;
                for (int p = 0; p < PATHS.length; p++) {
                    us[p][k] = row[p];
                }
                ratios[k] = row[0] / row[1];
                System.out.printf(Locale.ROOT, "%d\t%.1f\t%.1f\t%.1f\t%.2f\t%.3f%n", round + 1, row[0], row[1], row[2],
                        row[3], ratios[k]);
            }
        }
        double[] mean = new double[PATHS.length];
        for (int p = 0; p < PATHS.length; p++) {
            mean[p] = Arrays.stream(us[p]).average().orElseThrow();
        }
        System.out.printf(Locale.ROOT, "mean\t%.1f\t%.1f\t%.1f\t%.2f\t%.3f (rounds %.3f to %.3f); over Yubico's"
                + " parse and finish %.3f%n", mean[0], mean[1], mean[2], mean[3], mean[0] / mean[1],
                Arrays.stream(ratios).min().orElseThrow(), Arrays.stream(ratios).max().orElseThrow(),
                mean[0] / mean[2]);
    }
}
