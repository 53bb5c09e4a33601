package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The analyst's workbench through the API on a running server (issue 19): ana runs the worked
 * example under the shipped rules and under a draft in which sam planted a change on purpose (a
 * target wants the price a dollar beyond it), watches both to DONE, reads the report as JSON and
 * HTML, and the comparison finds the planted change at its first divergent event, with its rule.
 */
class AnalysisApiTest extends AnalysisApiSupport {
  static final String TARGET_CONDITION = "$p.side.reachedProfitLevel($t.last(), price) )";

  @Test
  void anAnalystRunsTwoVersionsAndTheComparisonFindsThePlantedChange() throws Exception {
    assertThat(get("/api/analysis/jobs", "alice").status()).as("a trader has none").isEqualTo(403);
    assertThat(get("/api/analysis/jobs", "sam").status()).isEqualTo(403);

    JsonNode files = get("/api/rules/versions/1", "sam").body().get("files");
    ObjectNode late = (ObjectNode) files.deepCopy();
    String drl = files.get("lifecycle/60-exit-triggers.drl").asText();
    assertThat(drl).contains(TARGET_CONDITION);
    late.put(
        "lifecycle/60-exit-triggers.drl",
        drl.replace(
            TARGET_CONDITION,
            "$p.side.reachedProfitLevel($t.last(), price.add(java.math.BigDecimal.ONE)) )"));
    ObjectNode draft = JSON.createObjectNode();
    draft.set("files", late);
    draft.put("message", "targets a dollar late");
    draft.put("parent", 1);
    Answer created = post("/api/rules/versions", "sam", draft.toString());
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    int version = created.body().get("number").asInt();

    JsonNode versions = get("/api/analysis/versions", "ana").body();
    assertThat(versions.get("deployed").asInt()).isEqualTo(1);
    assertThat(versions.get("versions").findValuesAsText("number")).contains("" + version);

    String a = submit(1);
    String b = submit(version);
    JsonNode doneA = awaitDone(a);
    awaitDone(b);
    assertThat(doneA.get("ticksDone").asLong()).isEqualTo(13);
    assertThat(doneA.get("ticksTotal").asLong()).isEqualTo(13);
    assertThat(doneA.at("/statistics/realizedPnl").asText()).isEqualTo("247.00");

    Answer report = get("/api/analysis/jobs/" + a + "/report.json", "ana");
    assertThat(report.status()).isEqualTo(200);
    assertThat(report.body().at("/statistics/commission").asText()).isEqualTo("3.00");
    assertThat(report.body().at("/options/commission").asText()).isEqualTo("ib-fixed");
    Answer html = get("/api/analysis/jobs/" + a + "/report", "ana");
    assertThat(html.raw().headers().firstValue("Content-Type").orElse("")).contains("text/html");
    assertThat(html.raw().body()).contains("<h1>Simulation report</h1>").contains("247.00");

    Answer listed = get("/api/analysis/jobs?limit=10", "ana");
    assertThat(listed.body().findValuesAsText("id")).contains(a, b);

    Answer c = get("/api/analysis/compare?a=" + a + "&b=" + b, "ana");
    assertThat(c.status()).as("%s", c.body()).isEqualTo(200);
    JsonNode first = c.body().get("firstDivergence");
    assertThat(first.get("tick").asLong()).as("A sends its first target on tick 9").isEqualTo(9);
    assertThat(first.get("rule").asText()).isEqualTo("A target is reached");
    assertThat(first.at("/b/tick").asLong()).as("B sends it at 105.00").isEqualTo(11);
    assertThat(c.body().at("/plans/0/endedDifferently").asBoolean()).isTrue();
    JsonNode realized = statistic(c.body(), "realizedPnl");
    // A: 250.00 less three $1.00 minimums; B: 50 x (104.00 - 101.10) = 145.00 less two
    assertThat(realized.get("a").asText()).isEqualTo("247.00");
    assertThat(realized.get("difference").asText()).isEqualTo("-104.00");
    assertThat(get("/api/analysis/compare.html?a=" + a + "&b=" + b, "ana").raw().body())
        .contains("The runs part first at tick 9");

    Answer cancelEnded = post("/api/analysis/jobs/" + a + "/cancel", "ana", null);
    assertThat(cancelEnded.status()).isEqualTo(409);
    assertThat(get("/api/analysis/jobs/nope", "ana").status()).isEqualTo(404);
  }

