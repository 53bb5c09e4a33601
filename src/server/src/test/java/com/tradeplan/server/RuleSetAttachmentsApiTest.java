package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.engine.RuleAttachments;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenarios and a reference attached to a rule-set version (docs/rules.md, section 0, "Attached
 * scenarios and reference"): a draft whose attached scenario fails is red and refused for deploy
 * with that scenario named; a child version inherits its parent's attachments unless it replaces
 * them; an attachment over its bound is a 400 naming the file and the limit; a version's own
 * reference is the one its test simulates unless {@code ?reference=NAME} overrides it.
 */
class RuleSetAttachmentsApiTest extends ServerTestBase {
  private static final String SCENARIO = "01-long-above-fixed-stop-hit.json";

  /** A reference of one plan and five ticks: entry, fill, target. */
  private static final String PLANS =
      "[{\"id\":\"r1\",\"owner\":\"alice\",\"symbol\":\"AAPL\",\"side\":\"LONG\","
          + "\"quantity\":100,\"entry\":{\"condition\":\"ABOVE\",\"price\":\"101.00\"},"
          + "\"stops\":[{\"price\":\"99.00\"}],\"targets\":[{\"price\":\"105.00\"}]}]";

  private static final String TICKS =
      String.join(
          "\n",
          "time,symbol,last",
          "2026-03-02T14:30:00Z,AAPL,100.50",
          "2026-03-02T14:30:01Z,AAPL,101.00",
          "2026-03-02T14:30:02Z,AAPL,101.20",
          "2026-03-02T14:30:03Z,AAPL,105.10",
          "2026-03-02T14:30:04Z,AAPL,105.20",
          "");

  @Test
  void anAttachedScenarioThatFailsBlocksTheDeployAndIsNamed() throws IOException {
    JsonNode shipped = get("/api/rules/versions/1", "sam").body().get("files");
    String passing = Files.readString(SHIPPED_SCENARIOS.resolve(SCENARIO));
    // The same scenario with a wrong expectation: the stop's fill is expected at 98.00.
    String failing =
        passing
            .replace("long-above-fixed-stop-hit", "desk-expects-the-stop-at-98")
            .replace("5 FILL STOP SELL 100 @ 98.50", "5 FILL STOP SELL 100 @ 98.00");
    ObjectNode body = draftBody(shipped, 1);
    body.putObject("scenarios").put("desk/stop.json", failing).put("ok.json", passing);
    // A reference of five ticks keeps each test well inside the request's timeout.
    body.putObject("reference").put("plans", PLANS).put("ticks", TICKS);
    Answer created = post("/api/rules/versions", "sam", body.toString());
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    int red = created.body().get("number").asInt();
    assertThat(texts(created.body().get("attached").get("scenarios")))
        .containsExactly("scenarios/desk/stop.json", "scenarios/ok.json");

    Answer test = post("/api/rules/versions/" + red + "/test", "sam", null);
    assertThat(test.status()).isEqualTo(200);
    assertThat(test.body().get("passed").asBoolean()).isFalse();
    assertThat(test.body().get("summary").asText())
        .as("the shipped gate passes, the attached scenario fails and is named")
        .matches(
            "4 passed, 1 failed of \\S+ and 2 attached; failed: desk-expects-the-stop-at-98"
                + " \\(scenarios/desk/stop.json\\)");
    List<JsonNode> attached = new ArrayList<>();
    test.body().get("scenarios").forEach(s -> attached.add(s));
    attached.removeIf(s -> !s.get("attached").asBoolean());
    assertThat(attached).hasSize(2);
    assertThat(attached.get(0).get("verdict").asText()).isEqualTo("FAIL");
    assertThat(attached.get(0).get("report").toString()).contains("98.00").contains("98.50");
    assertThat(attached.get(1).get("verdict").asText()).isEqualTo("PASS");

    Answer refused = post("/api/rules/versions/" + red + "/deploy", "sam", null);
    assertThat(refused.status()).as("%s", refused.body()).isEqualTo(409);
    assertThat(refused.body().get("reason").asText())
        .contains("failed its test")
        .contains("desk-expects-the-stop-at-98 (scenarios/desk/stop.json)");
    assertThat(get("/api/rules/versions", "sam").body().get("deployed").asInt()).isNotEqualTo(red);

    // A child without scenarios inherits them (the same stored attachments); one with an empty
    // map replaces them with none (and still inherits the reference it did not replace).
    Answer child = post("/api/rules/versions", "sam", draftBody(shipped, red).toString());
    assertThat(child.status()).isEqualTo(201);
    assertThat(child.body().get("attached").get("hash").asText())
        .isEqualTo(created.body().get("attached").get("hash").asText());
    assertThat(
            post("/api/rules/versions/" + child.body().get("number").asInt() + "/test", "sam", null)
                .body()
                .get("passed")
                .asBoolean())
        .as("the inherited failing scenario fails the child too")
        .isFalse();
    ObjectNode cleared = draftBody(shipped, red);
    cleared.putObject("scenarios");
    Answer none = post("/api/rules/versions", "sam", cleared.toString());
    assertThat(none.body().get("attached").get("scenarios").isEmpty()).isTrue();
    assertThat(none.body().get("attached").get("referenceFiles").asBoolean())
        .as("the reference, not replaced, is still inherited")
        .isTrue();
    assertThat(none.body().get("attached").get("hash").asText())
        .isNotEqualTo(created.body().get("attached").get("hash").asText());
    Answer green =
        post("/api/rules/versions/" + none.body().get("number").asInt() + "/test", "sam", null);
    assertThat(green.body().get("passed").asBoolean()).isTrue();
    assertThat(green.body().get("summary").asText()).matches("3 passed, 0 failed of \\S+");

    JsonNode listed = version(child.body().get("number").asInt());
    assertThat(texts(listed.get("attached").get("scenarios")))
        .as("the listing shows the inherited scenarios")
        .containsExactly("scenarios/desk/stop.json", "scenarios/ok.json");
    JsonNode one = get("/api/rules/versions/" + red, "sam").body();
    assertThat(one.get("attachments").get("scenarios/ok.json").asText()).isEqualTo(passing);
  }

  @Test
  void anAttachmentOverItsBoundIsRefusedNamingTheFileAndTheLimit() {
    JsonNode shipped = get("/api/rules/versions/1", "sam").body().get("files");
    ObjectNode body = draftBody(shipped, 1);
    body.putObject("scenarios")
        .put("big.json", "x".repeat(RuleAttachments.SCENARIO_CHARS_MAX + 1))
        .put("small.json", "{}");
    Answer a = post("/api/rules/versions", "sam", body.toString());
    assertThat(a.status()).as("%s", a.body()).isEqualTo(400);
    assertThat(a.body().get("detail").asText())
        .isEqualTo(
            "scenarios/big.json: 200001 characters: longer than the limit of 200000 characters");

    ObjectNode halfReference = draftBody(shipped, 1);
    halfReference.putObject("reference").put("plans", "[]");
    Answer half = post("/api/rules/versions", "sam", halfReference.toString());
    assertThat(half.status()).isEqualTo(400);
    assertThat(half.body().get("detail").asText())
        .startsWith("reference/ticks.csv: missing: a reference is reference/plans.json and");

    ObjectNode badName = draftBody(shipped, 1);
    badName.putObject("reference").put("name", "../etc");
    assertThat(post("/api/rules/versions", "sam", badName.toString()).status()).isEqualTo(400);
  }

  @Test
  void aVersionsOwnReferenceIsSimulatedUnlessTheTestNamesAnother() throws IOException {
    JsonNode shipped = get("/api/rules/versions/1", "sam").body().get("files");
    ObjectNode body = draftBody(shipped, 1);
    body.putObject("reference").put("plans", PLANS).put("ticks", TICKS);
    Answer created = post("/api/rules/versions", "sam", body.toString());
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    assertThat(created.body().get("attached").get("referenceFiles").asBoolean()).isTrue();
    int own = created.body().get("number").asInt();

    JsonNode reference =
        post("/api/rules/versions/" + own + "/test", "sam", null).body().get("reference");
    assertThat(reference.get("name").asText()).isEqualTo("attached");
    assertThat(reference.get("plansCompared").asInt()).isEqualTo(1);
    assertThat(reference.get("ticks").asLong()).isEqualTo(5);
    assertThat(reference.get("plansEndedDifferently").asInt())
        .as("the same rules as the deployed version")
        .isZero();

    // ?reference=NAME takes the server's folder NAME instead (here one that is not there: the
    // answer says so; the shipped default's 30,000 ticks are RuleSetApiTest's).
    JsonNode overridden =
        post("/api/rules/versions/" + own + "/test?reference=elsewhere", "sam", null)
            .body()
            .get("reference");
    assertThat(overridden.get("name").asText()).isEqualTo("elsewhere");
    assertThat(overridden.get("missing").asText()).contains("no plans.json");

    // A child naming a reference replaces the inherited files; one without inherits them.
    ObjectNode named = draftBody(shipped, own);
    named.putObject("reference").put("name", "default");
    Answer byName = post("/api/rules/versions", "sam", named.toString());
    assertThat(byName.body().get("attached").get("referenceName").asText()).isEqualTo("default");
    assertThat(byName.body().get("attached").get("referenceFiles").asBoolean()).isFalse();
    Answer inherits = post("/api/rules/versions", "sam", draftBody(shipped, own).toString());
    assertThat(inherits.body().get("attached").get("referenceFiles").asBoolean()).isTrue();
  }

  private static ObjectNode draftBody(JsonNode files, int parent) {
    ObjectNode body = JSON.createObjectNode();
    body.set("files", files);
    body.put("message", "attachments test");
    body.put("parent", parent);
    return body;
  }

  private JsonNode version(int number) {
    for (JsonNode v : get("/api/rules/versions", "sam").body().get("versions")) {
      if (v.get("number").asInt() == number) {
        return v;
      }
    }
    throw new AssertionError("version " + number + " is not listed");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(t -> out.add(t.asText()));
    return out;
  }
}
