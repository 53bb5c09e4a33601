package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A canary through the API (docs/api.md, "Rule sets"; docs/rules.md, "Canary"): a version deployed
 * to alice only pins her new plans while bob's take the deployed version; it shows in the versions
 * list and the audit (who, why, the files changed); abort sends alice's new plans back to the
 * deployed version and leaves her canary plan pinned; promote deploys it to everyone. The test
 * leaves the server as it found it (the context is shared): it rolls back at the end.
 */
class RuleSetCanaryApiTest extends ServerTestBase {
  @Test
  void aCanaryPinsItsUsersNewPlansIsListedAuditedAbortedAndPromoted() {
    int deployed = get("/api/rules/versions", "sam").body().get("deployed").asInt();
    ObjectNode files =
        (ObjectNode) get("/api/rules/versions/1", "sam").body().get("files").deepCopy();
    String entry = files.get("lifecycle/40-entry.drl").asText();
    files.put("lifecycle/40-entry.drl", "// tried on alice first\n" + entry);
    int v = draft(files, deployed);

    assertThat(
            post("/api/rules/versions/" + v + "/deploy", "alice", "{\"canary\":[\"alice\"]}")
                .status())
        .as("a trader deploys nothing")
        .isEqualTo(403);
    assertThat(post("/api/rules/versions/" + v + "/deploy", "sam", "{\"canary\":[]}").status())
        .as("a canary names its users")
        .isEqualTo(409);

    Answer canary =
        post(
            "/api/rules/versions/" + v + "/deploy",
            "sam",
            "{\"canary\":[\"alice\"],\"reason\":\"try on alice first\","
                + "\"override\":\"a comment only\"}");
    assertThat(canary.status()).as("%s", canary.body()).isEqualTo(200);
    assertThat(canary.body().get("canary").toString()).isEqualTo("[\"alice\"]");
    assertThat(canary.body().get("members").size()).isEqualTo(1);

    JsonNode versions = get("/api/rules/versions", "sam").body();
    assertThat(versions.get("deployed").asInt()).as("a canary is no deploy").isEqualTo(deployed);
    assertThat(versions.get("canary").get("version").asInt()).isEqualTo(v);
    assertThat(versions.get("canary").get("users").toString()).isEqualTo("[\"alice\"]");
    assertThat(versions.get("canary").get("actor").asText()).isEqualTo("sam");
    assertThat(version(versions, v).get("canaryFor").toString()).isEqualTo("[\"alice\"]");
    JsonNode audited = findAction(get("/api/rules/audit", "sam").body(), "rules.canary");
    assertThat(audited).isNotNull();
    assertThat(audited.get("actor").asText()).isEqualTo("sam");
    JsonNode details = audited.get("details");
    assertThat(details.get("users").toString()).isEqualTo("[\"alice\"]");
    assertThat(details.get("reason").asText()).isEqualTo("try on alice first");
    assertThat(details.get("override").asText()).isEqualTo("a comment only");
    assertThat(details.get("from").asInt()).isEqualTo(deployed);
    assertThat(details.get("changed").toString()).contains("lifecycle/40-entry.drl");

    String aliceCanary = activated("alice");
    String bobDeployed = activated("bob");
    assertThat(pinnedBy(v)).containsExactly(aliceCanary);
    assertThat(pinnedBy(deployed)).contains(bobDeployed).doesNotContain(aliceCanary);

    Answer abort = post("/api/rules/canary/abort", "sam", "{\"reason\":\"alice saw a gap\"}");
    assertThat(abort.status()).as("%s", abort.body()).isEqualTo(200);
    assertThat(get("/api/rules/versions", "sam").body().hasNonNull("canary")).isFalse();
    JsonNode aborted = findAction(get("/api/rules/audit", "sam").body(), "rules.canary.abort");
    assertThat(aborted.get("details").get("reason").asText()).isEqualTo("alice saw a gap");
    String aliceAfterAbort = activated("alice");
    assertThat(pinnedBy(deployed)).contains(aliceAfterAbort);
    assertThat(pinnedBy(v)).as("pinned plans stay pinned").containsExactly(aliceCanary);
    assertThat(post("/api/rules/canary/abort", "sam", null).status()).isEqualTo(409);
    assertThat(post("/api/rules/canary/promote", "sam", null).status())
        .as("no canary to promote")
        .isEqualTo(409);

    assertThat(
            post(
                    "/api/rules/versions/" + v + "/deploy",
                    "sam",
                    "{\"canary\":[\"bob\"],\"override\":\"a comment only\"}")
                .status())
        .isEqualTo(200);
    Answer promote =
        post(
            "/api/rules/canary/promote",
            "sam",
            "{\"override\":\"a comment only\",\"reason\":\"bob is happy\"}");
    assertThat(promote.status()).as("%s", promote.body()).isEqualTo(200);
    versions = get("/api/rules/versions", "sam").body();
    assertThat(versions.get("deployed").asInt()).isEqualTo(v);
    assertThat(versions.hasNonNull("canary")).isFalse();
    JsonNode promoted = findAction(get("/api/rules/audit", "sam").body(), "rules.canary.promote");
    assertThat(promoted.get("details").get("reason").asText()).isEqualTo("bob is happy");
    assertThat(promoted.get("details").get("canaryEnded").asText()).contains("[bob]");
    String aliceAfterPromote = activated("alice");
    assertThat(pinnedBy(v)).contains(aliceCanary, aliceAfterPromote);

    Answer back =
        post(
            "/api/rules/rollback",
            "sam",
            "{\"version\":" + deployed + ",\"reason\":\"leave the server as found\"}");
    assertThat(back.status()).as("%s", back.body()).isEqualTo(200);
  }

  private String activated(String user) {
    String id = createPlan(user, "AAPL");
    assertThat(post("/api/plans/" + id + "/activate", user, null).status()).isEqualTo(200);
    return id;
  }

  private int draft(JsonNode files, int parent) {
    ObjectNode body = JSON.createObjectNode();
    body.set("files", files);
    body.put("message", "a comment on the entry rules");
    body.put("parent", parent);
    Answer a = post("/api/rules/versions", "sam", body.toString());
    assertThat(a.status()).as("%s", a.body()).isEqualTo(201);
    return a.body().get("number").asInt();
  }

  private static JsonNode version(JsonNode versions, int number) {
    for (JsonNode v : versions.get("versions")) {
      if (v.get("number").asInt() == number) {
        return v;
      }
    }
    throw new AssertionError("no version " + number + " in " + versions);
  }

  private List<String> pinnedBy(int number) {
    List<String> ids = new ArrayList<>();
    version(get("/api/rules/versions", "sam").body(), number)
        .get("pinnedBy")
        .forEach(id -> ids.add(id.asText()));
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
