package org.mfa4j.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README starts with the run command and the test command, and its quick-start snippets are this
 * program's code (between {@code // tag::name[]} and {@code // end::name[]} in {@code QuickStart.java}).
 */
class ReadmeTest {

    private static final Path SOURCES = Path.of("src/main/java/org/mfa4j/examples/quickstart");

    @Test
    void theReadmeStartsWithTheRunCommandThenTheTestCommand() throws IOException {
        List<String> blocks = fencedBlocks(readme());
        assertThat(blocks).hasSizeGreaterThan(3);
        assertThat(blocks.get(0)).as("the demo web app's run command, which .ci/run starts")
                .isEqualTo("mvn -q -B -ntp -pl examples/demo-webapp -am -DskipTests package exec:java");
        assertThat(blocks.get(1)).as("the test command .ci/run runs").isEqualTo("mvn -B -ntp verify");
        assertThat(blocks.get(2)).as("the quick start's command, second example")
                .isEqualTo(QuickStartDriver.runCommand(readme()))
                .startsWith("mvn ").contains("-pl examples/quickstart").contains(" -am ").endsWith("exec:java");
        String ci = Files.readString(root().resolve(".ci/run"));
        assertThat(ci).as("CI runs the README's run command through the driver, then the test command, last")
                .contains("\njava examples/quickstart/src/test/java/org/mfa4j/examples/quickstart/QuickStartDriver.java"
                        + " README.md\n").endsWith("\nmvn -B -ntp verify\n");
        assertThat(ci.indexOf("QuickStartDriver.java README.md")).isLessThan(ci.indexOf("\nmvn -B -ntp verify\n"));
    }

    @Test
    void theReadmeShowsTheQuickStartsCode() throws IOException {
        String readme = readme();
        String source = Files.readString(SOURCES.resolve("QuickStart.java"));
        for (String tag : List.of("build", "login", "stepup", "unlock")) {
            assertThat(readme).as("README shows the '%s' snippet of QuickStart.java", tag).contains(snippet(source, tag));
        }
    }

    @Test
    void theLockMessageNamesTheReadmesAdminCommandOnTheQuickStartsData() throws IOException {
        String readme = readme();
        assertThat(QuickStart.ADMIN_COMMAND).isEqualTo(QuickStartDriver.adminCommand(readme));
        assertThat(readme).contains("\n" + QuickStart.ADMIN_COMMAND + " status demo --quickstart-data "
                + QuickStart.DEFAULT_DATA + "\n");
        String jar = QuickStart.ADMIN_COMMAND.substring("java -jar ".length());
        assertThat(Files.readString(root().resolve("mfa-cli/pom.xml")))
                .as("mfa-cli builds the jar the README runs").contains("<outputFile>${project.build.directory}/"
                        + Path.of(jar).getFileName() + "</outputFile>");
        assertThat(Path.of(jar).getParent()).isEqualTo(Path.of("mfa-cli/target"));
    }

    @Test
    void theExampleUsesOnlyThePublicApi() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain("org.mfa4j.internal")
                        .doesNotContain("org.mfa4j.provider.");
            }
        }
    }

    /** The lines between the tags, without their common indentation, each ending in a newline. */
    static String snippet(String source, String tag) {
        Matcher m = Pattern.compile("(?s)// tag::" + tag + "\\[\\]\\n(.*?)\\n\\s*// end::" + tag + "\\[\\]")
                .matcher(source);
        assertThat(m.find()).as("tag %s", tag).isTrue();
        String[] lines = m.group(1).split("\n");
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString();
    }

    private static List<String> fencedBlocks(String markdown) {
        Matcher m = Pattern.compile("(?ms)^```[a-z]*\\n(.*?)\\n```").matcher(markdown);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1).strip());
        }
        return blocks;
    }

    static String readme() throws IOException {
        return Files.readString(root().resolve("README.md"));
    }

    /** The repository's folder: the first above the working folder with .ci/run. */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(".ci/run"))) {
            p = p.getParent();
        }
        assertThat(p).as("the repository root above the module").isNotNull();
        return p;
    }
}
