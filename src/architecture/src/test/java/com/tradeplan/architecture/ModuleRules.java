package com.tradeplan.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The module boundaries of docs/architecture.md as ArchUnit rules, built for a root package so that
 * the very same rules run on Tradeplan ({@code com.tradeplan}) and on deliberately broken fixtures
 * ({@code com.tradeplan.archfixture}), which proves that each rule can fail.
 *
 * <p>The layers, bottom up; nothing depends upward or sideways within a layer:
 *
 * <pre>
 *   domain  <-  formats | engine | broker  <-  gateway | store | simulator | cluster  <-  runtime
 *           <-  server
 * </pre>
 *
 * plus the test kit (on the domain; used by tests only) and the benchmarks (on the engine and the
 * simulator's storm replay, on the broker and the test kit's load for the risk check, and on the
 * runtime, gateway, store and cluster for the whole path's load run; used by nothing). MongoDB is
 * the store's alone and Hazelcast the cluster's: no other module sees a {@code com.mongodb}, {@code
 * org.bson} or {@code com.hazelcast} type. No production class uses the test kit (the benchmarks,
 * never shipped, may), and nothing that ships (the test kit included) uses a test framework.
 */
final class ModuleRules {
  /** Frameworks the domain must never see: it is the plain-Java vocabulary of every module. */
  static final String[] FRAMEWORKS = {
    "org.springframework..",
    "org.kie..",
    "org.drools..",
    "com.hazelcast..",
    "com.mongodb..",
    "org.bson..",
    "com.fasterxml..",
    "jakarta.."
  };

  /** Test frameworks: test scope only, so nothing on a compile classpath may need them. */
  static final String[] TEST_FRAMEWORKS = {
    "org.junit..", "org.opentest4j..", "org.assertj..", "org.awaitility..", "org.mockito.."
  };

  private ModuleRules() {}

  static ArchRule domainDependsOnNoFramework(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FRAMEWORKS)
        .because("the domain is plain Java shared by every module (docs/architecture.md)")
        .allowEmptyShould(true);
  }

  /**
   * Exactly one gate in front of the broker: no class outside the broker module calls {@code
   * IbBroker.submit}, so every order (the engine's, and those re-sent at a take-over) passes the
   * RiskGate, which wraps it.
   */
  static ArchRule ordersLeaveOnlyThroughTheRiskGate(String root) {
    return noClasses()
        .that()
        .resideOutsideOfPackage(root + ".broker..")
        .should()
        .callMethodWhere(target(name("submit")).and(target(owner(name(root + ".broker.IbBroker")))))
        .because("the RiskGate is the one gate in front of the broker (docs/architecture.md)")
        .allowEmptyShould(true);
  }

  static ArchRule layersOnlyDependDownward(String root) {
    String[] middle = {"Formats", "Engine", "Broker"};
    String[] upper = {"Gateway", "Store", "Simulator", "Cluster"};
    String[] top = {"Runtime", "Server"};
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("Domain")
        .definedBy(root + ".domain..")
        .layer("Formats")
        .definedBy(root + ".formats..")
        .layer("Engine")
        .definedBy(root + ".engine..")
        .layer("Broker")
        .definedBy(root + ".broker..")
        .layer("Gateway")
        .definedBy(root + ".gateway..")
        .layer("Store")
        .definedBy(root + ".store..")
        .layer("Simulator")
        .definedBy(root + ".simulator..")
        .layer("Cluster")
        .definedBy(root + ".cluster..")
        .layer("Runtime")
        .definedBy(root + ".runtime..")
        .layer("Server")
        .definedBy(root + ".server..")
        .layer("Testkit")
        .definedBy(root + ".testkit..")
        .layer("Bench")
        .definedBy(root + ".bench..")
        .whereLayer("Server")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Testkit")
        .mayOnlyBeAccessedByLayers("Bench")
        .whereLayer("Bench")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Runtime")
        .mayOnlyBeAccessedByLayers("Server", "Bench")
        .whereLayer("Gateway")
        .mayOnlyBeAccessedByLayers(concat(top, "Bench"))
        .whereLayer("Store")
        .mayOnlyBeAccessedByLayers(concat(top, "Bench"))
        .whereLayer("Simulator")
        .mayOnlyBeAccessedByLayers("Server", "Bench")
        .whereLayer("Cluster")
        .mayOnlyBeAccessedByLayers(concat(top, "Bench"))
        .whereLayer("Formats")
        .mayOnlyBeAccessedByLayers(concat(concat(upper, top), "Bench"))
        .whereLayer("Engine")
        .mayOnlyBeAccessedByLayers(concat(concat(upper, top), "Bench"))
        .whereLayer("Broker")
        .mayOnlyBeAccessedByLayers(concat(concat(upper, top), "Bench"))
        .whereLayer("Domain")
        .mayOnlyBeAccessedByLayers(concat(concat(concat(middle, upper), top), "Testkit", "Bench"))
        .because("module dependencies only point down (DESIGN.md, docs/architecture.md)")
        .allowEmptyShould(true);
  }

  static ArchRule onlyTheStoreTalksToMongo(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .resideOutsideOfPackage(root + ".store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.mongodb..", "org.bson..")
        .because(
            "MongoDB is the store's: every other module asks the store's typed classes"
                + " (docs/persistence.md)")
        .allowEmptyShould(true);
  }

  /** Hazelcast is the cluster's: the runtime and the server use {@code ClusterNode}'s methods. */
  static ArchRule onlyTheClusterTalksToHazelcast(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .resideOutsideOfPackage(root + ".cluster..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.hazelcast..")
        .because(
            "Hazelcast is the cluster's: every other module asks ClusterNode's narrow methods"
                + " (docs/cluster.md)")
        .allowEmptyShould(true);
  }

  /** The test kit is for tests: no production class may need it at run time. */
  static ArchRule productionCodeNeverUsesTheTestKit(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .resideOutsideOfPackage(root + ".testkit..")
        .and()
        .resideOutsideOfPackage(root + ".bench..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".testkit..")
        .because(
            "src/testkit is used in test scope only, and by the benchmarks that never ship"
                + " (docs/architecture.md)")
        .allowEmptyShould(true);
  }

  /**
   * Nothing that ships (every module's main code, the test kit included) uses a test framework:
   * JUnit and AssertJ stay in test scope, and a production check reports with the project's own
   * values (a scenario's rendered difference, say).
   */
  static ArchRule nothingShippedUsesATestFramework(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(TEST_FRAMEWORKS)
        .because("test frameworks stay in test scope (docs/architecture.md)")
        .allowEmptyShould(true);
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
