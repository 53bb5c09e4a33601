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
    assertThat(result.getFailureReport().getDetails())
        .as("exactly the four broken dependencies, not the allowed ones (server -> engine, ...)")
        .hasSize(4)
        .noneMatch(
            line -> line.contains("<com.tradeplan.archfixture.server.ServerWiringEverything."))
        .noneMatch(line -> line.contains("<com.tradeplan.archfixture.formats.FormatOfTheDomain."));
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
                com.tradeplan.archfixture.store.StoreOnMongo.class);

    ModuleRules.domainDependsOnNoFramework(FIXTURE).check(clean);
    ModuleRules.ordersLeaveOnlyThroughTheRiskGate(FIXTURE).check(clean);
    ModuleRules.layersOnlyDependDownward(FIXTURE).check(clean);
    ModuleRules.onlyTheStoreTalksToMongo(FIXTURE).check(clean);
  }

  @Test
  void emptyModulesDoNotFailTheRules() {
    JavaClasses none = new ClassFileImporter().importPackages("com.tradeplan.nothing.here");

    assertThat(none).isEmpty();
    ModuleRules.domainDependsOnNoFramework(FIXTURE).check(none);
    ModuleRules.layersOnlyDependDownward(FIXTURE).check(none);
    ModuleRules.ordersLeaveOnlyThroughTheRiskGate(FIXTURE).check(none);
    ModuleRules.onlyTheStoreTalksToMongo(FIXTURE).check(none);
  }
}
