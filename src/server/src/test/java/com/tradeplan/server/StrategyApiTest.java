package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, point 5, over HTTP: GET /api/strategies answers the deployed version's strategies with
 * their parameter schemas (what the plan form is generated from); a plan names one in {@code
 * strategy} with its parameters, a bad parameter is a 422 naming {@code strategy.params.NAME}, and
 * the plan answers its strategy (defaults filled in, decimals as typed) and, once activated, the
 * rule-set version it is pinned to.
 */
class StrategyApiTest extends ServerTestBase {

  private static String planWith(String symbol, String strategy) {
    return """
        {"symbol":"%s","side":"LONG","quantity":100,
         "entry":{"condition":"ABOVE","price":"101.00"},
         "stops":[{"price":"99.00"}],
         "targets":[{"price":"103.00","quantity":50}],
         "strategy":%s}"""
        .formatted(symbol, strategy);
  }

  @Test
  void theDeployedStrategiesAndTheirSchemasAreListed() {
    Answer a = get("/api/strategies", "alice");
    assertThat(a.status()).as("%s", a.body()).isEqualTo(200);
    assertThat(a.body().get("ruleSetVersion").asInt()).isEqualTo(1);
    List<String> names = new ArrayList<>();
    a.body().get("strategies").forEach(s -> names.add(s.get("name").asText()));
    assertThat(names)
        .containsExactly("break-even-after-target", "exit-at-time", "trail-atr-after-1r");
    JsonNode trail = a.body().get("strategies").get(2);
    assertThat(trail.get("description").asText()).contains("up 1R");
    JsonNode multiple = trail.get("parameters").get(0);
    assertThat(multiple.get("name").asText()).isEqualTo("atrMultiple");
    assertThat(multiple.get("type").asText()).isEqualTo("decimal");
    assertThat(multiple.get("min").asText()).isEqualTo("0.5");
    assertThat(multiple.get("max").asText()).isEqualTo("10");
    assertThat(multiple.get("defaultValue").asText()).isEqualTo("2");
    JsonNode exitAt = a.body().get("strategies").get(1).get("parameters").get(0);
    assertThat(exitAt.get("type").asText()).isEqualTo("time");
    assertThat(exitAt.get("defaultValue").asText()).isEqualTo("15:55");
    assertThat(call("GET", "/api/strategies", null, null, Map.of()).status()).isEqualTo(401);
  }

  @Test
  void aPlanRecordsItsStrategyParametersAndPinnedVersion() {
    Answer bad =
        post(
            "/api/plans",
            "alice",
            planWith("XLB", "{\"name\":\"exit-at-time\",\"params\":{\"exitAt\":\"09:00\"}}"));
    assertThat(bad.status()).as("%s", bad.body()).isEqualTo(422);
    assertThat(bad.body().get("errors").get(0).get("field").asText())
        .isEqualTo("strategy.params.exitAt");
    assertThat(bad.body().get("errors").get(0).get("message").asText())
        .isEqualTo("must be between 09:30 and 16:00");
    Answer unknown = post("/api/plans", "alice", planWith("XLB", "{\"name\":\"martingale\"}"));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body().get("errors").get(0).get("field").asText())
        .isEqualTo("strategy.name");

    Answer created =
        post(
            "/api/plans",
            "alice",
            planWith(
                "XLB", "{\"name\":\"trail-atr-after-1r\",\"params\":{\"atrMultiple\":\"2.50\"}}"));
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    String id = created.body().get("id").asText();
    JsonNode draft = get("/api/plans/" + id, "alice").body().get("plan");
    assertThat(draft.get("strategy").get("name").asText()).isEqualTo("trail-atr-after-1r");
    assertThat(draft.get("strategy").get("params").get("atrMultiple").asText())
        .as("a decimal kept as typed: a BigDecimal, never a double")
        .isEqualTo("2.50");
    assertThat(draft.get("strategy").get("params").get("atrBarsMin").asText())
        .as("the default filled in")
        .isEqualTo("5");
    assertThat(
            draft.path("ruleSetVersion").isMissingNode() || draft.path("ruleSetVersion").isNull())
        .as("a DRAFT is pinned to nothing: %s", draft)
        .isTrue();

    Answer active = post("/api/plans/" + id + "/activate", "alice", null);
    assertThat(active.status()).as("activate: %s", active.body()).isEqualTo(200);
    JsonNode plan = get("/api/plans/" + id, "alice").body().get("plan");
    assertThat(plan.get("ruleSetVersion").asInt()).isEqualTo(1);
    assertThat(plan.get("strategy").get("params").get("atrMultiple").asText()).isEqualTo("2.50");
  }
}
