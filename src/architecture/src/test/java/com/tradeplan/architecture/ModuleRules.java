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
 *   domain  <-  formats | engine | broker  <-  gateway | store | simulator | cluster  <-  server
 * </pre>
 *
 * <p>And MongoDB is the store's alone: no other module sees a {@code com.mongodb} or {@code
 * org.bson} type (they use the store's typed repositories).
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
        .layer("Server")
        .definedBy(root + ".server..")
        .whereLayer("Server")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Gateway")
        .mayOnlyBeAccessedByLayers("Server")
        .whereLayer("Store")
        .mayOnlyBeAccessedByLayers("Server")
        .whereLayer("Simulator")
        .mayOnlyBeAccessedByLayers("Server")
        .whereLayer("Cluster")
        .mayOnlyBeAccessedByLayers("Server")
        .whereLayer("Formats")
        .mayOnlyBeAccessedByLayers(concat(upper, "Server"))
        .whereLayer("Engine")
        .mayOnlyBeAccessedByLayers(concat(upper, "Server"))
        .whereLayer("Broker")
        .mayOnlyBeAccessedByLayers(concat(upper, "Server"))
        .whereLayer("Domain")
        .mayOnlyBeAccessedByLayers(concat(concat(middle, upper), "Server"))
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

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
