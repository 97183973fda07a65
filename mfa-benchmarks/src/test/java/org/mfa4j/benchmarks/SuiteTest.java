package org.mfa4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a run writes into the README and which links it writes; the JMH run itself is not started here. */
class SuiteTest {

    @Test
    void readmeSectionIsReplacedBetweenTheMarkers(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# x\n\n## Performance\nby hand\n\n" + Suite.README_START + "\nold\n\n#### Old log\n"
                + Suite.README_END + "\n\n## Next\n");
        Suite.updateReadme(readme, "Headline ratios.\n\n| headline |\n|---|\n| a |\n");
        assertThat(Files.readString(readme)).isEqualTo("# x\n\n## Performance\nby hand\n\n" + Suite.README_START
                + "\nHeadline ratios.\n\n| headline |\n|---|\n| a |\n" + Suite.README_END + "\n\n## Next\n");
    }

    @Test
    void handRunRowsAndTheHandRunPartOfTheResultsSurviveARun(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        String starter = "| TOTP step through the starter (hand-run, `mfa-benchmarks-spring`) | 1.88 | reference | reference |";
        Files.writeString(readme, Suite.README_START + "\nold\n\n| headline | measured |\n|---|---|\n| old row | 1 |\n"
                + starter + "\n| a row | 2 (hand-run in a later cell) |\n" + Suite.README_END + "\n");
        Suite.updateReadme(readme, "New.\n\n| headline | measured |\n|---|---|\n| new row | 3 |\n");
        assertThat(Files.readString(readme)).isEqualTo(Suite.README_START
                + "\nNew.\n\n| headline | measured |\n|---|---|\n| new row | 3 |\n" + starter + "\n" + Suite.README_END + "\n");

        Path results = dir.resolve("RESULTS.md");
        String handRun = Suite.HAND_RUN + "\n\n## Spring Boot starter (hand-run)\n\n| a | 1 |\n";
        Files.writeString(results, "# old run\n\n| figure | 1 |\n\n" + handRun);
        Suite.writeResults(results, "# new run\n\n| figure | 2 |\n");
        assertThat(Files.readString(results)).isEqualTo("# new run\n\n| figure | 2 |\n\n" + handRun);
        Suite.writeResults(dir.resolve("NEW.md"), "# first run\n");
        assertThat(Files.readString(dir.resolve("NEW.md"))).isEqualTo("# first run\n");
    }

    @Test
    void aReadmeWithoutExactlyOnePairOfMarkersIsLeftAlone(@TempDir Path dir) throws Exception {
        Path readme = dir.resolve("README.md");
        String twice = Suite.README_START + "\na\n" + Suite.README_END + "\n" + Suite.README_START + "\nb\n"
                + Suite.README_END + "\n";
        for (String text : new String[] {"# x\n", Suite.README_END + "\n" + Suite.README_START + "\n", twice}) {
            Files.writeString(readme, text);
            assertThatThrownBy(() -> Suite.updateReadme(readme, "block")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exactly one");
            assertThat(Files.readString(readme)).isEqualTo(text);
        }
    }

    @Test
    void linksAreRelativeToTheFileThatHoldsThem() {
        assertThat(Suite.link(Path.of("README.md"), Path.of("mfa-benchmarks/RESULTS.md")))
                .isEqualTo("mfa-benchmarks/RESULTS.md");
        assertThat(Suite.link(Path.of("mfa-benchmarks/RESULTS.md"), Path.of("mfa-benchmarks/NOTES.md")))
                .isEqualTo("NOTES.md");
        assertThat(Suite.link(Path.of("./README.md"), Path.of("mfa-benchmarks/../mfa-benchmarks/NOTES.md")))
                .isEqualTo("mfa-benchmarks/NOTES.md");
    }

    @Test
    void theRecordAndTheReadmeNeedTheNotesTheyLinkBeforeAnythingRuns(@TempDir Path dir) {
        String results = dir.resolve("RESULTS.md").toString();
        assertThatThrownBy(() -> Suite.main(new String[] {"--results", results}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--notes");
        assertThatThrownBy(() -> Suite.main(new String[] {"--results", results, "--notes",
                dir.resolve("missing.md").toString()})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("existing file");
        assertThatThrownBy(() -> Suite.main(new String[] {"--readme", dir.resolve("README.md").toString()}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--results");
        assertThat(dir.resolve("RESULTS.md")).doesNotExist();
    }
}
