package com.tradeplan.server.rules;

import com.tradeplan.domain.strategy.ParameterType;
import com.tradeplan.domain.strategy.StrategyCatalog;
import com.tradeplan.domain.strategy.StrategySchema;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.RuleVersions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The strategies of the deployed rule-set version with their parameter schemas, for the plan form
 * (docs/api.md, "Strategies"): any signed-in user may read them; a trader's plan then names one in
 * {@code strategy}. Read-only: what a version publishes is in its rule files (docs/rules.md,
 * "Strategies and their parameter schema").
 */
@RestController
@Tag(name = "strategies", description = "what a plan may choose")
@SecurityRequirement(name = "bearer")
public class StrategiesController {
  private final RuleVersions rules;

  public StrategiesController(Platform platform) {
    this.rules = platform.rules();
  }

  /** One parameter: bounds and default as text of its type (null: none). */
  public record ParameterJson(
      String name, String type, String min, String max, String defaultValue, String description) {}

  public record StrategyJson(String name, String description, List<ParameterJson> parameters) {}

  /** {@code ruleSetVersion}: the deployed version, the one a plan activated now is pinned to. */
  public record Strategies(int ruleSetVersion, List<StrategyJson> strategies) {}

  @Operation(
      summary = "The strategies of the deployed rule set, with their parameter schemas",
      description =
          "Each strategy's name, description and parameters (name, type: decimal, integer, time"
              + " or boolean, min, max, default, description), in the order the plan form shows"
              + " them.")
  @GetMapping(path = "/api/strategies", produces = MediaType.APPLICATION_JSON_VALUE)
  public Strategies strategies() {
    int version = rules.deployed();
    StrategyCatalog catalog = rules.deployedStrategies();
    return new Strategies(
        version, catalog.strategies().stream().map(StrategiesController::json).toList());
  }

  private static StrategyJson json(StrategySchema s) {
    return new StrategyJson(
        s.name(),
        s.description(),
        s.parameters().stream()
            .map(
                p ->
                    new ParameterJson(
                        p.name(),
                        p.type().schemaName(),
                        text(p.min()),
                        text(p.max()),
                        text(p.defaultValue()),
                        p.description()))
            .toList());
  }

  private static String text(Object value) {
    return value == null ? null : ParameterType.format(value);
  }
}
