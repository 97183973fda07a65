package org.mfa4j;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.library.freeze.FreezingArchRule.freeze;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;
import org.mfa4j.internal.UserDocument;
import org.mfa4j.store.MfaStore;
import org.mfa4j.store.VersionedDocument;

/**
 * Which package of {@code mfa-core} may depend on which (DESIGN.md, STYLE.md), read from the main class files
 * by ArchUnit.
 *
 * <ul>
 *   <li>the exported SPIs ({@code spi}, {@code store}) do not depend on {@code internal};</li>
 *   <li>no engine part calls back into the facade ({@code Mfa}, its builder, {@code MfaAdmin});</li>
 *   <li>{@code policy} depends on neither the engine nor the stores;</li>
 *   <li>{@code spi} and {@code store} do not depend on each other;</li>
 *   <li>the packages {@code spi}, {@code store}, {@code policy} and {@code internal} form no loop;</li>
 *   <li>every class lives in a package these rules know, so a new package cannot slip past them.</li>
 * </ul>
 *
 * <h2>Frozen, and empty</h2>
 * The first rule is a {@code FreezingArchRule} whose store of known violations
 * ({@code src/test/resources/archunit_store}) is empty since the store SPI moved to {@code org.mfa4j.store}
 * with an opaque document (issue 10): {@code src/test/resources/archunit.properties} lets no run create or
 * rewrite that store, so any violation fails. Never refreeze ({@code archunit.freeze.refreeze}) to make a new
 * violation pass.
 */
@AnalyzeClasses(packages = "org.mfa4j", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    /** What {@code module-info.java} exports (ModuleTest); everything else is {@code org.mfa4j.internal}. */
    static final List<String> EXPORTED = List.of("org.mfa4j", "org.mfa4j.policy", "org.mfa4j.spi", "org.mfa4j.spi.code",
            "org.mfa4j.spi.otp", "org.mfa4j.store");

    private static final String SPI = "org.mfa4j.spi..";
    private static final String STORE = "org.mfa4j.store..";
    private static final String POLICY = "org.mfa4j.policy..";
    private static final String INTERNAL = "org.mfa4j.internal..";

    /** An exported package exactly (its subpackages would be unexported), or the engine and its subpackages. */
    @ArchTest
    static final ArchRule everyClassLivesInAKnownPackage = classes().should()
            .resideInAnyPackage(Stream.concat(EXPORTED.stream(), Stream.of(INTERNAL)).toArray(String[]::new));

    /** Frozen with no known violation (see above). */
    @ArchTest
    static final ArchRule theExportedSpisDoNotDependOnTheEngine = freeze(noClasses()
            .that().resideInAnyPackage(SPI, STORE)
            .should().dependOnClassesThat().resideInAPackage(INTERNAL)
            .as("classes of org.mfa4j.spi and org.mfa4j.store do not depend on org.mfa4j.internal"));

    /** What the engine parts share (registry, checks, clock) lives in the engine, below the facade. */
    @ArchTest
    static final ArchRule theEngineDoesNotCallBackIntoTheFacade = noClasses()
            .that().resideInAPackage(INTERNAL)
            .should().dependOnClassesThat(belongToAnyOf(Mfa.class, MfaAdmin.class));

    @ArchTest
    static final ArchRule policiesDependOnNeitherTheEngineNorTheStores = noClasses()
            .that().resideInAPackage(POLICY)
            .should().dependOnClassesThat().resideInAnyPackage(INTERNAL, STORE);

    @ArchTest
    static final ArchRule theProviderSpiDoesNotDependOnTheStores = noClasses()
            .that().resideInAPackage(SPI)
            .should().dependOnClassesThat().resideInAPackage(STORE);

    /** The stores know the store SPI and the application's values, nothing of the provider SPI. */
    @ArchTest
    static final ArchRule theStoresDoNotDependOnTheProviderSpi = noClasses()
            .that().resideInAPackage(STORE)
            .should().dependOnClassesThat().resideInAPackage(SPI);

    /** Subpackages only: the facade and the application values ({@code org.mfa4j}) sit above them all. */
    @ArchTest
    static final ArchRule thePackagesFormNoLoop = slices().matching("org.mfa4j.(*)..").namingSlices("$1")
            .should().beFreeOfCycles();
}