  @Test
  void aBadUploadIsRefusedNamingItsFields() {
    Answer bad =
        post(
            "/api/analysis/jobs",
            "ana",
            "{\"plans\":\"[{\\\"id\\\":1}\",\"ticks\":\"\",\"ruleVersion\":999,"
                + "\"commission\":\"gold-plated\",\"latencyTicks\":-1}");
    assertThat(bad.status()).as("%s", bad.body()).isEqualTo(422);
    assertThat(bad.body().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("plans", "ticks", "ruleVersion", "commission", "latencyTicks");
  }

  @Test
  void aSweepRunsEveryCellAndItsHeatMapShowsTheirStatistic() throws Exception {
    ObjectNode base = JSON.createObjectNode();
    base.put("plans", Files.readString(EXAMPLE.resolve("plans.json")));
    base.put("ticks", Files.readString(EXAMPLE.resolve("ticks.csv")));
    base.put("commission", "ib-fixed");
    ObjectNode body = JSON.createObjectNode();
    body.set("base", base);
    body.putArray("stopOffsets").add("0.00").add("0.50");
    body.put("fillOption", "maxFillPerTick");
    body.putArray("fillValues").add(100).add(30);
    Answer started = post("/api/analysis/sweeps", "ana", body.toString());
    assertThat(started.status()).as("%s", started.body()).isEqualTo(202);
    String id = started.body().get("id").asText();
    assertThat(started.body().get("jobs")).hasSize(4);
    for (JsonNode job : started.body().get("jobs")) {
      awaitDone(job.asText());
    }
    JsonNode table = get("/api/analysis/sweeps/" + id, "ana").body();
    assertThat(table.get("fillOption").asText()).isEqualTo("maxFillPerTick");
    assertThat(table.get("stopOffsets").toString()).isEqualTo("[\"0.00\",\"0.50\"]");
    assertThat(table.get("fillValues").toString()).isEqualTo("[\"30\",\"100\"]");
    assertThat(table.get("rows")).hasSize(4);
    java.util.List<String> realized = new java.util.ArrayList<>();
    for (JsonNode row : table.get("rows")) {
      assertThat(row.get("status").asText()).isEqualTo("DONE");
      realized.add(row.at("/statistics/realizedPnl").asText());
    }
    // the stop moves do not touch the worked example's exits (targets and trailing stop close it);
    // fills of 30 a tick split each order in up to four, each paying IB's minimum once
    assertThat(realized.get(2)).as("offset 0, whole fills: the worked example").isEqualTo("247.00");

    Answer svg = get("/api/analysis/sweeps/" + id + "/heatmap.svg?statistic=realizedPnl", "ana");
    assertThat(svg.status()).isEqualTo(200);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<rect class=\"cell\"[^>]*data-value=\"([^\"]*)\"")
            .matcher(svg.raw().body());
    java.util.List<String> shown = new java.util.ArrayList<>();
    while (m.find()) {
      shown.add(m.group(1));
    }
    assertThat(shown)
        .as("one cell per run, each its run's figure")
        .containsExactlyElementsOf(realized);
    assertThat(svg.raw().body()).contains("highest realizedPnl ").contains("lowest realizedPnl ");
    assertThat(get("/api/analysis/sweeps/" + id + "/heatmap.svg?statistic=luck", "ana").status())
        .isEqualTo(400);
  }

  private String submit(int version) throws Exception {
    ObjectNode body = workedExampleJob();
    body.put("ruleVersion", version);
    body.put("commission", "ib-fixed");
    Answer a = call("POST", "/api/analysis/jobs", token("ana"), body.toString(), Map.of());
    assertThat(a.status()).as("%s", a.body()).isEqualTo(202);
    assertThat(a.body().get("ticksTotal").asLong()).isEqualTo(13);
    return a.body().get("id").asText();
  }

  private static JsonNode statistic(JsonNode comparison, String name) {
    for (JsonNode s : comparison.get("statistics")) {
      if (s.get("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no statistic " + name);
  }
}
