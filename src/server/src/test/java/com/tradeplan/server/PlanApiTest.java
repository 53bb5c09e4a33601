package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every plans, trades and market endpoint: success, errors, roles, tenant isolation, retries. */
class PlanApiTest extends ServerTestBase {

  static List<String> fields(JsonNode problem) {
    List<String> out = new ArrayList<>();
    problem.get("errors").forEach(e -> out.add(e.get("field").asText()));
    return out;
  }

  @Test
  void createStoresADraftOwnedByTheCaller() {
    Answer a = post("/api/plans", "alice", plan("QQQ"));
    assertThat(a.status()).isEqualTo(201);
    String id = a.body().get("id").asText();
    assertThat(a.header("Location")).isEqualTo("/api/plans/" + id);
    assertThat(a.header("ETag")).isEqualTo("\"0\"");
    assertThat(a.body().get("status").asText()).isEqualTo("DRAFT");
    assertThat(a.body().get("entry").get("price").asText()).isEqualTo("101.00");
    assertThat(a.body().get("targets").get(0).get("quantity").asLong()).isEqualTo(50);
  }

  @Test
  void createListsEveryInvalidFieldAndStoresNothing() {
    int before = planCount("alice");
    Answer a =
        post(
            "/api/plans",
            "alice",
            """
            {"symbol":"QQQ","side":"SIDEWAYS","quantity":0,
             "entry":{"condition":"ABOVE","price":101.00},
             "stops":[{"price":"102.005"}],
             "targets":[{"price":"100.00"}], "owner":"bob", "colour":"red"}""");
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.header("Content-Type")).startsWith("application/problem+json");
    assertThat(a.body().get("type").asText()).isEqualTo("urn:tradeplan:problem:validation");
    assertThat(fields(a.body()))
        .contains("side", "quantity", "entry.price", "stops[0].price", "owner", "colour");
    assertThat(planCount("alice")).isEqualTo(before);
  }

  @Test
  void aRetriedCreateWithTheSameKeyAnswersTheFirstResponseAndCreatesOnce() {
    int before = planCount("alice");
    String key = UUID.randomUUID().toString();
    Answer first = post("/api/plans", "alice", plan("IWM"), key);
    Answer retry = post("/api/plans", "alice", plan("IWM"), key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.raw().body()).isEqualTo(first.raw().body());
    assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(planCount("alice")).isEqualTo(before + 1);

    Answer otherBody = post("/api/plans", "alice", plan("DIA"), key);
    assertThat(otherBody.status()).isEqualTo(422);
    assertThat(otherBody.body().get("type").asText()).endsWith("idempotency-mismatch");
    assertThat(planCount("alice")).isEqualTo(before + 1);

    Answer badKey = post("/api/plans", "alice", plan("DIA"), "no spaces allowed");
    assertThat(badKey.status()).isEqualTo(400);
    assertThat(fields(badKey.body())).containsExactly("Idempotency-Key");
  }

  static Stream<Arguments> badKeys() {
    return Stream.of(
        Arguments.of("", "must not be empty"),
        Arguments.of("   ", "must not be empty"),
        Arguments.of("k".repeat(129), "129 characters, more than 128"),
        Arguments.of("no spaces allowed", "letters, digits"),
        Arguments.of("a/b", "letters, digits"));
  }

  /**
   * A key the documented rule (1 to 128 of [A-Za-z0-9_.:-]) refuses is a 400 naming the header and
   * the reason on every command that takes one, and the command does not act: an empty key is not
   * taken as no key. (curl sends no header at all for {@code -H "Idempotency-Key: "}, which no
   * server can tell from a request without a key: docs/api.md says so.)
   */
  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("badKeys")
  void anEmptyOrMalformedKeyIs400NamingTheHeaderAndNothingActs(String key, String reason) {
    int before = planCount("alice");
    Answer create = post("/api/plans", "alice", plan("XLF"), key);
    assertBadKey(create, reason);
    assertThat(planCount("alice")).isEqualTo(before);

    String id = createPlan("alice", "XLF");
    for (String command : List.of("activate", "cancel", "flatten")) {
      Answer a = post("/api/plans/" + id + "/" + command, "alice", null, key);
      assertBadKey(a, reason);
    }
    assertThat(get("/api/plans/" + id, "alice").body().get("plan").get("status").asText())
        .isEqualTo("DRAFT");
  }

  private static void assertBadKey(Answer a, String reason) {
    assertThat(a.status()).as("%s", a.body()).isEqualTo(400);
    assertThat(fields(a.body())).containsExactly("Idempotency-Key");
    assertThat(a.body().get("errors").get(0).get("message").asText()).contains(reason);
  }

  @Test
  void idempotencyKeysAreScopedPerUser() {
    String key = UUID.randomUUID().toString();
    Answer alice = post("/api/plans", "alice", plan("QQQ"), key);
    Answer bob = post("/api/plans", "bob", plan("QQQ"), key);
    assertThat(alice.status()).isEqualTo(201);
    assertThat(bob.status()).isEqualTo(201);
    assertThat(bob.body().get("id").asText()).isNotEqualTo(alice.body().get("id").asText());
  }

  @Test
  void validateAnswersValidOrEveryInvalidField() {
    Answer ok = post("/api/plans/validate", "alice", plan("QQQ"));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.body().get("valid").asBoolean()).isTrue();
    Answer bad =
        post(
            "/api/plans/validate",
            "alice",
            """
            {"symbol":"QQQ","side":"LONG","quantity":100,
             "entry":{"condition":"ABOVE","price":"101.00"},
             "stops":[{"price":"101.50"}], "targets":[{"price":"100.00"}]}""");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(fields(bad.body())).contains("stops[0].price", "targets[0].price");
  }

  @Test
  void updateNeedsTheCurrentVersion() {
    String id = createPlan("alice", "QQQ");
    String changed = plan("QQQ").replace("\"101.00\"", "\"101.50\"");
    Answer noIfMatch = call("PUT", "/api/plans/" + id, token("alice"), changed, Map.of());
    assertThat(noIfMatch.status()).isEqualTo(428);
    Answer ok =
        call("PUT", "/api/plans/" + id, token("alice"), changed, Map.of("If-Match", "\"0\""));
    assertThat(ok.status()).as("%s", ok.body()).isEqualTo(200);
    assertThat(ok.body().get("entry").get("price").asText()).isEqualTo("101.50");
    assertThat(ok.body().get("version").asLong()).isEqualTo(1);
    Answer stale =
        call("PUT", "/api/plans/" + id, token("alice"), changed, Map.of("If-Match", "\"0\""));
    assertThat(stale.status()).isEqualTo(409);
    Answer invalid =
        call(
            "PUT",
            "/api/plans/" + id,
            token("alice"),
            plan("QQQ").replace("\"99.00\"", "\"-1\""),
            Map.of("If-Match", "1"));
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(fields(invalid.body())).contains("stops[0].price");
  }

  @Test
  void activateIsIdempotentAndCancelEndsThePlan() {
    String id = createPlan("alice", "XLF");
    String key = UUID.randomUUID().toString();
    Answer first = post("/api/plans/" + id + "/activate", "alice", null, key);
    Answer retry = post("/api/plans/" + id + "/activate", "alice", null, key);
    assertThat(first.status()).as("%s", first.body()).isEqualTo(200);
    assertThat(first.body().get("status").asText()).isEqualTo("ACTIVE");
    assertThat(retry.raw().body()).isEqualTo(first.raw().body());
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");

    Answer again = post("/api/plans/" + id + "/activate", "alice", null);
    assertThat(again.status()).isEqualTo(409);

    Answer cancel = post("/api/plans/" + id + "/cancel", "alice", null);
    assertThat(cancel.status()).isEqualTo(200);
    assertThat(cancel.body().get("status").asText()).isEqualTo("CANCELLED");

    Answer detail = get("/api/plans/" + id, "alice");
    assertThat(detail.status()).isEqualTo(200);
    List<String> statuses = new ArrayList<>();
    detail
        .body()
        .get("history")
        .forEach(
            h -> {
              if ("STATUS".equals(h.get("type").asText())) {
                statuses.add(h.get("orderStatus").asText());
              }
            });
    assertThat(statuses).contains("ACTIVE", "CANCELLED");
  }

  @Test
  void flattenOfAPlanWithoutAPositionIsRefusedAndAKeyedRetryGetsTheSameRefusal() {
    String id = createPlan("alice", "XLE");
    String key = UUID.randomUUID().toString();
    Answer first = post("/api/plans/" + id + "/flatten", "alice", null, key);
    Answer retry = post("/api/plans/" + id + "/flatten", "alice", null, key);
    assertThat(first.status()).isEqualTo(409);
    assertThat(first.body().get("type").asText()).endsWith("refused");
    assertThat(retry.status()).isEqualTo(409);
    assertThat(retry.raw().body()).isEqualTo(first.raw().body());
  }

  @Test
  void listFiltersByStatusAndSymbol() {
    String id = createPlan("alice", "SMH");
    post("/api/plans/" + id + "/activate", "alice", null);
    Answer active = get("/api/plans?status=ACTIVE&symbol=SMH", "alice");
    assertThat(active.status()).isEqualTo(200);
    assertThat(active.body().findValuesAsText("id")).contains(id);
    Answer drafts = get("/api/plans?status=DRAFT&symbol=SMH", "alice");
    assertThat(drafts.body().findValuesAsText("id")).doesNotContain(id);
    Answer bad = get("/api/plans?status=SLEEPING", "alice");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(fields(bad.body())).containsExactly("status");
    assertThat(get("/api/plans?symbol=%3Cscript%3E", "alice").status()).isEqualTo(400);
  }

  @Test
  void getOrdersAndHistoryOfAPlan() {
    String id = createPlan("alice", "QQQ");
    Answer detail = get("/api/plans/" + id, "alice");
    assertThat(detail.status()).isEqualTo(200);
    assertThat(detail.body().get("plan").get("id").asText()).isEqualTo(id);
    assertThat(detail.body().get("history").isArray()).isTrue();
    assertThat(detail.header("ETag")).isEqualTo("\"0\"");
    Answer orders = get("/api/plans/" + id + "/orders", "alice");
    assertThat(orders.status()).isEqualTo(200);
    assertThat(orders.body().get("orders").isArray()).isTrue();
    assertThat(orders.body().get("fills").isArray()).isTrue();
    assertThat(get("/api/plans/" + id + "/history", "alice").status()).isEqualTo(200);
    assertThat(get("/api/plans/no-such-plan", "alice").status()).isEqualTo(404);
  }

  static Stream<Arguments> planEndpoints() {
    return Stream.of(
        Arguments.of("GET", "/api/plans/%s", null),
        Arguments.of("GET", "/api/plans/%s/history", null),
        Arguments.of("GET", "/api/plans/%s/orders", null),
        Arguments.of("PUT", "/api/plans/%s", plan("QQQ")),
        Arguments.of("POST", "/api/plans/%s/activate", null),
        Arguments.of("POST", "/api/plans/%s/cancel", null),
        Arguments.of("POST", "/api/plans/%s/flatten", null));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("planEndpoints")
  void anotherTradersPlanIsNotFound(String method, String path, String body) {
    String alicePlan = createPlan("alice", "QQQ");
    Answer a = call(method, path.formatted(alicePlan), token("bob"), body, Map.of("If-Match", "0"));
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.body().get("detail").asText()).isEqualTo("no such plan");
    // and nothing changed for alice
    Answer mine = get("/api/plans/" + alicePlan, "alice");
    assertThat(mine.body().get("plan").get("status").asText()).isEqualTo("DRAFT");
    assertThat(mine.body().get("plan").get("version").asLong()).isZero();
    assertThat(get("/api/plans", "bob").body().findValuesAsText("id")).doesNotContain(alicePlan);
  }

  static Stream<Arguments> everyEndpoint() {
    return Stream.of(
        Arguments.of("GET", "/api/plans"),
        Arguments.of("POST", "/api/plans"),
        Arguments.of("POST", "/api/plans/validate"),
        Arguments.of("GET", "/api/plans/x"),
        Arguments.of("PUT", "/api/plans/x"),
        Arguments.of("GET", "/api/plans/x/history"),
        Arguments.of("GET", "/api/plans/x/orders"),
        Arguments.of("POST", "/api/plans/x/activate"),
        Arguments.of("POST", "/api/plans/x/cancel"),
        Arguments.of("POST", "/api/plans/x/flatten"),
        Arguments.of("GET", "/api/trades/positions"),
        Arguments.of("GET", "/api/trades/pnl"),
        Arguments.of("GET", "/api/market/prices"),
        Arguments.of("GET", "/api/market/prices/QQQ"),
        Arguments.of("GET", "/api/ops/users"),
        Arguments.of("POST", "/api/ops/users"),
        Arguments.of("GET", "/api/ops/audit"),
        Arguments.of("GET", "/api/ops/platform"),
        Arguments.of("GET", "/api/auth/me"),
        Arguments.of("POST", "/api/auth/logout"),
        Arguments.of("GET", "/actuator/prometheus"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyEndpoint")
  void withoutATokenEveryEndpointAnswers401(String method, String path) {
    Answer a = call(method, path, null, method.equals("GET") ? null : "{}", Map.of());
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.header("WWW-Authenticate")).isEqualTo("Bearer");
    Answer forged = call(method, path, "forged-token", null, Map.of());
    assertThat(forged.status()).isEqualTo(401);
  }

  static Stream<Arguments> traderEndpoints() {
    return Stream.of(
        Arguments.of("GET", "/api/plans"),
        Arguments.of("POST", "/api/plans"),
        Arguments.of("POST", "/api/plans/validate"),
        Arguments.of("GET", "/api/plans/x"),
        Arguments.of("POST", "/api/plans/x/activate"),
        Arguments.of("POST", "/api/plans/x/flatten"),
        Arguments.of("GET", "/api/trades/positions"),
        Arguments.of("GET", "/api/trades/pnl"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("traderEndpoints")
  void nonTradersAreForbiddenFromTraderEndpoints(String method, String path) {
    for (String user : List.of("ana", "sam", "oscar")) {
      Answer a =
          call(method, path, token(user), method.equals("GET") ? null : plan("QQQ"), Map.of());
      assertThat(a.status()).as(user).isEqualTo(403);
      assertThat(a.body().get("type").asText()).endsWith("forbidden");
    }
  }

  @Test
  void tradersAreForbiddenFromOperatorEndpoints() {
    assertThat(get("/api/ops/users", "alice").status()).isEqualTo(403);
    assertThat(get("/api/ops/audit", "alice").status()).isEqualTo(403);
    assertThat(get("/actuator/prometheus", "alice").status()).isEqualTo(403);
  }

  @Test
  void positionsPnlAndPricesAnswerForTheCaller() {
    Answer positions = get("/api/trades/positions", "bob");
    assertThat(positions.status()).isEqualTo(200);
    assertThat(positions.body().isArray()).isTrue();
    Answer pnl = get("/api/trades/pnl", "bob");
    assertThat(pnl.status()).isEqualTo(200);
    assertThat(pnl.body().get("owner").asText()).isEqualTo("bob");
    assertThat(pnl.body().get("realizedPnl").asText()).matches("-?\\d+\\.\\d{2}");
    platform.embeddedGateway().publishTick("TLT", "91.25");
    Answer prices = get("/api/market/prices", "ana");
    assertThat(prices.status()).isEqualTo(200);
    assertThat(get("/api/market/prices/NOPE", "ana").status()).isEqualTo(404);
  }
}
