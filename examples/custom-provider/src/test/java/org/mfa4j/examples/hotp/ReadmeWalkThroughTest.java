package org.mfa4j.examples.hotp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Writing a provider" walks through this example, and its snippet is this module's code: the
 * region between {@code // tag::check[]} and {@code // end::check[]} in {@code HotpProvider.java}.
 */
class ReadmeWalkThroughTest {

    private static final Path README = Path.of("../../README.md");
    private static final Path PROVIDER = Path.of("src/main/java/org/mfa4j/examples/hotp/HotpProvider.java");

    @Test
    void writingAProviderShowsTheCheckOfHotpProvider() throws IOException {
        String section = writingAProvider(Files.readString(README));
        assertThat(section).contains("examples/custom-provider")
                .contains("```java\n" + tagged(Files.readString(PROVIDER), "check") + "```\n");
    }

    /** From the section's heading to the next heading of its level. */
    private static String writingAProvider(String readme) {
        int start = readme.indexOf("\n## Writing a provider\n");
        assertThat(start).as("the README's section 'Writing a provider'").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    /** The lines between the tags, without their common indentation, each ending in a newline. */
    static String tagged(String source, String tag) {
        String open = "// tag::" + tag + "[]\n";
        int from = source.indexOf(open);
        int to = source.indexOf("// end::" + tag + "[]", from);
        assertThat(from).as("tag %s", tag).isNotNegative();
        assertThat(to).as("end of tag %s", tag).isPositive();
        // Up to the end of the last line before the end tag: stripIndent counts a blank last line as indentation.
        return source.substring(from + open.length(), source.lastIndexOf('\n', to)).stripIndent() + "\n";
    }
}
