package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.server.security.TokenBuckets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Login, logout, rate limits, security headers, operator endpoints, health and metrics. */
class SecurityAndOpsTest extends ServerTestBase {

  @Test
  void loginAnswersATokenAndAWrongPasswordIs401() {
    Answer ok = login("bob", "bob-demo-password");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body().get("tokenType").asText()).isEqualTo("Bearer");
    assertThat(ok.body().get("roles").get(0).asText()).isEqualTo("TRADER");
    Answer me = call("GET", "/api/auth/me", ok.body().get("token").asText(), null, Map.of());
    assertThat(me.body().get("username").asText()).isEqualTo("bob");

    Answer wrong = login("bob", "guess-guess-guess");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.raw().body()).doesNotContain("guess");
  }

  @Test
  void loginsPastTheLimitAre429WithRetryAfter() {
    int status = 0;
    Answer last = null;
    for (int i = 0; i < 10 && status != 429; i++) {
      last =
          call(
              "POST",
              "/api/auth/login",
              null,
              "{\"username\":\"mallory\",\"password\":\"attempt-" + i + "\"}",
              Map.of());
      status = last.status();
    }
    assertThat(status).isEqualTo(429);
    assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
    assertThat(last.body().get("type").asText()).endsWith("rate-limited");
  }

  @Test
  void logoutRevokesTheToken() {
    Answer login = login("sam", "sam-demo-password");
    String token = login.body().get("token").asText();
    assertThat(call("GET", "/api/auth/me", token, null, Map.of()).status()).isEqualTo(200);
    assertThat(call("POST", "/api/auth/logout", token, null, Map.of()).status()).isEqualTo(204);
    assertThat(call("GET", "/api/auth/me", token, null, Map.of()).status()).isEqualTo(401);
  }

  @Test
  void answersCarrySecurityHeaders() {
    Answer a = get("/api/plans", "alice");
    assertThat(a.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(a.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(a.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
    assertThat(a.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(a.header("Cache-Control")).contains("no-store");
    assertThat(a.header("Set-Cookie")).isNull();
  }

  @Test
  void operatorCreatesAUserAndTheCreationIsAudited() {
    String name = "carol" + System.nanoTime();
    Answer created = post("/api/ops/users", "oscar", newUserBody(name, "a-long-password-1"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.raw().body()).doesNotContain("a-long-password-1");
    Answer again = post("/api/ops/users", "oscar", newUserBody(name, "a-long-password-1"));
    assertThat(again.status()).isEqualTo(409);
    Answer invalid =
        post(
            "/api/ops/users",
            "oscar",
            "{\"username\":\"a b\",\"password\":\"short\",\"roles\":[\"KING\"]}");
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(PlanApiTest.fields(invalid.body()))
        .containsExactly("username", "password", "roles[0]");
    Answer audit = get("/api/ops/audit", "oscar");
    assertThat(audit.body().findValuesAsText("target")).contains(name, "alice");
    assertThat(audit.raw().body()).doesNotContain("a-long-password-1");
    Answer login = login(name, "a-long-password-1");
    assertThat(login.status()).isEqualTo(200);
    assertThat(get("/api/ops/users", "oscar").body().findValuesAsText("username")).contains(name);
  }

  @Test
  void healthIsPublicWithPlatformComponentsForOperators() {
    Answer health = call("GET", "/actuator/health", null, null, Map.of());
    assertThat(health.status()).isIn(200, 503);
    assertThat(health.body().has("status")).isTrue();
    Answer detailed = get("/actuator/health", "oscar");
    JsonAssert.hasPath(detailed.body(), "components", "platform", "components", "store", "status");
    JsonAssert.hasPath(
        detailed.body(), "components", "platform", "components", "broker", "details", "state");
    JsonAssert.hasPath(
        detailed.body(), "components", "platform", "components", "marketData", "status");
    assertThat(detailed.body().at("/components/platform/components/cluster/status").asText())
        .as("a one-member cluster has its quorum")
        .isEqualTo("UP");
    assertThat(
            detailed.body().at("/components/platform/components/cluster/details/members").asInt())
        .isEqualTo(1);
    assertThat(
            detailed.body().at("/components/platform/components/cluster/details/usersNotMonitored"))
        .as("every user held here is monitored: none listed")
        .isEmpty();
    Answer readiness = call("GET", "/actuator/health/readiness", null, null, Map.of());
    assertThat(readiness.status()).isIn(200, 503);
    Answer platformState = get("/api/ops/platform", "oscar");
    assertThat(platformState.body().get("storeUp").asBoolean()).isTrue();
    assertThat(platformState.body().get("usersNotMonitored").isArray()).isTrue();
  }

  @Test
  void prometheusShowsThePlatformMetricsToOperators() {
    Answer m = call("GET", "/actuator/prometheus", token("oscar"), null, Map.of());
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.raw().body())
        .contains(
            "tradeplan_plans_monitored",
            "tradeplan_store_write_queue_depth",
            "tradeplan_engine_inbox_depth_max",
            "tradeplan_broker_state",
            "tradeplan_broker_state{state=\"CONNECTIVITY_LOST\"}",
            "tradeplan_engine_ticks_pending",
            "tradeplan_engine_ticks_coalesced_total",
            "tradeplan_broker_reconnects_total",
            "tradeplan_plans{status=\"ACTIVE\"}",
            "tradeplan_orders_sent_total",
            "tradeplan_engine_tick_to_decision_seconds_bucket",
            "tradeplan_broker_order_ack_seconds_bucket",
            "tradeplan_position_mismatches ",
            "tradeplan_cluster_users_not_monitored 0.0");
  }

  @Test
  void theOpenApiDocumentIsServed() {
    Answer docs = call("GET", "/api-docs", null, null, Map.of());
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body().get("paths").has("/api/plans")).isTrue();
    assertThat(docs.body().get("paths").has("/api/plans/{id}/flatten")).isTrue();
  }

  @Test
  void tokenBucketsRefuseBeyondTheBurstAndRefillWithTime() {
    AtomicLong now = new AtomicLong();
    TokenBuckets b = new TokenBuckets(2, 1.0, 2, now::get);
    assertThat(b.tryTake("u")).isZero();
    assertThat(b.tryTake("u")).isZero();
    assertThat(b.tryTake("u")).isEqualTo(1);
    now.addAndGet(1_000_000_000L);
    assertThat(b.tryTake("u")).isZero();
    b.tryTake("v");
    b.tryTake("w");
    assertThat(b.size()).isEqualTo(2); // bounded: the least recently used key was dropped
  }
}
