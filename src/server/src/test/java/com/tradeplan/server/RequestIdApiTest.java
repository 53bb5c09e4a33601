package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.tradeplan.runtime.LogContext;
import com.tradeplan.server.web.RequestIdFilter;
import com.tradeplan.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Request ids over real HTTP: taken from a well-formed {@code X-Request-Id} or made, answered in
 * the header and in every kind of problem, and found on the log line of the order a request caused.
 */
class RequestIdApiTest extends ServerTestBase {
  private final Logger commands =
      (Logger) LoggerFactory.getLogger("com.tradeplan.runtime.PlanCommands");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    commands.addAppender(lines);
  }

  @AfterEach
  void release() {
    commands.detachAppender(lines);
  }

  private Answer withId(String method, String path, String user, String body, String id) {
    return call(method, path, user == null ? null : token(user), body, Map.of("X-Request-Id", id));
  }

  @Test
  void aFlattenAnswersItsIdAndTheLineOfTheOrderItCausedCarriesIt() {
    String id = createPlan("alice", "XLU");
    platform.embeddedGateway().publishTick("XLU", "100.50");
    assertThat(post("/api/plans/" + id + "/activate", "alice", null).status()).isEqualTo(200);
    Await.until(
        Duration.ofSeconds(30),
        Duration.ofMillis(300),
        () -> {
          platform.embeddedGateway().publishTick("XLU", "101.05");
          return get("/api/plans/" + id, "alice").body().path("plan").path("position").asLong()
              == 100;
        },
        () -> "the entry of " + id + " filled: " + get("/api/plans/" + id, "alice").body());

    String requestId = "flatten-" + UUID.randomUUID();
    Answer flatten = withId("POST", "/api/plans/" + id + "/flatten", "alice", null, requestId);

    assertThat(flatten.status()).as("%s", flatten.body()).isEqualTo(200);
    assertThat(flatten.header(RequestIdFilter.HEADER)).isEqualTo(requestId);
    List<ILoggingEvent> caused =
        lines.list.stream()
            .filter(e -> e.getFormattedMessage().startsWith("flatten of plan " + id + " caused"))
            .toList();
    assertThat(caused).as("the flatten's order line").hasSize(1);
    Map<String, String> fields = caused.get(0).getMDCPropertyMap();
    assertThat(fields)
        .containsEntry(LogContext.REQUEST_ID, requestId)
        .containsEntry(LogContext.USER, "alice")
        .containsEntry(LogContext.PLAN, id)
        .containsKey(LogContext.ORDER_REF);
  }

  @Test
  void aProblemFromAControllerCarriesTheCallersId() {
    Answer a = withId("GET", "/api/plans/no-such-plan", "alice", null, "trace-404.a:b_c");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.header(RequestIdFilter.HEADER)).isEqualTo("trace-404.a:b_c");
    assertThat(a.body().get("requestId").asText()).isEqualTo("trace-404.a:b_c");
  }

  @Test
  void aProblemFromTheSecurityFiltersCarriesTheId() {
    Answer a = withId("GET", "/api/plans", null, null, "no-login-1");
    assertThat(a.status()).isEqualTo(401);
    assertThat(a.header(RequestIdFilter.HEADER)).isEqualTo("no-login-1");
    assertThat(a.body().get("requestId").asText()).isEqualTo("no-login-1");
  }

  @Test
  void aValidationProblemCarriesTheId() {
    Answer a = withId("POST", "/api/plans", "alice", "{\"symbol\":\"\"}", "bad-plan-1");
    assertThat(a.status()).isEqualTo(422);
    assertThat(a.body().get("requestId").asText()).isEqualTo("bad-plan-1");
  }

  @Test
  void anIdThatIsNotWellFormedOrTooLongIsReplacedByAFreshOne() {
    for (String bad : List.of("a b", "x".repeat(RequestIdFilter.MAX_LENGTH + 1), "a\"b", "")) {
      Answer a = withId("GET", "/api/plans/no-such-plan", "alice", null, bad);
      String given = a.header(RequestIdFilter.HEADER);
      assertThat(given).as("for %s", bad).isNotEqualTo(bad);
      assertThat(UUID.fromString(given)).isNotNull();
      assertThat(a.body().get("requestId").asText()).isEqualTo(given);
    }
    String longest = "y".repeat(RequestIdFilter.MAX_LENGTH);
    assertThat(withId("GET", "/api/plans", "alice", null, longest).header(RequestIdFilter.HEADER))
        .isEqualTo(longest);
  }

  @Test
  void aRequestWithoutAnIdGetsAFreshOneEachTime() {
    String first = get("/api/plans", "alice").header(RequestIdFilter.HEADER);
    String second = get("/api/plans", "alice").header(RequestIdFilter.HEADER);
    assertThat(UUID.fromString(first)).isNotEqualTo(UUID.fromString(second));
  }
}
