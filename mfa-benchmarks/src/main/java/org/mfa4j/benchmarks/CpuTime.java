package org.mfa4j.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.TDistribution;
import org.openjdk.jmh.infra.Blackhole;

/**
 * TOTP verification timed in per-thread CPU time rather than wall-clock time, for comparing two commits on
 * a machine shared with other work (NOTES.md, issue 10). It calls the JMH benchmark methods themselves, on
 * their own state classes: {@code TotpVerifyBenchmark.accepted} and {@code .rejected} and
 * {@code HmacAnchorBenchmark.reusedMac3}. Those have had the same signatures since commit 9531974, so the
 * classes of this one file, put on the class path ahead of another commit's {@code benchmarks.jar}, time
 * that commit's code; {@code cputime.sh} does that and alternates the two jars.
 *
 * <pre>
 * java -cp DIR:benchmarks.jar org.mfa4j.benchmarks.CpuTime measure LABEL ALGORITHM [BATCHES]
 * java -cp benchmarks.jar org.mfa4j.benchmarks.CpuTime summarise BEFORE_LABEL AFTER_LABEL FILE...
 * </pre>
 * {@code measure} runs 10 warm-up and then {@code BATCHES} (default 10) measured batches, each one batch of
 * 200,000 accepted verifications, 100,000 rejected invocations (two verifications each, with the restore)
 * and 200,000 anchor calls in turn, and prints one tab-separated line per measured batch and path: label,
 * algorithm, path, CPU ns per operation, bytes allocated per operation. Collector threads are not counted.
 * {@code summarise} pools the batches of each label, path and algorithm: mean with a 99.9 % t interval,
 * the ratio {@code before / after} of the times (so the ratio of throughputs after over before) with the
 * two relative errors combined as in {@code RESULTS.md}, and each path over its own jar's anchor.
 */
public final class CpuTime {

    private static final int WARM_UP = 10;
    private static final int CALLS = 200_000;
    private static final String[] PATHS = {"accepted", "rejected", "anchor"};

    private CpuTime() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length >= 3 && args[0].equals("measure")) {
            measure(args[1], args[2], args.length > 3 ? Integer.parseInt(args[3]) : 10);
        } else if (args.length >= 4 && args[0].equals("summarise")) {
            summarise(args[1], args[2], List.of(args).subList(3, args.length));
        } else {
            throw new IllegalArgumentException("usage: see the Javadoc of " + CpuTime.class.getName());
        }
    }

    /** The JVM's thread bean, with per-thread CPU time and allocation. */
    static com.sun.management.ThreadMXBean threads() {
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    /** A blackhole outside JMH, for calling benchmark methods from a plain loop. */
    static Blackhole blackhole() {
        return new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    }

    private static void measure(String label, String algorithm, int batches) {
        com.sun.management.ThreadMXBean threads = threads();
        Blackhole bh = blackhole();
        TotpVerifyBenchmark totp = new TotpVerifyBenchmark();
        TotpVerifyBenchmark.Accepted accepted = new TotpVerifyBenchmark.Accepted();
        accepted.algorithm = algorithm;
        accepted.enrol();
        TotpVerifyBenchmark.Rejected rejected = new TotpVerifyBenchmark.Rejected();
        rejected.algorithm = algorithm;
        rejected.enrol();
        HmacAnchorBenchmark anchor = new HmacAnchorBenchmark();
        anchor.algorithm = algorithm;
        anchor.setUp();
        for (int batch = 0; batch < WARM_UP + batches; batch++) {
            accepted.prepareCodes();
            for (String path : PATHS) {
                long cpu = threads.getCurrentThreadCpuTime();
                long bytes = threads.getCurrentThreadAllocatedBytes();
                switch (path) {
                    case "accepted" -> {
                        for (int i = 0; i < CALLS; i++) {
                            bh.consume(totp.accepted(accepted));
                        }
                    }
                    case "rejected" -> {
                        for (int i = 0; i < CALLS / 2; i++) {
                            totp.rejected(rejected, bh);
                        }
                    }
                    default -> {
                        for (int i = 0; i < CALLS; i++) {
                            anchor.reusedMac3(bh);
                        }
                    }
                }
                cpu = threads.getCurrentThreadCpuTime() - cpu;
                bytes = threads.getCurrentThreadAllocatedBytes() - bytes;
                if (batch >= WARM_UP) {
                    System.out.printf(Locale.ROOT, "%s\t%s\t%s\t%.2f\t%.1f%n", label, algorithm, path,
                            (double) cpu / CALLS, (double) bytes / CALLS);
                }
            }
            accepted.report();
        }
    }

    private static void summarise(String before, String after, List<String> files) throws IOException {
        Map<String, List<Double>> ns = new TreeMap<>();
        for (String file : files) {
            for (String line : Files.readAllLines(Path.of(file))) {
                String[] f = line.split("\t");
                if (f.length == 5) {
                    ns.computeIfAbsent(f[1] + " " + f[2] + " " + f[0], k -> new ArrayList<>())
                            .add(Double.parseDouble(f[3]));
                }
            }
        }
        System.out.println("path\tbefore ns/op\tafter ns/op\tafter/before as throughput\tbefore/anchor\tafter/anchor");
        for (String algorithm : new String[] {"SHA1", "SHA256", "SHA512"}) {
            for (String path : PATHS) {
                double[] b = stats(ns.get(algorithm + " " + path + " " + before));
                double[] a = stats(ns.get(algorithm + " " + path + " " + after));
                if (b == null || a == null) {
                    continue;
                }
                double[] bAnchor = stats(ns.get(algorithm + " anchor " + before));
                double[] aAnchor = stats(ns.get(algorithm + " anchor " + after));
                System.out.printf(Locale.ROOT, "%s %s\t%.1f ± %.1f (n=%d)\t%.1f ± %.1f (n=%d)\t%s\t%s\t%s%n",
                        path, algorithm, b[0], b[1], (int) b[2], a[0], a[1], (int) a[2], ratio(b, a),
                        ratio(bAnchor, b), ratio(aAnchor, a));
            }
        }
    }

    /** Mean, half-width of the 99.9 % t interval, count. */
    private static double[] stats(List<Double> xs) {
        if (xs == null || xs.size() < 2) {
            return null;
        }
        int n = xs.size();
        double mean = 0;
        for (double x : xs) {
            mean += x;
        }
        mean /= n;
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        double t = new TDistribution(n - 1).inverseCumulativeProbability(0.9995);
        return new double[] {mean, t * Math.sqrt(ss / (n - 1) / n), n};
    }

    /** {@code x / y} of two times, that is the throughput of y over that of x, with the combined error. */
    private static String ratio(double[] x, double[] y) {
        double r = x[0] / y[0];
        return String.format(Locale.ROOT, "%.3f ± %.3f", r, r * Math.hypot(x[1] / x[0], y[1] / y[0]));
    }
}
