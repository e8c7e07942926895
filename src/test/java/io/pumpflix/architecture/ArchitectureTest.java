package io.pumpflix.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The module doors hold for PumpFlix, and each rule fails on a deliberately misplaced call (the
 * classes under {@code fixture.architecture}, which exist only to break them).
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.pumpflix");
    private static final JavaClasses MISPLACED = new ClassFileImporter().importPackages("fixture.architecture");

    @Test
    void controllersUseModuleDoorsOnly() {
        ArchitectureRules.controllersUseModuleDoorsOnly("io.pumpflix").check(PRODUCTION);
    }

    @Test
    void onlyTheDoorOfAModuleIsAPublicBean() {
        ArchitectureRules.onlyTheDoorIsAPublicBean("io.pumpflix").check(PRODUCTION);
    }

    @Test
    void everyPublicMethodOfADoorChecksTheCallersRight() {
        ArchitectureRules.doorsCheckTheCallersRight("io.pumpflix").check(PRODUCTION);
    }

    @Test
    void aControllerCallingAnotherModulesDataLayerFailsTheBuild() {
        EvaluationResult result = ArchitectureRules.controllersUseModuleDoorsOnly("fixture.architecture")
                .evaluate(MISPLACED);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).singleElement().asString()
                .contains("InvoiceController calls fixture.architecture.orders.OrderStore");
    }

    @Test
    void aPublicBeanBesideTheDoorFailsTheBuild() {
        EvaluationResult result = ArchitectureRules.onlyTheDoorIsAPublicBean("fixture.architecture").evaluate(MISPLACED);
        assertThat(result.getFailureReport().getDetails()).singleElement().asString()
                .contains("fixture.architecture.orders.OrderStore is a public bean of module orders");
    }

    @Test
    void aDoorMethodThatSkipsThePermissionCheckFailsTheBuild() {
        EvaluationResult result = ArchitectureRules.doorsCheckTheCallersRight("fixture.architecture").evaluate(MISPLACED);
        assertThat(result.getFailureReport().getDetails()).hasSize(2)
                .anySatisfy(detail -> assertThat(detail).contains("Orders.cancel(").contains("never asks AccessPolicy"))
                .anySatisfy(detail -> assertThat(detail).contains("Orders.count(").contains("takes no Actor"));
    }
}
