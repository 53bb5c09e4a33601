package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.server.web.ApiAdmission;
import com.tradeplan.testkit.Await;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Admission control through the real server (docs/api.md, "Errors"): with every permit of the bound
 * taken (by the test itself, through the server's own {@link ApiAdmission}: the same semaphore the
 * filter takes, so the bound is full without timing), an API request is answered 503 {@code
 * api-busy} and nothing of it happens, while the kill switch, flatten, cancel and the probes still
 * pass; failing requests give their permits back. Permits are always returned after each test: the
 * server is shared with the other API tests.
 */
class ApiAdmissionApiTest extends ServerTestBase {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @Autowired ApiAdmission admission;
  private int held;

  @BeforeEach
  void noRequestInFlight() {
    awaitWhole();
  }

  @AfterEach
  void giveBack() {
    for (; held > 0; held--) {
      admission.exit();
    }
  }

  @Test
  void pastTheLimitARequestIs503WithRetryAfterAndNothingIsDone() {
    String trader = newTrader("admission-refused-" + System.nanoTime());
    String key = "admission-" + System.nanoTime();
    fillTheBound();

    Answer refused =
        call("POST", "/api/plans", trader, plan("IWM"), Map.of("Idempotency-Key", key));

    assertThat(refused.status()).as("%s", refused.body()).isEqualTo(503);
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.body().get("type").asText()).isEqualTo("urn:tradeplan:problem:api-busy");
    assertThat(refused.body().get("limit").asText()).isEqualTo(ApiAdmission.LIMIT_PROPERTY);
    assertThat(refused.body().get("value").asInt()).isEqualTo(admission.limit());
    assertThat(refused.body().get("requestId").asText()).isEqualTo(refused.header("X-Request-Id"));
    assertThat(getWithToken("/api/plans", trader).status()).as("reads too").isEqualTo(503);

    giveBack();
    awaitWhole();
    assertThat(getWithToken("/api/plans", trader).body()).as("no plan was created").isEmpty();
    Answer retried =
        call("POST", "/api/plans", trader, plan("IWM"), Map.of("Idempotency-Key", key));
    assertThat(retried.status())
        .as("the key was never used: the retry runs, not a replay (%s)", retried.body())
        .isEqualTo(201);
    assertThat(getWithToken("/api/plans", trader).body()).hasSize(1);
    assertThat(get("/actuator/prometheus", "oscar").raw().body())
        .contains(
            "tradeplan_api_requests_refused_total",
            "tradeplan_api_requests_admitted_total",
            "tradeplan_api_in_flight ",
            "tradeplan_api_in_flight_limit " + (double) admission.limit());
  }

  @Test
  void theKillSwitchFlattenCancelAndProbesPassWhileTheLimitIsFull() {
    String name = "admission-exempt-" + System.nanoTime();
    String trader = newTrader(name);
    String draft = createPlanWithToken(trader, "IWM");
    String operator = token("oscar");
    fillTheBound();

    assertThat(call("POST", "/api/plans/" + draft + "/activate", trader, null, Map.of()).status())
        .as("the bound is full: an activation is refused")
        .isEqualTo(503);

    Answer engaged =
        call(
            "POST",
            "/api/kill-switch/engage",
            trader,
            "{\"scope\":\"user:" + name + "\",\"reason\":\"admission test\"}",
            Map.of());
    assertThat(engaged.status()).as("engage: %s", engaged.body()).isEqualTo(200);
    assertThat(getWithToken("/api/kill-switch", trader).status()).isEqualTo(200);
    for (String command : new String[] {"flatten", "cancel"}) {
      Answer a = call("POST", "/api/plans/" + draft + "/" + command, trader, null, Map.of());
      assertThat(a.status()).as("%s: %s", command, a.body()).isNotEqualTo(503);
      assertThat(a.raw().body()).doesNotContain("api-busy");
    }
    assertThat(call("GET", "/actuator/health/liveness", null, null, Map.of()).status())
        .isEqualTo(200);
    assertThat(call("GET", "/actuator/prometheus", operator, null, Map.of()).status())
        .isEqualTo(200);
    Answer released =
        call(
            "POST",
            "/api/kill-switch/release",
            operator,
            "{\"scope\":\"user:" + name + "\",\"why\":\"admission test done\"}",
            Map.of());
    assertThat(released.status()).as("release: %s", released.body()).isEqualTo(200);
    assertThat(admission.inFlight()).as("exempt requests took no permit").isEqualTo(held);
  }

  @Test
  void failingRequestsGiveTheirPermitsBack() {
    String trader = newTrader("admission-failing-" + System.nanoTime());
    for (int i = 0; i < 60; i++) {
      int status =
          switch (i % 4) {
            case 0 -> call("POST", "/api/plans", trader, "{not json", Map.of()).status();
            case 1 -> getWithToken("/api/plans/no-such-plan", trader).status();
            case 2 -> call("GET", "/api/plans", "not-a-token", null, Map.of()).status();
            default -> call("POST", "/api/plans", trader, "{}", Map.of()).status();
          };
      assertThat(status).isBetween(400, 499);
    }
    awaitWhole();
    fillTheBound();
    assertThat(getWithToken("/api/plans", trader).status())
        .as("the bound is still exactly " + admission.limit())
        .isEqualTo(503);
  }

  /** Takes every permit of the bound (none is in flight: see {@link #awaitWhole}). */
  private void fillTheBound() {
    for (int i = 0; i < admission.limit(); i++) {
      assertThat(admission.tryEnter()).as("permit %d of %d", i + 1, admission.limit()).isTrue();
      held++;
    }
  }

  /** Waits for the requests answered to leave the filter (their thread returns after answering). */
  private void awaitWhole() {
    Await.until(
        DEADLINE,
        () -> admission.inFlight() == held,
        () -> admission.inFlight() + " in flight, " + held + " held by the test");
  }
}
