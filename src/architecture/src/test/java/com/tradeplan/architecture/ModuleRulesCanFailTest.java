package com.tradeplan.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves that each rule of {@link ModuleRules} fails on a violation: the same rules, rooted at
 * {@code com.tradeplan.archfixture}, where a few classes break them on purpose.
 */
class ModuleRulesCanFailTest {
  private static final String FIXTURE = "com.tradeplan.archfixture";
  private static JavaClasses fixtures;

  @BeforeAll
  static void importFixtures() {
    fixtures = new ClassFileImporter().importPackages(FIXTURE);
  }

  @Test
  void aDomainClassUsingJacksonBreaksTheFrameworkRule() {
    EvaluationResult result = ModuleRules.domainDependsOnNoFramework(FIXTURE).evaluate(fixtures);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .allMatch(line -> line.contains("archfixture.domain.JsonInTheDomain"))
        .anyMatch(line -> line.contains("com.fasterxml.jackson"));
    assertThatThrownBy(() -> ModuleRules.domainDependsOnNoFramework(FIXTURE).check(fixtures))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aServerClassBuildingAMongoQueryBreaksTheMongoRule() {
    EvaluationResult result = ModuleRules.onlyTheStoreTalksToMongo(FIXTURE).evaluate(fixtures);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .allMatch(line -> line.contains("archfixture.server.ServerThatQueriesMongo"))
        .anyMatch(line -> line.contains("org.bson.Document"));
    assertThatThrownBy(() -> ModuleRules.onlyTheStoreTalksToMongo(FIXTURE).check(fixtures))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void upwardAndSidewaysDependenciesBreakTheLayerRule() {
    EvaluationResult result = ModuleRules.layersOnlyDependDownward(FIXTURE).evaluate(fixtures);

    assertThat(result.hasViolation()).isTrue();
    String report = String.join("\n", result.getFailureReport().getDetails());
    assertThat(report)
        .as("domain -> engine (upward)")
        .contains("archfixture.domain.PlanThatKnowsTheEngine");
    assertThat(report)
        .as("engine -> store (upward)")
        .contains("archfixture.engine.EngineThatWritesTheStore");
    assertThat(report)
        .as("broker -> engine (sideways)")
        .contains("archfixture.broker.BrokerThatAsksTheEngine");
    assertThat(report)
        .as("store -> server (upward)")
        .contains("archfixture.store.StoreThatCallsTheServer");
    assertThat(report)
        .as("runtime -> server (upward)")
        .contains("archfixture.runtime.RuntimeThatCallsTheServer");
    assertThat(report)
        .as("store -> test kit (tests only)")
        .contains("archfixture.store.StoreThatUsesTheTestKit");
    assertThat(result.getFailureReport().getDetails())
        .as(
            "exactly the six broken dependencies, not the allowed ones (server -> runtime,"
                + " runtime -> cluster, test kit -> domain, ...)")
        .hasSize(6)
        .noneMatch(
            line -> line.contains("<com.tradeplan.archfixture.server.ServerWiringEverything."))
        .noneMatch(line -> line.contains("<com.tradeplan.archfixture.runtime.CleanRuntime."))
        .noneMatch(line -> line.contains("<com.tradeplan.archfixture.testkit.CleanTestKit."))
        .noneMatch(line -> line.contains("<com.tradeplan.archfixture.formats.FormatOfTheDomain."));
  }

  @Test
  void aRuntimeClassHoldingHazelcastBreaksTheHazelcastRule() {
    EvaluationResult result =
        ModuleRules.onlyTheClusterTalksToHazelcast(FIXTURE).evaluate(fixtures);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .as("the runtime's use, not the cluster's own")
        .allMatch(line -> line.contains("archfixture.runtime.RuntimeOnHazelcast"))
        .anyMatch(line -> line.contains("com.hazelcast.core.HazelcastInstance"));
    assertThatThrownBy(() -> ModuleRules.onlyTheClusterTalksToHazelcast(FIXTURE).check(fixtures))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aStoreClassUsingTheTestKitBreaksTheTestKitRule() {
    EvaluationResult result =
        ModuleRules.productionCodeNeverUsesTheTestKit(FIXTURE).evaluate(fixtures);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .as("the store's use, not the kit's own classes using each other")
        .allMatch(line -> line.contains("archfixture.store.StoreThatUsesTheTestKit"))
        .anyMatch(line -> line.contains("archfixture.testkit.CleanTestKit"));
    assertThatThrownBy(() -> ModuleRules.productionCodeNeverUsesTheTestKit(FIXTURE).check(fixtures))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aTestKitClassAssertingWithJUnitBreaksTheTestFrameworkRule() {
    EvaluationResult result =
        ModuleRules.nothingShippedUsesATestFramework(FIXTURE).evaluate(fixtures);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .allMatch(line -> line.contains("archfixture.testkit.KitThatAssertsWithJUnit"))
        .anyMatch(line -> line.contains("org.junit.jupiter.api.Assertions"));
    assertThatThrownBy(() -> ModuleRules.nothingShippedUsesATestFramework(FIXTURE).check(fixtures))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void anOrderSentAroundTheRiskGateBreaksTheGateRule() {
    EvaluationResult result =
        ModuleRules.ordersLeaveOnlyThroughTheRiskGate(FIXTURE).evaluate(fixtures);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .as("only the take-over that calls IbBroker.submit, not the gate in the broker module")
        .hasSize(1)
        .allMatch(line -> line.contains("archfixture.runtime.TakeoverThatSkipsTheGate.resend"));
  }

  @Test
  void theRulesPassOnCodeThatKeepsTheBoundaries() {
    JavaClasses clean =
        new ClassFileImporter()
            .importClasses(
                com.tradeplan.archfixture.domain.CleanDomainValue.class,
                com.tradeplan.archfixture.formats.FormatOfTheDomain.class,
                com.tradeplan.archfixture.server.ServerWiringEverything.class,
                com.tradeplan.archfixture.engine.CleanEngine.class,
                com.tradeplan.archfixture.store.CleanStore.class,
                com.tradeplan.archfixture.broker.IbBroker.class,
                com.tradeplan.archfixture.broker.CleanRiskGate.class,
                com.tradeplan.archfixture.store.StoreOnMongo.class,
                com.tradeplan.archfixture.runtime.CleanRuntime.class,
                com.tradeplan.archfixture.cluster.ClusterOnHazelcast.class,
                com.tradeplan.archfixture.testkit.CleanTestKit.class);

    ModuleRules.domainDependsOnNoFramework(FIXTURE).check(clean);
    ModuleRules.ordersLeaveOnlyThroughTheRiskGate(FIXTURE).check(clean);
    ModuleRules.layersOnlyDependDownward(FIXTURE).check(clean);
    ModuleRules.onlyTheStoreTalksToMongo(FIXTURE).check(clean);
    ModuleRules.onlyTheClusterTalksToHazelcast(FIXTURE).check(clean);
    ModuleRules.productionCodeNeverUsesTheTestKit(FIXTURE).check(clean);
    ModuleRules.nothingShippedUsesATestFramework(FIXTURE).check(clean);
  }

  @Test
  void emptyModulesDoNotFailTheRules() {
    JavaClasses none = new ClassFileImporter().importPackages("com.tradeplan.nothing.here");

    assertThat(none).isEmpty();
    ModuleRules.domainDependsOnNoFramework(FIXTURE).check(none);
    ModuleRules.layersOnlyDependDownward(FIXTURE).check(none);
    ModuleRules.ordersLeaveOnlyThroughTheRiskGate(FIXTURE).check(none);
    ModuleRules.onlyTheStoreTalksToMongo(FIXTURE).check(none);
    ModuleRules.onlyTheClusterTalksToHazelcast(FIXTURE).check(none);
    ModuleRules.productionCodeNeverUsesTheTestKit(FIXTURE).check(none);
    ModuleRules.nothingShippedUsesATestFramework(FIXTURE).check(none);
  }
}
