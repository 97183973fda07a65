package org.mfa4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.ResultRole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.ThroughputResult;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.WorkloadParams;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The two documents a run writes: {@code RESULTS.md} with every figure, and the README's block with only the
 * headline ratios and links to the record. The runs are made up here, so no benchmark runs.
 */
class ResultsTableTest {

    /** Table rows the README may hold: the headline ratios, not the benchmark log. */
    private static final int README_ROWS = 10;
    /** Lines of the README's block in all: a sentence, the table's head and its rows. */
    private static final int README_LINES = 16;

    private static final Map<String, Double> STARTUP = startup();

    @Test
    void theReadmeBlockIsAShortTableOfHeadlinesThatLinksResultsAndNotes() {
        String block = fullRun().readmeBlock("mfa-benchmarks/RESULTS.md", "mfa-benchmarks/NOTES.md");

        assertShortAndLinked(block);
        assertThat(block).contains("commit 1234567")
                .contains("| TOTP verify (accepted, SHA1) over 3 raw HMACs | 0.550 ± ")
                .contains("| TOTP verify (accepted, SHA256) over 3 raw HMACs | 0.600 ± ")
                .contains("| TOTP verify (accepted, SHA1) over googleauth `authorize` | 1.27 ± ")
                .contains("| JDBC round trips per TOTP verification, H2 / PostgreSQL | 1.00 / 1.00 | ≤ 2 | **met** |")
                .contains("| discovery of all providers, over a bare JVM start | 35.00 ms | ≤ 50 ms | **met** |")
                .contains("| WebAuthn: `Mfa.verify` over Yubico's `finishAssertion` alone, in time | 1.04 ± ")
                .doesNotContain("SHA512", "µs/op", "AppCDS", "googleauth `authorize`, wrong code");
    }

    @Test
    void aRunWithoutPostgresqlOrStartupTimesSaysSoInTheSameShortTable() {
        List<RunResult> runs = new ArrayList<>();
        runs.add(run("JdbcBenchmark.verify", "db", "h2", 1, 87_000, 1.0));
        runs.add(run("JdbcBenchmark.verify8", "db", "h2", 8, 160_000, 1.0));
        String block = new ResultsTable(runs, Map.of(), Map.of()).readmeBlock("RESULTS.md", "NOTES.md");

        assertShortAndLinked(block);
        assertThat(block).contains("| 1.00 / not measured | ≤ 2 | **met** (H2 only) |")
                .contains("| discovery of all providers, over a bare JVM start | not measured | ≤ 50 ms | not measured |");
    }

    @Test
    void resultsHoldEveryFigureAndTargetAndLinkTheNotesInsteadOfCopyingThem() {
        ResultsTable table = fullRun();
        String md = table.markdown("NOTES.md");

        assertThat(md).startsWith("# mfa4j benchmark results\n")
                .contains("[NOTES.md](NOTES.md)", "| mfa4j commit | 1234567 |", "\n## Targets\n", "\n## Figures\n",
                        "\n## Start-up, whole JVM processes\n", "| discover | 85.00 | 35.00 |")
                .contains("| TOTP verify (accepted) ≥ 50 % of 3 reused-`Mac` HMACs, SHA512 | 1.50 ± ")
                .contains("| 1.00 (worst of: 1 thread 1.00, 8 threads 1.00) | **met** |")
                .doesNotContain("Notes on the targets");
        for (ResultsTable.Row target : table.targets()) {
            assertThat(md).contains("| " + target.what() + " | " + target.measured() + target.detail() + " | "
                    + target.verdict() + " |");
        }
        long figures = md.lines().filter(l -> l.startsWith("| mfa4j: ") || l.startsWith("| anchor: ")).count();
        assertThat(figures).isEqualTo(fullRunResults().size());
    }

    /** The README as committed: whoever edits it by hand, or changes the generator, keeps the block short. */
    @Test
    void theCommittedReadmeKeepsOnlyTheShortTableAndTheLinkedFilesExist() throws IOException {
        Path root = root();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf(Suite.README_START);
        int end = readme.indexOf(Suite.README_END);
        assertThat(start).as("README has the benchmark markers").isNotNegative().isLessThan(end);
        String block = readme.substring(start + Suite.README_START.length(), end).strip();

        assertShortAndLinked(block);
        assertThat(block).contains("](mfa-benchmarks/RESULTS.md)", "](mfa-benchmarks/NOTES.md)");
        assertThat(root.resolve("mfa-benchmarks/RESULTS.md")).isRegularFile();
        assertThat(root.resolve("mfa-benchmarks/NOTES.md")).isRegularFile();
        assertThat(Files.readString(root.resolve("mfa-benchmarks/RESULTS.md"), StandardCharsets.UTF_8))
                .contains("](NOTES.md)");
    }

    private static void assertShortAndLinked(String block) {
        List<String> lines = block.strip().lines().toList();
        List<String> rows = lines.stream().filter(l -> l.startsWith("|")).toList();
        assertThat(lines).as("the README's benchmark block").hasSizeLessThanOrEqualTo(README_LINES)
                .noneMatch(l -> l.startsWith("#"));
        assertThat(rows).as("headline rows, after the table's head and rule")
                .hasSizeBetween(3, README_ROWS + 2)
                .first().asString().startsWith("| headline | measured | target | verdict |");
        assertThat(block).containsPattern("\\[[^]]*RESULTS\\.md\\]\\([^)]*RESULTS\\.md\\)")
                .containsPattern("\\[[^]]*NOTES\\.md\\]\\([^)]*NOTES\\.md\\)");
    }

