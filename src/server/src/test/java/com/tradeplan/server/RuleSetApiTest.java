package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The strategy admin's workflow through the API on a running one-member platform (issue 15): a
 * forbidden construct is refused with its line and rule, a draft that fails the scenario suite
 * cannot be deployed without an override, the override is audited, plans activated after the switch
 * are pinned to the new version while the plan activated before keeps its own, and a rollback
 * deploys the earlier version again.
 */
class RuleSetApiTest extends ServerTestBase {
  @Test
  void anAdminDraftsValidatesTestsDeploysWithAnOverrideAndRollsBackWhilePlansStayPinned()
      throws Exception {
    Answer versions = get("/api/rules/versions", "sam");
    assertThat(versions.status()).as("%s", versions.body()).isEqualTo(200);
    assertThat(versions.body().get("deployed").asInt()).isEqualTo(1);
    assertThat(get("/api/rules/versions", "alice").status())
        .as("a trader has no rule endpoint")
        .isEqualTo(403);

    String before = createPlan("alice", "AAPL");
    assertThat(post("/api/plans/" + before + "/activate", "alice", null).status()).isEqualTo(200);

    JsonNode shipped = get("/api/rules/versions/1", "sam").body().get("files");
    assertThat(shipped.has("lifecycle/40-entry.drl")).isTrue();

    // A forbidden construct: refused with its file, line and rule.
    ObjectNode bad = ((ObjectNode) shipped.deepCopy());
    bad.put(
        "lifecycle/45-chatty.drl",
        String.join(
            "\n",
            "package lifecycle;",
            "import com.tradeplan.domain.market.Tick;",
            "rule \"Print every tick\"",
            "    ruleflow-group \"entry\"",
            "when",
            "    $t : Tick()",
            "then",
            "    System.out.println($t);",
            "end",
            ""));
    int badVersion = draft(bad, "prints ticks");
    Answer validation = post("/api/rules/versions/" + badVersion + "/validate", "sam", null);
    assertThat(validation.body().get("ok").asBoolean()).isFalse();
    JsonNode p = validation.body().get("problems").get(0);
    assertThat(p.get("file").asText()).isEqualTo("lifecycle/45-chatty.drl");
    assertThat(p.get("line").asInt()).isEqualTo(8);
    assertThat(p.get("rule").asText()).isEqualTo("Print every tick");
    assertThat(deploy(badVersion, "{\"override\":\"try it\"}").status())
        .as("a version with problems is never deployed, override or not")
        .isEqualTo(409);

    // A draft without the entry rules: compiles, but the scenarios fail.
    ObjectNode noEntry = ((ObjectNode) shipped.deepCopy());
    noEntry.remove("lifecycle/40-entry.drl");
    int red = draft(noEntry, "no entries");
    Answer test = post("/api/rules/versions/" + red + "/test", "sam", null);
    assertThat(test.status()).isEqualTo(200);
    assertThat(test.body().get("passed").asBoolean())
        .as("%s", test.body().get("summary"))
        .isFalse();
    assertThat(test.body().get("summary").asText())
        .as("failed by its scenarios, not by a missing folder")
        .matches("\\d+ passed, [1-9]\\d* failed of .*");
    // The reference simulation under the deployed version 1 and this one: without the entry rules
    // no plan enters, so every plan that entered under version 1 ends differently, and the first
    // divergence is an entry order that version 1 sent and this one did not.
    JsonNode reference = test.body().get("reference");
    assertThat(reference.get("deployedVersion").asInt()).isEqualTo(1);
    assertThat(reference.get("testedVersion").asInt()).isEqualTo(red);
    assertThat(reference.get("ticks").asLong()).isEqualTo(30_000);
    assertThat(reference.get("plansCompared").asInt()).isEqualTo(40);
    assertThat(reference.get("plansEndedDifferently").asInt())
        .as("%s", reference)
        .isEqualTo(reference.get("plans").size())
        .isGreaterThan(0);
    JsonNode first = reference.get("firstDivergence");
    assertThat(first.get("a").get("type").asText()).isEqualTo("ORDER");
    assertThat(first.get("a").get("role").asText()).isEqualTo("ENTRY");
    assertThat(first.get("b").isNull()).as("%s", first).isTrue();
    assertThat(post("/api/rules/versions/" + red + "/test?reference=../etc", "sam", null).status())
        .as("a reference is a folder name, nothing outside the references folder")
        .isEqualTo(400);
    Answer refused = deploy(red, null);
    assertThat(refused.status()).as("a failing scenario blocks the deploy").isEqualTo(409);
    assertThat(refused.body().get("reason").asText()).contains("failed its test");
    assertThat(get("/api/rules/versions", "sam").body().get("deployed").asInt()).isEqualTo(1);

    Answer overridden = deploy(red, "{\"override\":\"desk wants no new entries today\"}");
    assertThat(overridden.status()).as("%s", overridden.body()).isEqualTo(200);
    assertThat(overridden.body().get("overridden").asBoolean()).isTrue();
    JsonNode audit = get("/api/rules/audit", "sam").body();
    JsonNode deployEntry = findAction(audit, "rules.deploy");
    assertThat(deployEntry).as("the deploy is audited: %s", audit).isNotNull();
    assertThat(deployEntry.get("actor").asText()).isEqualTo("sam");
    assertThat(deployEntry.get("details").get("override").asText())
        .isEqualTo("desk wants no new entries today");
    assertThat(deployEntry.get("details").get("removed").toString()).contains("40-entry.drl");

    String after = createPlan("alice", "AAPL");
    assertThat(post("/api/plans/" + after + "/activate", "alice", null).status()).isEqualTo(200);
    assertThat(pinnedBy(1)).as("the plan activated before stays on version 1").contains(before);
    assertThat(pinnedBy(red)).as("the plan activated after the switch").containsExactly(after);
    assertThat(get("/api/plans/" + after, "alice").body().get("plan").get("ruleSetVersion").asInt())
        .as("the plan answer names the version it is pinned to")
        .isEqualTo(red);
    assertThat(
            get("/api/plans/" + before, "alice").body().get("plan").get("ruleSetVersion").asInt())
        .isEqualTo(1);
    String draftOnly = createPlan("alice", "AAPL");
    JsonNode draftPin = get("/api/plans/" + draftOnly, "alice").body().get("plan");
    assertThat(draftPin.hasNonNull("ruleSetVersion"))
        .as("a draft is pinned only at activation: %s", draftPin)
        .isFalse();

    Answer rollback = post("/api/rules/rollback", "sam", "{\"version\":1}");
    assertThat(rollback.status()).as("%s", rollback.body()).isEqualTo(200);
    assertThat(findAction(get("/api/rules/audit", "sam").body(), "rules.rollback")).isNotNull();
    String third = createPlan("alice", "AAPL");
    assertThat(post("/api/plans/" + third + "/activate", "alice", null).status()).isEqualTo(200);
    assertThat(pinnedBy(1)).contains(before, third);
    assertThat(pinnedBy(red)).as("still pinned after the rollback").containsExactly(after);
  }

  private int draft(JsonNode files, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.set("files", files);
    body.put("message", message);
    body.put("parent", 1);
    Answer a = post("/api/rules/versions", "sam", body.toString());
    assertThat(a.status()).as("%s", a.body()).isEqualTo(201);
    return a.body().get("number").asInt();
  }

  private Answer deploy(int version, String body) {
    return post("/api/rules/versions/" + version + "/deploy", "sam", body);
  }

  private List<String> pinnedBy(int version) {
    List<String> ids = new ArrayList<>();
    for (JsonNode v : get("/api/rules/versions", "sam").body().get("versions")) {
      if (v.get("number").asInt() == version) {
        v.get("pinnedBy").forEach(id -> ids.add(id.asText()));
      }
    }
    return ids;
  }

  private static JsonNode findAction(JsonNode audit, String action) {
    for (JsonNode e : audit) {
      if (e.get("action").asText().equals(action)) {
        return e;
      }
    }
    return null;
  }
}
