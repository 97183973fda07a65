package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract kit a provider module extends needs JUnit and AssertJ and nothing else (beyond jackson-core,
 * which mfa-core needs at runtime anyway), as its Javadoc
 * promises: every class of {@code org.mfa4j.testing} (not its {@code jdbc} and {@code logging} helpers)
 * imports only the JDK, mfa4j's exported packages and those two, and its code (comments aside) names no JDBC
 * pool, driver or logging backend.
 */
class ContractKitDependenciesTest {

    private static final Path KIT = Path.of("src/test/java/org/mfa4j/testing");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");
    private static final List<String> ALLOWED = List.of("java.", "org.junit.jupiter.api.", "org.assertj.core.",
            "org.mfa4j.testing.", "org.mfa4j.spi.", "org.mfa4j.policy.", "org.mfa4j.store.",
            "com.fasterxml.jackson.core.");
    private static final List<String> BANNED = List.of("com.zaxxer", "org.h2", "org.postgresql", "ch.qos.logback",
            "javax.sql", "org.mfa4j.internal", "org.mfa4j.testing.jdbc", "org.mfa4j.testing.logging");

    @Test
    void theKitImportsOnlyTheJdkMfa4jJUnitAndAssertJ() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(KIT)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(sources).extracting(p -> p.getFileName().toString()).contains("MfaProviderContractTest.java");
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String imported = m.group(1);
                boolean exported = imported.matches("org\\.mfa4j\\.[A-Z]\\w*(\\.\\w+)*");
                assertThat(exported || ALLOWED.stream().anyMatch(imported::startsWith))
                        .as("%s imports %s", source.getFileName(), imported).isTrue();
            }
            String code = COMMENTS.matcher(text).replaceAll("");
            for (String banned : BANNED) {
                assertThat(code).as("%s names %s", source.getFileName(), banned).doesNotContain(banned + ".");
            }
        }
    }
}
