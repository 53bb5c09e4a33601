package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, point 3, over HTTP: the bars of a symbol's ticks ({@code GET
 * /api/market/{symbol}/bars}) and the account's intraday P&amp;L curve ({@code GET
 * /api/account/pnl-curve}).
 */
class ChartsApiTest extends ServerTestBase {

  @Test
  void theBarsOfASymbolHoldItsTicks() {
    String id = createPlan("alice", "XBAR");
    assertThat(post("/api/plans/" + id + "/activate", "alice", null).status()).isEqualTo(200);
    // The symbol's subscription reaches the gateway after the activation's answer, and a tick
    // published before it is delivered to no one: one tick at 50.00 every 500 ms until the bars
    // show one (a full run failed here when the first three of the ticks below were published
    // too early). Then the 4 ticks, all counted.
    int[] polls = {0};
    JsonNode primed =
        await(
            "XBAR's ticks reach the platform",
            () -> {
              if (polls[0]++ % 5 == 0) {
                platform.embeddedGateway().publishTick("XBAR", "50.00");
              }
              return get("/api/market/XBAR/bars?interval=1m", "alice").body();
            },
            b -> ticks(b) >= 1);
    int before = ticks(primed);
    String[] prices = {"50.00", "50.40", "49.90", "50.10"};
    for (String p : prices) {
      platform.embeddedGateway().publishTick("XBAR", p);
    }

    for (String interval : List.of("1s", "1m")) {
      JsonNode answer =
          await(
              "the " + interval + " bars hold the 4 ticks after the first " + before,
              () -> get("/api/market/XBAR/bars?interval=" + interval, "alice").body(),
              // at least: a priming tick still on its way when `before` was read may land too
              b -> ticks(b) >= before + 4);
      assertThat(answer.get("known").asBoolean()).isTrue();
      assertThat(answer.get("interval").asText()).isEqualTo(interval);
      List<BigDecimal> highs = new ArrayList<>();
      List<BigDecimal> lows = new ArrayList<>();
      answer.get("bars").forEach(b -> highs.add(new BigDecimal(b.get("high").asText())));
      answer.get("bars").forEach(b -> lows.add(new BigDecimal(b.get("low").asText())));
      assertThat(highs.stream().max(BigDecimal::compareTo).orElseThrow())
          .isEqualByComparingTo("50.40");
      assertThat(lows.stream().min(BigDecimal::compareTo).orElseThrow())
          .isEqualByComparingTo("49.90");
      JsonNode bars = answer.get("bars");
      assertThat(new BigDecimal(bars.get(0).get("open").asText())).isEqualByComparingTo("50.00");
      assertThat(new BigDecimal(bars.get(bars.size() - 1).get("close").asText()))
          .isEqualByComparingTo("50.10");
    }

    JsonNode none =
        get("/api/market/XBAR/bars?interval=1m&from=2999-01-01T00:00:00Z", "alice").body();
    assertThat(none.get("bars").size()).isZero();
    JsonNode unknown = get("/api/market/NOPE/bars", "alice").body();
    assertThat(unknown.get("known").asBoolean()).isFalse();
    assertThat(unknown.get("bars").size()).isZero();

    Answer badInterval = get("/api/market/XBAR/bars?interval=5m", "alice");
    assertThat(badInterval.status()).isEqualTo(400);
    assertThat(badInterval.body().get("errors").get(0).get("field").asText()).isEqualTo("interval");
    Answer badFrom = get("/api/market/XBAR/bars?from=yesterday", "alice");
    assertThat(badFrom.status()).isEqualTo(400);
    assertThat(badFrom.body().get("errors").get(0).get("field").asText()).isEqualTo("from");
    assertThat(get("/api/market/XBAR/bars", "oscar").status()).isEqualTo(403);
    assertThat(call("GET", "/api/market/XBAR/bars", null, null, java.util.Map.of()).status())
        .isEqualTo(401);
    assertThat(post("/api/plans/" + id + "/cancel", "alice", null).status()).isEqualTo(200);
  }

  private static int ticks(JsonNode answer) {
    int n = 0;
    for (JsonNode b : answer.get("bars")) {
      n += b.get("ticks").asInt();
    }
    return n;
  }

  @Test
  void theIntradayPnlCurveEndsWithTheAccountsFigures() {
    JsonNode curve = get("/api/account/pnl-curve", "bob").body();
    JsonNode account = get("/api/account", "bob").body();
    assertThat(curve.get("user").asText()).isEqualTo("bob");
    assertThat(curve.get("tradingDay").asText()).isEqualTo(account.get("tradingDay").asText());
    JsonNode samples = curve.get("samples");
    assertThat(samples.size()).isBetween(1, 1_440);
    JsonNode last = samples.get(samples.size() - 1);
    assertThat(last.get("realizedToday").asText())
        .isEqualTo(account.at("/today/realizedPnl").asText());
    assertThat(new BigDecimal(last.get("total").asText()))
        .isEqualByComparingTo(
            new BigDecimal(last.get("realizedToday").asText())
                .add(new BigDecimal(last.get("unrealized").asText())));
    assertThat(get("/api/account/pnl-curve", "oscar").status()).isEqualTo(403);
  }

  @Test
  void thePlansLevelsOverTimeStartWithItsLevelsAndFollowAnEdit() {
    String id = createPlan("alice", "XLVL");
    Answer activated = post("/api/plans/" + id + "/activate", "alice", null);
    assertThat(activated.status()).isEqualTo(200);
    JsonNode first =
        await(
            "the trail has the activated plan's levels",
            () -> get("/api/plans/" + id + "/levels", "alice").body().get("points"),
            p -> p.size() >= 1);
    JsonNode p0 = first.get(first.size() - 1);
    assertThat(p0.get("entry").asText()).isEqualTo("101.00");
    assertThat(p0.get("stops").get(0).asText()).isEqualTo("99.00");
    assertThat(p0.get("targets").get(0).asText()).isEqualTo("103.00");

    long version = get("/api/plans/" + id, "alice").body().at("/plan/version").asLong();
    Answer edit =
        call(
            "PUT",
            "/api/plans/" + id,
            token("alice"),
            plan("XLVL").replace("\"99.00\"", "\"98.50\""),
            java.util.Map.of("If-Match", "\"" + version + "\""));
    assertThat(edit.status()).as("edit: %s", edit.body()).isEqualTo(200);
    JsonNode after =
        await(
            "the edit adds a point with the new stop",
            () -> get("/api/plans/" + id + "/levels", "alice").body().get("points"),
            p -> "98.50".equals(p.get(p.size() - 1).get("stops").get(0).asText()));
    assertThat(after.size()).isGreaterThan(first.size() - 1);
    assertThat(get("/api/plans/" + id + "/levels", "bob").status()).isEqualTo(404);
    assertThat(post("/api/plans/" + id + "/cancel", "alice", null).status()).isEqualTo(200);
  }
}
