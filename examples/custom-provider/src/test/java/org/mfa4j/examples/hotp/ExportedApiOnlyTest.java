package org.mfa4j.examples.hotp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The example is what a third party can write: its classes depend on the JDK and on mfa4j's exported
 * {@code org.mfa4j}, {@code org.mfa4j.spi} and {@code org.mfa4j.spi.otp} only; never {@code org.mfa4j.internal},
 * a store or another provider.
 */
@AnalyzeClasses(packages = "org.mfa4j.examples.hotp", importOptions = ImportOption.DoNotIncludeTests.class)
class ExportedApiOnlyTest {

    @ArchTest
    static final ArchRule theProviderUsesOnlyTheJdkAndTheExportedApi = classes()
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "javax..", "org.mfa4j", "org.mfa4j.spi", "org.mfa4j.spi.otp",
                    "org.mfa4j.examples.hotp");
}
