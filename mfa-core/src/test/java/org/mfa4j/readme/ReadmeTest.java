package org.mfa4j.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfa4j.Mfa;
import org.mfa4j.spi.MfaInput;
import org.mfa4j.spi.MfaProviderFactory;
import org.mfa4j.spi.MfaUser;
import org.mfa4j.spi.View;
import org.mfa4j.testproviders.CodeProvider;

/** The README's snippets are the code of {@link QuickStart}, and that code works. */
class ReadmeTest {

    @TempDir
    Path dir;

    /** Stands in for the TOTP provider, which lives in another module. */
    public static final class TotpStandIn extends DelegatingFactory {
        public TotpStandIn() {
            super(new CodeProvider("totp"));
        }
    }

    @Test
    void theReadmeShowsTheQuickStartCode() throws IOException {
        String readme = Files.readString(findReadme());
        String source = Files.readString(Paths.get("src/test/java/org/mfa4j/readme/QuickStart.java"));
        for (String tag : List.of("build", "login", "stepup")) {
            String snippet = snippet(source, tag);
            assertThat(readme).as("README shows the '%s' snippet of QuickStart.java", tag).contains(snippet);
        }
    }

    @Test
    void theQuickStartWorks() throws IOException {
        Path services = dir.resolve("cp/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(MfaProviderFactory.class.getName()), TotpStandIn.class.getName() + "\n");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()},
                getClass().getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            Mfa mfa = QuickStart.build(dir.resolve("keys"));
            assertThat(Files.exists(dir.resolve("keys"))).isTrue();

            Map<String, String> session = new HashMap<>();
            assertThat(QuickStart.login(mfa, "bob", false, "s1", "", session)).isNull();
            assertThat(session).containsEntry("signedIn", "yes");

            session.clear();
            QuickStart.login(mfa, "root", true, "s2", "", session);
            assertThat(session).containsEntry("setup", "totp");
            MfaUser root = MfaUser.builder("root").administrator(true).build();
            View setup = mfa.setup(root, "totp");
            mfa.activate(root, "totp", MfaInput.code(setup.require("code")), "s2");

            session.clear();
            QuickStart.login(mfa, "root", true, "s3", "00000000".equals(setup.require("code")) ? "1" : "00000000",
                    session);
            assertThat(session.get("error")).isEqualTo("REJECTED, attempts left: 2");
            String proof = QuickStart.login(mfa, "root", true, "s3", setup.require("code"), session);
            assertThat(proof).isNotNull();
            assertThat(QuickStart.mayChangeEmail(mfa, "s3", session)).isTrue();
            assertThat(QuickStart.mayChangeEmail(mfa, "other-session", session)).isFalse();
            assertThat(mfa.isRecent(proof, "s3", Duration.ofMinutes(5))).isTrue();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

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

    private static Path findReadme() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("README.md"))) {
            p = p.getParent();
        }
        assertThat(p).as("README.md above the module").isNotNull();
        return p.resolve("README.md");
    }
}
