package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 20, point 5, over HTTP: a watched symbol that gets no ticks while its market is open (here
 * a market that never closes, and 2 s without a tick) is shown on the trader's plan, degrades the
 * health with the symbol named, and is counted in the metrics; a tick clears it. Its own server.
 */
@TestPropertySource(
    properties = {
      "tradeplan.env.TRADEPLAN_MARKET_HOURS=always",
      "tradeplan.env.TRADEPLAN_MARKET_DATA_STALE_SECONDS=2"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MarketDataStaleApiTest extends ServerTestBase {

  @Test
  void aSymbolWithoutTicksIsShownOnThePlanInTheHealthAndInTheMetrics() {
    String id = createPlan("alice", "XLE");
    assertThat(post("/api/plans/" + id + "/activate", "alice", null).status()).isEqualTo(200);

    JsonNode plan =
        await(
            "the plan says it gets no ticks",
            () -> get("/api/plans/" + id, "alice").body().get("plan"),
            p -> p.get("ticksStale").asBoolean());
    assertThat(plan.has("lastTickAt")).as("no tick yet").isFalse();
    JsonNode marketData =
        await(
            "the health is degraded with XLE named",
            () ->
                get("/actuator/health", "oscar")
                    .body()
                    .at("/components/platform/components/marketData"),
            m -> "DEGRADED".equals(m.path("status").asText()));
    assertThat(marketData.at("/details/staleSymbols").has("XLE")).isTrue();
    assertThat(marketData.at("/details/marketOpen").asBoolean()).isTrue();
    JsonNode ops = get("/api/ops/platform", "oscar").body();
    assertThat(ops.get("staleSymbols").findValuesAsText("symbol")).contains("XLE");
    await(
        "the metrics count it",
        () -> get("/actuator/prometheus", "oscar").raw().body(),
        text ->
            text.contains("tradeplan_market_data_stale_symbols 1.0")
                && text.contains("tradeplan_market_data_age_seconds{symbol=\"XLE\"}"));

    platform.embeddedGateway().publishTick("XLE", "50.00");

    JsonNode after =
        await(
            "a tick clears it",
            () -> get("/api/plans/" + id, "alice").body().get("plan"),
            p -> !p.get("ticksStale").asBoolean());
    assertThat(after.get("lastTickAt").asText()).isNotBlank();
  }
}
