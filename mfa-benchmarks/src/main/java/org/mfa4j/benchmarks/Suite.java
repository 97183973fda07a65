package org.mfa4j.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark of this module in one JMH run, times whole-process start-up, and writes the Markdown
 * record ({@code RESULTS.md}, rewritten whole) and, if asked, the README's short table of headline ratios
 * between its benchmark markers. {@code mfa-benchmarks/run.sh} is the usual way in.
 *
 * <pre>
 * java -cp benchmarks.jar org.mfa4j.benchmarks.Suite [--quick] [--include REGEX]... [--exclude REGEX]...
 *      [-p name=v1,v2]... [--prof NAME]... [--results FILE] [--readme FILE] [--json FILE]
 *      [--startup-rounds N] [--note key=value]... [--notes FILE]
 * </pre>
 * {@code --quick} overrides every benchmark's settings with 1 fork, 1 warm-up and 2 measurement iterations
 * of 1 s each (development only: the figures are rough). {@code --notes} names the hand-written notes
 * ({@code NOTES.md}), which {@code RESULTS.md} and the README link to; it is needed with {@code --results}
 * or {@code --readme}, and the file must exist. {@code --readme} needs {@code --results}, which it links.
 * The README is only updated by a full run (no {@code --quick}, {@code --include}, {@code --exclude},
 * {@code -p} or {@code --prof}); nothing outside its markers changes.
 *
 * <p>Figures measured by hand (another module, two commits side by side) survive a run: in
 * {@code RESULTS.md} everything from the line {@value #HAND_RUN} on, and in the README's block every table
 * row whose first cell says {@code (hand-run}, are carried over as they were.
 */
public final class Suite {

    static final String README_START = "<!-- benchmarks:start -->";
    static final String README_END = "<!-- benchmarks:end -->";
    /** Where the hand-run part of {@code RESULTS.md} starts. */
    static final String HAND_RUN = "<!-- hand-run: kept by run.sh -->";
    /** How a hand-run row of the README's table starts its first cell. */
    static final String HAND_RUN_ROW = "(hand-run";

    private Suite() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        List<String> includes = new ArrayList<>();
        List<String> excludes = new ArrayList<>();
        Map<String, String[]> params = new LinkedHashMap<>();
        List<String> profilers = new ArrayList<>();
        Path results = null;
        Path readme = null;
        Path json = null;
        Path notesFile = null;
        int startupRounds = 10;
        Map<String, String> notes = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--include" -> includes.add(args[++i]);
                case "--exclude" -> excludes.add(args[++i]);
                case "-p" -> {
                    String[] kv = args[++i].split("=", 2);
                    params.put(kv[0], kv[1].split(","));
                }
                case "--prof" -> profilers.add(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                case "--readme" -> readme = Path.of(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                case "--notes" -> notesFile = Path.of(args[++i]);
                case "--startup-rounds" -> startupRounds = Integer.parseInt(args[++i]);
                case "--note" -> {
                    String[] kv = args[++i].split("=", 2);
                    notes.put(kv[0], kv[1]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; see the Javadoc of "
                        + Suite.class.getName());
            }
        }
        if (readme != null && results == null) {
            throw new IllegalArgumentException("--readme links the full record: give --results too "
                    + "(mfa-benchmarks/RESULTS.md)");
        }
        if (results != null && (notesFile == null || !Files.isRegularFile(notesFile))) {
            throw new IllegalArgumentException("--results links the hand-written notes: give --notes "
                    + "with the path of an existing file (mfa-benchmarks/NOTES.md)");
        }
        String defaultInclude = Suite.class.getPackageName().replace(".", "\\.") + "\\..*Benchmark\\.";
        if (includes.isEmpty()) {
            includes.add(defaultInclude);
        }
        String loadBefore = ResultsTable.loadAverage();
        long started = System.nanoTime();

        ChainedOptionsBuilder options = new OptionsBuilder().shouldFailOnError(true);
        includes.forEach(options::include);
        excludes.forEach(options::exclude);
        params.forEach(options::param);
        for (String p : profilers) {
            int colon = p.indexOf(':');
            if (colon < 0) {
                options.addProfiler(p);
            } else {
                options.addProfiler(p.substring(0, colon), p.substring(colon + 1));
            }
        }
        if (json != null) {
            options.result(json.toString()).resultFormat(ResultFormatType.JSON);
        }
        if (quick) {
            options.forks(1).warmupIterations(1).measurementIterations(2)
                    .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
        }
        Collection<RunResult> run = new Runner(options.build()).run();

        Map<String, Double> startup = startupRounds > 0 ? StartupTiming.run(startupRounds) : Map.of();
        long minutes = (System.nanoTime() - started) / 60_000_000_000L;
        long seconds = (System.nanoTime() - started) / 1_000_000_000L % 60;

        Map<String, String> header = new LinkedHashMap<>(notes);
        header.put("JMH settings", quick ? "--quick: 1 fork, 1 × 1 s warm-up, 2 × 1 s measurement (rough)"
                : "per benchmark class (annotations; see the sources)");
        header.put("load average before / after", loadBefore + " / " + ResultsTable.loadAverage());
        header.put("run time", minutes + " min " + seconds + " s (JMH and start-up timing)");
        ResultsTable table = new ResultsTable(run, startup, header);
        if (results != null) {
            writeResults(results, table.markdown(link(results, notesFile)));
            System.out.println("wrote " + results);
        } else {
            System.out.println(table.markdown(notesFile == null ? "NOTES.md" : notesFile.toString()));
        }
        boolean partial = quick || !includes.equals(List.of(defaultInclude)) || !excludes.isEmpty() || !params.isEmpty()
                || !profilers.isEmpty();
        if (readme != null && partial) {
            System.out.println("not updating " + readme + ": only a full run without --quick, --include, --exclude, "
                    + "-p or --prof goes into the README");
        } else if (readme != null) {
            updateReadme(readme, table.readmeBlock(link(readme, results), link(readme, notesFile)));
            System.out.println("updated " + readme);
        }
    }

    /**
     * {@code target} as a Markdown link from the file {@code from}: relative to its folder, with forward
     * slashes.
     */
    static String link(Path from, Path target) {
        Path folder = from.toAbsolutePath().normalize().getParent();
        return folder.relativize(target.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** Writes {@code RESULTS.md} as {@code markdown}, followed by the hand-run part of the file it replaces. */
    static void writeResults(Path results, String markdown) throws java.io.IOException {
        String kept = "";
        if (Files.isRegularFile(results)) {
            String old = Files.readString(results, StandardCharsets.UTF_8);
            int at = old.indexOf(HAND_RUN);
            kept = at < 0 ? "" : "\n" + old.substring(at);
        }
        Files.writeString(results, markdown + kept, StandardCharsets.UTF_8);
    }

    /**
     * Replaces the README's text between its one pair of benchmark markers with {@code block}, and the
     * hand-run rows of the old table after the new table's rows.
     */
    static void updateReadme(Path readme, String block) throws java.io.IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(README_START);
        int end = text.indexOf(README_END);
        if (start < 0 || end < start || text.indexOf(README_START, start + 1) >= 0
                || text.indexOf(README_END, end + 1) >= 0) {
            throw new IllegalStateException(readme + " needs exactly one " + README_START + " ... " + README_END
                    + " section, in that order");
        }
        StringBuilder kept = new StringBuilder();
        text.substring(start + README_START.length(), end).lines()
                .filter(Suite::handRunRow).forEach(l -> kept.append(l).append('\n'));
        String replaced = text.substring(0, start + README_START.length()) + "\n" + block.strip() + "\n" + kept
                + text.substring(end);
        Files.writeString(readme, replaced, StandardCharsets.UTF_8);
    }

    /** Whether {@code line} is a table row whose first cell says it was measured by hand. */
    private static boolean handRunRow(String line) {
        int end = line.indexOf(" | ", 2);
        return line.startsWith("| ") && end > 0 && line.substring(2, end).contains(HAND_RUN_ROW);
    }
}
