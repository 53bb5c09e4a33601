package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the API tests of simulation jobs share: the simulator's worked example uploaded as a job's
 * plans and ticks, and a job watched through the API, as the analyst ana, until it is DONE.
 */
abstract class AnalysisApiSupport extends ServerTestBase {
  static final Path EXAMPLE = Path.of("../simulator/src/test/resources/worked-example");

  /**
   * The body of a job over the worked example: its plans and ticks, named as the files uploaded.
   */
  static ObjectNode workedExampleJob() throws IOException {
    ObjectNode body = JSON.createObjectNode();
    body.put("plansFile", "plans.json");
    body.put("plans", Files.readString(EXAMPLE.resolve("plans.json")));
    body.put("ticksFile", "ticks.csv");
    body.put("ticks", Files.readString(EXAMPLE.resolve("ticks.csv")));
    return body;
  }

  /**
   * Reads the job through the API until it is DONE, for at most 60 s; it must never be other than
   * QUEUED, RUNNING or DONE meanwhile. Answers its last view.
   */
  JsonNode awaitDone(String id) throws InterruptedException {
    JsonNode[] last = new JsonNode[1];
    com.tradeplan.testkit.Await.until(
        Duration.ofSeconds(60),
        "job " + id + " done within 60 s",
        () -> {
          last[0] = get("/api/analysis/jobs/" + id, "ana").body();
          String status = last[0].get("status").asText();
          assertThat(status).as("%s", last[0]).isIn("QUEUED", "RUNNING", "DONE");
          return status.equals("DONE");
        });
    return last[0];
  }
}
