package io.ebats.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption.DoNotIncludeTests;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The boundaries between the modules, over the main classes of all of them: the engine's internals stay
 * ebats-core's own, the dashboard reads only the public API and the history store, and the engine knows
 * nothing of the tools built on it.
 */
@AnalyzeClasses(packages = "io.ebats", importOptions = DoNotIncludeTests.class)
class PackageDependenciesTest {

    private static final String API = "io.ebats";
    private static final String INTERNAL = "io.ebats.internal..";

    /** Without it a class of another module could sit in a core package and use what is package-private there. */
    private static final ArchRule ONLY_EBATS_CORE_HAS_CLASSES_IN_ITS_PACKAGES = classes()
            .that().resideInAnyPackage(API, INTERNAL)
            .should(comeFrom("ebats-core"));

    private static final ArchRule NOTHING_OUTSIDE_EBATS_CORE_DEPENDS_ON_ITS_INTERNALS = noClasses()
            .that().resideOutsideOfPackages(API, INTERNAL)
            .should().dependOnClassesThat().resideInAPackage(INTERNAL);

    private static final ArchRule THE_DASHBOARD_DEPENDS_ONLY_ON_THE_PUBLIC_API_AND_THE_STORE = classes()
            .that().resideInAPackage("io.ebats.dashboard..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    API, "io.ebats.store", "io.ebats.dashboard..",
                    "java..", "com.sun.net.httpserver..", "com.fasterxml.jackson..", "io.micrometer..", "org.slf4j..");

    private static final ArchRule THE_INTERNALS_DO_NOT_DEPEND_ON_THE_TOOLS_BUILT_ON_THEM = noClasses()
            .that().resideInAPackage(INTERNAL)
            .should().dependOnClassesThat().resideInAnyPackage("io.ebats.cli..", "io.ebats.store..",
                    "io.ebats.dashboard..");

    // methods, not @ArchTest fields: Surefire 3.5.3 does not run fields (TNG/ArchUnit#1442)

    @ArchTest
    void onlyEbatsCoreHasClassesInItsPackages(JavaClasses classes) {
        ONLY_EBATS_CORE_HAS_CLASSES_IN_ITS_PACKAGES.check(classes);
    }

    @ArchTest
    void nothingOutsideEbatsCoreDependsOnItsInternals(JavaClasses classes) {
        NOTHING_OUTSIDE_EBATS_CORE_DEPENDS_ON_ITS_INTERNALS.check(classes);
    }

    @ArchTest
    void theDashboardDependsOnlyOnThePublicApiAndTheStore(JavaClasses classes) {
        THE_DASHBOARD_DEPENDS_ONLY_ON_THE_PUBLIC_API_AND_THE_STORE.check(classes);
    }

    @ArchTest
    void theInternalsDoNotDependOnTheToolsBuiltOnThem(JavaClasses classes) {
        THE_INTERNALS_DO_NOT_DEPEND_ON_THE_TOOLS_BUILT_ON_THEM.check(classes);
    }

    /** Read from the module's classes directory or jar, whichever the build put on the class path. */
    private static ArchCondition<JavaClass> comeFrom(String module) {
        return new ArchCondition<>("come from " + module) {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                String location = javaClass.getSource().map(source -> source.getUri().toString()).orElse("unknown");
                boolean inModule = location.contains("/" + module + "/");
                events.add(new SimpleConditionEvent(javaClass, inModule,
                        javaClass.getName() + " comes from " + location));
            }
        };
    }
}
