package org.mfa4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times whole JVM processes of {@link StartupProbe} on the benchmarks' class path: {@code bare} (start,
 * load the probe, exit), {@code explicit} and {@code discover} (the same plus building an {@code Mfa}).
 * The modes are interleaved round by round so a burst of load on a shared machine hits all of them; the
 * medians are reported. {@code discover - bare} is what discovering all providers adds to an
 * application's start-up, JVM start excluded, which is the start-up target; {@code verify - bare} adds the
 * first verification, which pays for the JDK crypto set-up that building leaves for first use.
 */
public final class StartupTiming {

    /** The probe modes, in the order they run in each round. */
    public static final List<String> MODES = List.of("bare", "jca", "explicit", "discover", "verify");
    /**
     * The modes also timed with an application class-data archive (AppCDS, a deployment option), reported
     * as {@code MODE+appcds}. The archive is dumped once, before the rounds, by a {@code verify} run with
     * {@code -XX:ArchiveClassesAtExit}; the timed runs map it with {@code -XX:SharedArchiveFile}.
     */
    public static final List<String> APPCDS_MODES = List.of("discover", "verify");
    static final String APPCDS = "+appcds";

    private StartupTiming() {
    }

    /** Median wall-clock milliseconds per mode over {@code rounds} rounds, after one unmeasured round. */
    public static Map<String, Double> run(int rounds) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        Path dir = Files.createTempDirectory("mfa4j-appcds");
        Path archive = dir.resolve("startup.jsa");
        Path keys = StartupProbe.writeKeyFile(dir);
        try {
            // Dump the archive; -Xshare:on then fails loudly if it cannot be mapped, rather than timing without it.
            once(java, classPath, "verify", keys, List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off",
                    "-Xlog:cds+dynamic=off"));
            List<String> cds = List.of("-XX:SharedArchiveFile=" + archive);
            once(java, classPath, "verify", keys, List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:on"));
            Map<String, List<Double>> times = new LinkedHashMap<>();
            MODES.forEach(m -> times.put(m, new ArrayList<>()));
            APPCDS_MODES.forEach(m -> times.put(m + APPCDS, new ArrayList<>()));
            for (int round = 0; round <= rounds; round++) {
                for (String mode : MODES) {
                    double ms = once(java, classPath, mode, keys, List.of());
                    if (round > 0) {
                        times.get(mode).add(ms);
                    }
                }
                for (String mode : APPCDS_MODES) {
                    double ms = once(java, classPath, mode, keys, cds);
                    if (round > 0) {
                        times.get(mode + APPCDS).add(ms);
                    }
                }
            }
            Map<String, Double> medians = new LinkedHashMap<>();
            times.forEach((mode, list) -> medians.put(mode, median(list)));
            return medians;
        } finally {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(keys);
            Files.deleteIfExists(dir);
        }
    }

    private static double once(String java, String classPath, String mode, Path keys, List<String> jvmOptions)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, StartupProbe.class.getName(), mode, keys.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        long start = System.nanoTime();
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        int exit = p.waitFor();
        long elapsed = System.nanoTime() - start;
        String text = new String(out, StandardCharsets.UTF_8).strip();
        if (exit != 0 || !mode.equals("bare") && !mode.equals("jca") && !text.equals("2")) {
            throw new IllegalStateException("startup probe '" + mode + "' " + jvmOptions + " failed (exit " + exit
                    + "): " + text);
        }
        return elapsed / 1e6;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        run(rounds).forEach((mode, ms) -> System.out.printf("%-16s %8.1f ms%n", mode, ms));
    }
}
