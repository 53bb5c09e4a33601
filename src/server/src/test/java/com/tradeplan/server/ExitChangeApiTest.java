package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, point 1, over HTTP: POST /api/plans/{id}/exits on a live trade moves a stop and closes
 * part of the position (the order shows among the plan's orders, the change in its history with the
 * trader as its cause), refuses a stale version, names every bad field with a 400, and refuses a
 * plan that has not entered with the reason. The plan answer carries its tick size, the grid the
 * page rounds its break-even preview onto.
 */
class ExitChangeApiTest extends ServerTestBase {

  @Test
  void aLiveTradesExitsChangeOverTheApi() {
    String id = createPlan("alice", "XLU");
    assertThat(
            exits(id, "alice", "0", "{\"kind\":\"moveStop\",\"index\":0,\"price\":\"99.50\"}")
                .body()
                .get("detail")
                .asText())
        .contains("edit the plan instead");
    Answer active = post("/api/plans/" + id + "/activate", "alice", null);
    assertThat(active.status()).as("activate: %s", active.body()).isEqualTo(200);
    Answer refused =
        exits(
            id,
            "alice",
            active.body().get("version").asText(),
            "{\"kind\":\"moveStop\",\"index\":0,\"price\":\"99.50\"}");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().get("detail").asText()).contains("it is ACTIVE");

    platform.embeddedGateway().publishTick("XLU", "101.20");
    await(
        "the entry is sent",
        () -> get("/api/plans/" + id, "alice").body().get("plan"),
        p -> !p.get("status").asText().equals("ACTIVE"));
    // The gateway fills a market order at the next tick after it arrived: tick until it has.
    JsonNode live =
        await(
            "the trade is live",
            () -> {
              platform.embeddedGateway().publishTick("XLU", "101.40");
              return get("/api/plans/" + id, "alice").body().get("plan");
            },
            p -> p.get("status").asText().equals("CONTINGENT_ACTIVE"));
    // The entry's commission report follows its fill and moves the plan's version: wait for it, or
    // the changes below, sent with the version read before it, are refused as concurrent (409).
    live =
        await(
            "the entry's commission is booked",
            () -> get("/api/plans/" + id, "alice").body().get("plan"),
            p ->
                p.hasNonNull("commission")
                    && new java.math.BigDecimal(p.get("commission").asText()).signum() > 0);
    String version = live.get("version").asText();
    assertThat(live.get("tickSize").asText())
        .as("the grid a break-even level is rounded onto, for the page's preview")
        .isEqualTo("0.01");

    assertThat(
            call(
                    "POST",
                    "/api/plans/" + id + "/exits",
                    token("alice"),
                    "{\"kind\":\"moveStop\",\"index\":0,\"price\":\"100.50\"}",
                    Map.of())
                .status())
        .as("without If-Match")
        .isEqualTo(428);
    Answer bad =
        exits(
            id,
            "alice",
            version,
            "{\"kind\":\"moveStop\",\"index\":0,\"price\":100.5,\"colour\":\"red\"}");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("errors").findValuesAsText("field")).contains("price", "colour");
    Answer offGrid =
        exits(id, "alice", version, "{\"kind\":\"moveStop\",\"index\":0,\"price\":\"100.505\"}");
    assertThat(offGrid.status()).isEqualTo(400);
    assertThat(offGrid.body().get("errors").get(0).get("field").asText()).isEqualTo("price");
    assertThat(offGrid.body().get("errors").get(0).get("message").asText())
        .isEqualTo("must be a multiple of the tick size 0.01");
    Answer aboveTarget =
        exits(id, "alice", version, "{\"kind\":\"moveStop\",\"index\":0,\"price\":\"103.00\"}");
    assertThat(aboveTarget.status()).isEqualTo(400);
    assertThat(aboveTarget.body().get("errors").get(0).get("message").asText())
        .isEqualTo("must be below target 1 (103.00) for a LONG");

    Answer moved =
        exits(
            id,
            "alice",
            version,
            "{\"kind\":\"moveStop\",\"index\":0,\"price\":\"100.50\",\"reason\":\"higher low\"}");
    assertThat(moved.status()).as("move: %s", moved.body()).isEqualTo(200);
    assertThat(moved.body().get("stops").get(0).get("price").asText()).isEqualTo("100.50");
    assertThat(moved.body().get("activeStop").asText()).isEqualTo("100.50");
    assertThat(moved.header("ETag")).isEqualTo("\"" + moved.body().get("version").asText() + "\"");
    Answer stale =
        exits(id, "alice", version, "{\"kind\":\"moveStop\",\"index\":0,\"price\":\"100.60\"}");
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.body().get("type").asText()).endsWith("version-conflict");

    Answer tooMany =
        exits(
            id,
            "alice",
            moved.body().get("version").asText(),
            "{\"kind\":\"closePart\",\"quantity\":101}");
    assertThat(tooMany.status()).isEqualTo(409);
    assertThat(tooMany.body().get("detail").asText())
        .isEqualTo("only 100 of the position 100 is not covered by working exit orders");
    Answer closed =
        exits(
            id,
            "alice",
            moved.body().get("version").asText(),
            "{\"kind\":\"closePart\",\"quantity\":40}");
    assertThat(closed.status()).as("close: %s", closed.body()).isEqualTo(200);
    JsonNode orders = get("/api/plans/" + id + "/orders", "alice").body().get("orders");
    assertThat(orders.findValuesAsText("orderRef")).contains(id + ":CLOSE:0:1");
    JsonNode history = get("/api/plans/" + id + "/history", "alice").body();
    assertThat(history.findValuesAsText("reason"))
        .contains("alice: move stop 1 to 100.50 (higher low)", "alice: close 40 now");
    assertThat(exits(id, "bob", "1", "{\"kind\":\"closePart\",\"quantity\":1}").status())
        .as("another trader's plan")
        .isEqualTo(404);
  }

  private Answer exits(String id, String user, String version, String body) {
    return call(
        "POST",
        "/api/plans/" + id + "/exits",
        token(user),
        body,
        Map.of("If-Match", "\"" + version + "\""));
  }
}
