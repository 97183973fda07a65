package org.mfa4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The exported packages are the public API; {@code org.mfa4j.internal} stays hidden. They are the packages
 * {@link PackageRulesTest} knows besides the engine, so a newly exported package also comes under its rules.
 */
class ModuleTest {

    @Test
    void exportsExactlyThePublicPackages() throws Exception {
        Path info = Paths.get(Mfa.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("module-info.class");
        ModuleDescriptor d;
        try (InputStream in = Files.newInputStream(info)) {
            d = ModuleDescriptor.read(in);
        }
        assertThat(d.name()).isEqualTo("org.mfa4j.core");
        assertThat(d.exports()).allMatch(e -> !e.isQualified())
                .extracting(ModuleDescriptor.Exports::source)
                .containsExactlyInAnyOrder("org.mfa4j", "org.mfa4j.policy", "org.mfa4j.spi", "org.mfa4j.spi.code",
                        "org.mfa4j.spi.otp", "org.mfa4j.store")
                .containsExactlyInAnyOrderElementsOf(PackageRulesTest.EXPORTED);
        assertThat(d.uses()).containsExactly("org.mfa4j.spi.MfaProviderFactory");
    }
}
