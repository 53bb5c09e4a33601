package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 20, point 1, over HTTP against a real server (engine, embedded store, paper gateway) with a
 * small configured live plan limit: an activation past it is answered 409 {@code limit-reached}
 * naming the limit, its value and the count, and changes nothing; ended plans never count; the
 * operators' {@code monitoredPlans} and {@code tradeplan_plans_monitored} are what the engine
 * watches. Its own server (another limit), closed after the class.
 */
@TestPropertySource(
    properties = {
      "tradeplan.env.TRADEPLAN_MAX_LIVE_PLANS_PER_USER=4",
      "tradeplan.env.TRADEPLAN_MAX_DRAFTS_PER_USER=20"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LivePlanLimitApiTest extends ServerTestBase {
  private static final int LIMIT = 4;

  @Test
  void theLimitsWorthWithEndedPlansBetweenIsWatchedAndOneMoreIs409WithNothingChanged() {
    String first = createPlan("alice", "QQQ");
    assertThat(post("/api/plans/" + first + "/activate", "alice", null).status()).isEqualTo(200);
    assertThat(post("/api/plans/" + first + "/cancel", "alice", null).status()).isEqualTo(200);
    for (int i = 0; i < LIMIT; i++) {
      String id = createPlan("alice", "QQQ");
      assertThat(post("/api/plans/" + id + "/activate", "alice", null).status())
          .as("activation %d of %d live plans", i + 1, LIMIT)
          .isEqualTo(200);
    }
    awaitMonitored(platformLivePlans());

    String refused = createPlan("alice", "QQQ");
    long version = get("/api/plans/" + refused, "alice").body().get("plan").get("version").asLong();
    Answer a = post("/api/plans/" + refused + "/activate", "alice", null);

    assertThat(a.status()).isEqualTo(409);
    assertThat(a.body().get("type").asText()).isEqualTo("urn:tradeplan:problem:limit-reached");
    assertThat(a.body().get("limit").asText()).isEqualTo("TRADEPLAN_MAX_LIVE_PLANS_PER_USER");
    assertThat(a.body().get("value").asInt()).isEqualTo(LIMIT);
    assertThat(a.body().get("count").asInt()).isEqualTo(LIMIT);
    assertThat(a.body().get("detail").asText()).contains("limit of " + LIMIT);
    JsonNode after = get("/api/plans/" + refused, "alice").body();
    assertThat(after.get("plan").get("status").asText()).isEqualTo("DRAFT");
    assertThat(after.get("plan").get("version").asLong()).isEqualTo(version);
    assertThat(after.get("history")).hasSize(1);
    assertThat(get("/api/plans?status=ACTIVE", "alice").body()).hasSize(LIMIT);
    awaitMonitored(platformLivePlans());
  }

  /** The issue's 1,017 activations for one trader, at a limit of 4: 4 + 17. */
  @Test
  void theIssuesCaseShapeAtASmallLimit() {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < LIMIT + 17; i++) {
      String id = createPlan("bob", "IWM");
      statuses.add(post("/api/plans/" + id + "/activate", "bob", null).status());
    }

    assertThat(statuses.subList(0, LIMIT)).containsOnly(200);
    assertThat(statuses.subList(LIMIT, statuses.size())).hasSize(17).containsOnly(409);
    assertThat(get("/api/plans?status=ACTIVE", "bob").body()).hasSize(LIMIT);
    assertThat(get("/api/plans?status=DRAFT", "bob").body()).hasSize(17);
    awaitMonitored(platformLivePlans());
  }

  @Test
  void draftsPastTheirLimitAreRefused409AndNothingIsStored() {
    String token = newTrader("drafter");
    for (int i = 0; i < 20; i++) {
      assertThat(call("POST", "/api/plans", token, plan("DIA"), java.util.Map.of()).status())
          .isEqualTo(201);
    }

    Answer refused = call("POST", "/api/plans", token, plan("DIA"), java.util.Map.of());

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.body().get("type").asText()).endsWith("limit-reached");
    assertThat(refused.body().get("limit").asText()).isEqualTo("TRADEPLAN_MAX_DRAFTS_PER_USER");
    assertThat(refused.body().get("value").asInt()).isEqualTo(20);
    assertThat(refused.body().get("count").asInt()).isEqualTo(20);
    assertThat(call("GET", "/api/plans?status=DRAFT", token, null, java.util.Map.of()).body())
        .hasSize(20);
  }

  /** What the engine holds now. */
  private int platformLivePlans() {
    assertThat(platform.awaitEngineIdle(java.time.Duration.ofSeconds(20))).isTrue();
    return platform.health().monitoredPlans();
  }

  /**
   * The operators' figure and metric equal {@code engine} (the engine's count) and what the store
   * holds in watched statuses (they are read at most once a second: waits for the next reading).
   */
  private void awaitMonitored(int engine) {
    int stored = 0;
    for (String user : List.of("alice", "bob")) {
      for (String status : List.of("ACTIVE", "ENTRY_SUBMITTED", "CONTINGENT_ACTIVE")) {
        stored += get("/api/plans?status=" + status, user).body().size();
      }
    }
    assertThat(engine).as("the engine watches every stored live plan").isEqualTo(stored);
    long deadline = System.nanoTime() + 10_000_000_000L;
    int figure = -1;
    double metric = -1;
    while (System.nanoTime() < deadline) {
      figure = get("/api/ops/platform", "oscar").body().get("monitoredPlans").asInt();
      metric = metric("tradeplan_plans_monitored");
      if (figure == engine && metric == engine) {
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
    }
    assertThat(figure).as("monitoredPlans in /api/ops/platform").isEqualTo(engine);
    assertThat(metric).as("tradeplan_plans_monitored").isEqualTo(engine);
  }

  private double metric(String name) {
    String text = get("/actuator/prometheus", "oscar").raw().body();
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(text);
    assertThat(m.find()).as("%s in the metrics", name).isTrue();
    return Double.parseDouble(m.group(2));
  }
}
