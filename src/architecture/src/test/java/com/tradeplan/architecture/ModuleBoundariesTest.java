package com.tradeplan.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of {@link ModuleRules} on Tradeplan's own main classes, from every module's jar. */
class ModuleBoundariesTest {
  private static JavaClasses tradeplan;

  @BeforeAll
  static void importTradeplan() {
    tradeplan =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("/archfixture/"))
            .importPackages("com.tradeplan");
  }

  @Test
  void theRulesSeeTheRealModulesAndNotTheFixtures() {
    assertThat(tradeplan.containPackage("com.tradeplan.domain.plan")).isTrue();
    assertThat(tradeplan.containPackage("com.tradeplan.formats")).isTrue();
    assertThat(tradeplan.containPackage("com.tradeplan.archfixture.domain")).isFalse();
  }

  @Test
  void theDomainDependsOnNoFramework() {
    ModuleRules.domainDependsOnNoFramework("com.tradeplan").check(tradeplan);
  }

  @Test
  void ordersLeaveOnlyThroughTheRiskGate() {
    ModuleRules.ordersLeaveOnlyThroughTheRiskGate("com.tradeplan").check(tradeplan);
  }

  @Test
  void onlyTheStoreTalksToMongo() {
    ModuleRules.onlyTheStoreTalksToMongo("com.tradeplan").check(tradeplan);
  }

  @Test
  void modulesOnlyDependDownward() {
    ModuleRules.layersOnlyDependDownward("com.tradeplan").check(tradeplan);
  }
}
