package com.tradeplan.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ModuleRules} on Tradeplan's own main classes, from every module's jar (test
 * classes and test jars left out).
 */
class ModuleBoundariesTest {
  private static JavaClasses tradeplan;

  @BeforeAll
  static void importTradeplan() {
    tradeplan =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // a module's test jar (the domain's DraftBuilder, the store's faults) is test code too
            .withImportOption(location -> !location.contains("-tests.jar"))
            .withImportOption(location -> !location.contains("/archfixture/"))
            .importPackages("com.tradeplan");
  }

  @Test
  void theRulesSeeTheRealModulesAndNotTheFixtures() {
    for (String module :
        new String[] {
          "domain.plan",
          "formats",
          "engine",
          "broker",
          "gateway",
          "store",
          "simulator",
          "cluster",
          "runtime",
          "server",
          "testkit",
          "bench"
        }) {
      assertThat(tradeplan.containPackage("com.tradeplan." + module)).as(module).isTrue();
    }
    assertThat(tradeplan.containPackage("com.tradeplan.archfixture.domain")).isFalse();
    assertThat(tradeplan.contain("com.tradeplan.domain.plan.DraftBuilder"))
        .as("the domain's test jar is test code")
        .isFalse();
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
  void onlyTheClusterTalksToHazelcast() {
    ModuleRules.onlyTheClusterTalksToHazelcast("com.tradeplan").check(tradeplan);
  }

  @Test
  void productionCodeNeverUsesTheTestKit() {
    ModuleRules.productionCodeNeverUsesTheTestKit("com.tradeplan").check(tradeplan);
  }

  @Test
  void nothingShippedUsesATestFramework() {
    ModuleRules.nothingShippedUsesATestFramework("com.tradeplan").check(tradeplan);
  }

  @Test
  void modulesOnlyDependDownward() {
    ModuleRules.layersOnlyDependDownward("com.tradeplan").check(tradeplan);
  }
}
