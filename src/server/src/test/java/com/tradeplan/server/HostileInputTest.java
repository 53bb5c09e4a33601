package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input: each request gets a clear 4xx problem and nothing is stored. The trader "bob" is
 * used so that "nothing stored" is his plan count before and after.
 */
class HostileInputTest extends ServerTestBase {

  private void refusedAndNothingStored(String body, int status) {
    int before = planCount("bob");
    Answer a = post("/api/plans", "bob", body);
    assertThat(a.status()).as("%s -> %s", body, a.raw().body()).isEqualTo(status);
    assertThat(a.header("Content-Type")).startsWith("application/problem+json");
    assertThat(a.body().get("status").asInt()).isEqualTo(status);
    assertThat(planCount("bob")).isEqualTo(before);
  }

  @Test
  void anOversizedBodyIs413() {
    String huge = plan("QQQ").replace("\"LONG\"", "\"" + "L".repeat(200_000) + "\"");
    refusedAndNothingStored(huge, 413);
  }

  static Stream<String> malformed() {
    return Stream.of(
        "{",
        "{\"symbol\":\"QQQ\",}",
        "not json",
        "[" + plan("QQQ") + "]",
        "\"a string\"",
        "null",
        "42",
        plan("QQQ") + " trailing",
        "{\"symbol\":\"QQQ\",\"symbol\":\"IWM\"}",
        "{\"quantity\":NaN}",
        "{\"quantity\":Infinity}",
        "{\"symbol\":\"QQQ\" /* comment */}");
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedJsonIs400(String body) {
    refusedAndNothingStored(body, 400);
  }

  static Stream<Arguments> wrongValues() {
    return Stream.of(
        Arguments.of("\"quantity\":100", "\"quantity\":\"100\"", "quantity"),
        Arguments.of("\"quantity\":100", "\"quantity\":-5", "quantity"),
        Arguments.of("\"quantity\":100", "\"quantity\":1.5", "quantity"),
        Arguments.of("\"quantity\":100", "\"quantity\":1e400", "quantity"),
        Arguments.of("\"quantity\":100", "\"quantity\":99999999999999999999999999", "quantity"),
        Arguments.of("\"quantity\":100", "\"quantity\":true", "quantity"),
        Arguments.of("\"101.00\"", "101.00", "entry.price"),
        Arguments.of("\"101.00\"", "\"NaN\"", "entry.price"),
        Arguments.of("\"101.00\"", "\"-101.00\"", "entry.price"),
        Arguments.of("\"101.00\"", "\"1e308\"", "entry.price"),
        Arguments.of("\"101.00\"", "\"9" + "9".repeat(300) + ".00\"", "entry.price"),
        Arguments.of("\"101.00\"", "{\"$gt\":\"\"}", "entry.price"),
        Arguments.of("\"stops\":[{\"price\":\"99.00\"}]", "\"stops\":\"99.00\"", "stops"),
        Arguments.of("\"stops\":[{\"price\":\"99.00\"}]", "\"stops\":[]", "stops"),
        Arguments.of("\"side\":\"LONG\"", "\"side\":[\"LONG\"]", "side"),
        Arguments.of("\"side\":\"LONG\"", "\"side\":\"LONG\",\"activateAt\":\"1\"", "activateAt"),
        Arguments.of("\"side\":\"LONG\"", "\"side\":\"LONG\",\"id\":\"mine\"", "id"),
        Arguments.of("\"side\":\"LONG\"", "\"side\":\"LONG\",\"owner\":\"alice\"", "owner"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("wrongValues")
  void wrongTypesAndNumbersAre422NamingTheField(String from, String to, String field) {
    String body =
        plan("QQQ")
            .replaceFirst(
                java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    assertThat(body).isNotEqualTo(plan("QQQ"));
    int before = planCount("bob");
    Answer a = post("/api/plans", "bob", body);
    assertThat(a.status()).as("%s", a.raw().body()).isEqualTo(422);
    assertThat(PlanApiTest.fields(a.body())).contains(field);
    assertThat(planCount("bob")).isEqualTo(before);
  }

  static final List<String> INJECTIONS =
      List.of(
          "QQQ'; DROP TABLE plans; --",
          "<script>alert(1)</script>",
          "{\"$ne\": null}",
          "../../etc/passwd",
          "${jndi:ldap://127.0.0.1/x}",
          "QQQ\u0000",
          "QQQ\r\nX-Injected: 1");

  @Test
  void injectionStringsInEveryTextFieldAre422ForEachField() {
    for (String evil : INJECTIONS) {
      String s = com.fasterxml.jackson.databind.node.TextNode.valueOf(evil).toString();
      String body =
          """
          {"symbol":%1$s,"secType":%1$s,"exchange":%1$s,"currency":%1$s,"side":%1$s,"quantity":100,
           "entry":{"condition":%1$s,"price":%1$s,"expiresAt":%1$s},
           "stops":[{"price":%1$s,"activateAt":%1$s}],
           "targets":[{"price":%1$s}],
           "trailingStop":{"distance":%1$s}}"""
              .formatted(s);
      int before = planCount("bob");
      Answer a = post("/api/plans", "bob", body);
      assertThat(a.status()).as("%s: %s", evil, a.raw().body()).isEqualTo(422);
      assertThat(PlanApiTest.fields(a.body()))
          .as(evil)
          .contains(
              "symbol",
              "secType",
              "exchange",
              "currency",
              "side",
              "entry.condition",
              "entry.price",
              "entry.expiresAt",
              "stops[0].price",
              "stops[0].activateAt",
              "targets[0].price",
              "trailingStop.distance");
      assertThat(planCount("bob")).isEqualTo(before);
      assertThat(a.header("X-Injected")).isNull();
    }
  }

  @Test
  void aBodyThatIsNotJsonContentIs415() {
    int before = planCount("bob");
    Answer a = call("POST", "/api/plans", token("bob"), null, Map.of("Content-Type", "text/plain"));
    assertThat(a.status()).isIn(400, 415);
    assertThat(planCount("bob")).isEqualTo(before);
  }

  @Test
  void hostilePathIdsAndLoginBodiesAreClear4xx() {
    assertThat(get("/api/plans/%27%20OR%201=1", "bob").status()).isEqualTo(404);
    assertThat(get("/api/plans/" + "a".repeat(500), "bob").status()).isEqualTo(404);
    Answer login =
        call(
            "POST",
            "/api/auth/login",
            null,
            "{\"username\":{\"$ne\":null},\"password\":\"x\"}",
            Map.of());
    assertThat(login.status()).isEqualTo(400);
    Answer extra =
        call(
            "POST",
            "/api/auth/login",
            null,
            "{\"username\":\"bob\",\"password\":\"bob-demo-password\",\"admin\":true}",
            Map.of());
    assertThat(extra.status()).isEqualTo(400);
    Answer empty = call("POST", "/api/auth/login", null, "{}", Map.of());
    assertThat(empty.status()).isEqualTo(422);
  }
}
