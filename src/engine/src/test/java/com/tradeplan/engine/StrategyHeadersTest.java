package com.tradeplan.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradeplan.domain.strategy.ParameterType;
import com.tradeplan.domain.strategy.StrategySchema;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strategy schema in a rule file's header: read into the catalog, or refused at its line. */
class StrategyHeadersTest {

  private static StrategyHeaders.Parsed parse(Map<String, String> files) {
    return StrategyHeaders.parse(new RuleSources(files), rel -> rel);
  }

  @Test
  void theShippedRulesPublishTheirThreeStrategies() {
    RuleSet rules = RuleSet.fromDirectory(Path.of("../../rules"));
    assertThat(rules.strategies().names())
        .containsExactly("break-even-after-target", "exit-at-time", "trail-atr-after-1r");
    StrategySchema exit = rules.strategies().find("exit-at-time");
    assertThat(exit.parameter("exitAt").type()).isEqualTo(ParameterType.TIME);
    assertThat(exit.parameter("exitAt").defaultValue()).isEqualTo(LocalTime.of(15, 55));
    assertThat(rules.strategies().find("trail-atr-after-1r").parameter("atrMultiple").min())
        .isEqualTo(new BigDecimal("0.5"));
  }

  @Test
  void theShippedStrategiesPassThePolicy() throws java.io.IOException {
    Path dir = Path.of("../../rules");
    Map<String, String> files = new java.util.TreeMap<>();
    try (var walk = java.nio.file.Files.walk(dir.resolve("strategies"))) {
      for (Path f : walk.filter(x -> x.toString().endsWith(".drl")).toList()) {
        files.put(
            dir.relativize(f).toString().replace('\\', '/'), java.nio.file.Files.readString(f));
      }
    }
    assertThat(files).hasSize(3);
    assertThat(RulePolicy.check(RuleSources.of(files))).isEmpty();
  }

  @Test
  void aHeaderIsReadWithItsBoundsDefaultsAndDescriptions() {
    StrategyHeaders.Parsed p =
        parse(
            Map.of(
                "strategies/s.drl",
                """
                // strategy: scale-out
                // description: Sell in thirds.
                // param: parts integer min=2 max=5 default=3 | How many parts
                // param: tight boolean default=false
                package strategies;
                """));
    assertThat(p.problems()).isEmpty();
    StrategySchema s = p.catalog().find("scale-out");
    assertThat(s.description()).isEqualTo("Sell in thirds.");
    assertThat(s.parameter("parts").min()).isEqualTo(2L);
    assertThat(s.parameter("parts").description()).isEqualTo("How many parts");
    assertThat(s.parameter("tight").defaultValue()).isEqualTo(false);
  }

  @Test
  void aBadHeaderIsAProblemAtItsLine() {
    StrategyHeaders.Parsed p =
        parse(
            Map.of(
                "a.drl",
                "// strategy: one\n// param: x float min=1\n",
                "b.drl",
                "package p;\n// param: y integer\n",
                "c.drl",
                "// strategy: one\n",
                "d.drl",
                "// strategy: two\n// param: z decimal min=5 max=1\n"));
    assertThat(p.problems().stream().map(Object::toString))
        .containsExactly(
            "a.drl:2:1: parameter x: unknown type float (decimal, integer, time, boolean)",
            "b.drl:2:1: a param: line needs a strategy: line above it",
            "d.drl:1:1: strategy two: parameter z: min is above max");
    // c.drl's "one" is not a duplicate: a.drl's was refused
    assertThat(p.catalog().names()).containsExactly("one");
  }

  @Test
  void aRuleSetWithABadHeaderDoesNotBuild() {
    assertThatThrownBy(
            () ->
                RuleSet.fromSources(
                    7,
                    RuleSources.of(
                        Map.of(
                            "lifecycle/s.drl",
                            "// strategy: s\n// param: n integer min=1 max=3 default=9\n"
                                + "package lifecycle;\n"))))
        .isInstanceOf(RuleCompilationException.class)
        .hasMessageContaining("lifecycle/s.drl:1:1: strategy s: parameter n: the default must be");
  }
}