    private static ResultsTable fullRun() {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("mfa4j commit", "1234567");
        return new ResultsTable(fullRunResults(), STARTUP, header);
    }

    /** One result for each benchmark and parameter the full suite runs, with round numbers. */
    private static List<RunResult> fullRunResults() {
        List<RunResult> runs = new ArrayList<>();
        double[] hmac3 = {1_800_000, 1_600_000, 400_000};
        double[] accepted = {990_000, 960_000, 600_000};
        String[] algorithms = {"SHA1", "SHA256", "SHA512"};
        for (int i = 0; i < algorithms.length; i++) {
            runs.add(run("HmacAnchorBenchmark.reusedMac1", "algorithm", algorithms[i], 1, hmac3[i] * 2.5, 0));
            runs.add(run("HmacAnchorBenchmark.reusedMac3", "algorithm", algorithms[i], 1, hmac3[i], 0));
            runs.add(run("HmacAnchorBenchmark.getInstancePerCall", "algorithm", algorithms[i], 1, hmac3[i] * 1.4, 0));
            runs.add(run("TotpVerifyBenchmark.accepted", "algorithm", algorithms[i], 1, accepted[i], 0));
            runs.add(run("TotpVerifyBenchmark.rejected", "algorithm", algorithms[i], 1, accepted[i] * 0.98, 0));
        }
        runs.add(run("GoogleAuthBenchmark.authorize", null, null, 1, 780_000, 0));
        runs.add(run("GoogleAuthBenchmark.authorizeWrong", null, null, 1, 610_000, 0));
        runs.add(run("RecoveryVerifyBenchmark.verify", "codesLeft", "10", 1, 45, 0));
        runs.add(run("RecoveryVerifyBenchmark.verify", "codesLeft", "1", 1, 46, 0));
        runs.add(run("LoginBenchmark.login", "provider", "totp", 1, 640_000, 0));
        runs.add(run("DiscoveryBenchmark.discover", null, null, 1, 62_000, 0));
        runs.add(run("WebAuthnVerifyBenchmark.finishAssertion", null, null, 1, 1_250, 0));
        runs.add(run("WebAuthnVerifyBenchmark.mfaVerify", null, null, 1, 1_200, 0));
        for (String db : List.of("h2", "postgresql")) {
            runs.add(run("JdbcBenchmark.verify", "db", db, 1, 8_000, 1.0));
            runs.add(run("JdbcBenchmark.verify8", "db", db, 8, 19_000, 1.0));
            runs.add(run("JdbcBenchmark.bareUpdate", "db", db, 1, 9_000, 1.0));
            runs.add(run("JdbcBenchmark.bareUpdate8", "db", db, 8, 20_000, 1.0));
        }
        return runs;
    }

    private static Map<String, Double> startup() {
        Map<String, Double> ms = new LinkedHashMap<>();
        ms.put("bare", 50.0);
        ms.put("jca", 95.0);
        ms.put("explicit", 83.0);
        ms.put("discover", 85.0);
        ms.put("verify", 156.0);
        return ms;
    }

    /**
     * A throughput result of three one-second iterations around {@code score} (±1 %), with JMH's own error;
     * {@code roundTrips} above zero adds the JDBC benchmarks' counters at that many per call.
     */
    private static RunResult run(String benchmark, String param, String value, int threads, double score,
            double roundTrips) {
        WorkloadParams workload = new WorkloadParams();
        if (param != null) {
            workload.put(param, value, 0);
        }
        IterationParams measurement = new IterationParams(IterationType.MEASUREMENT, 3, TimeValue.seconds(1), 1);
        IterationParams warmup = new IterationParams(IterationType.WARMUP, 1, TimeValue.seconds(1), 1);
        BenchmarkParams params = new BenchmarkParams("org.mfa4j.benchmarks." + benchmark, "generated", false, threads,
                new int[] {threads}, List.of(), 1, 0, warmup, measurement, Mode.Throughput, workload,
                TimeUnit.SECONDS, 1, "java", List.of(), "17", "vm", "17", "1.37", TimeValue.minutes(10));
        List<IterationResult> iterations = new ArrayList<>();
        for (double factor : new double[] {0.99, 1.0, 1.01}) {
            IterationResult it = new IterationResult(params, measurement, new IterationResultMetaData(0, 0));
            long second = 1_000_000_000L;
            long calls = Math.round(score * factor);
            it.addResult(new ThroughputResult(ResultRole.PRIMARY, benchmark, calls, second, TimeUnit.SECONDS));
            if (roundTrips > 0) {
                it.addResult(new ThroughputResult(ResultRole.SECONDARY, "roundTrips", calls * roundTrips, second,
                        TimeUnit.SECONDS));
                it.addResult(new ThroughputResult(ResultRole.SECONDARY, "calls", calls, second, TimeUnit.SECONDS));
            }
            iterations.add(it);
        }
        return new RunResult(params, List.of(new BenchmarkResult(params, iterations)));
    }

    /** The repository's folder: the first above the working folder with a README.md and mfa-benchmarks. */
    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.isRegularFile(p.resolve("README.md"))
                && Files.isDirectory(p.resolve("mfa-benchmarks")))) {
            p = p.getParent();
        }
        assertThat(p).as("the repository root above the module").isNotNull();
        return p;
    }
}
