package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.gateway.PaperGateway;
import com.tradeplan.testkit.Await;
import com.tradeplan.testkit.process.JavaProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.messaging.simp.stomp.StompSession;

/**
 * End to end through a real server process ({@code java -cp target/lib/* ...Main up}) and a real
 * HTTP and STOMP client: a trader logs in, creates and activates a plan, and watches over the
 * WebSocket as the paper gateway's ticks (published by this test: the server is pointed at it with
 * IB_HOST/IB_PORT) trigger the entry, fill it, and a target and the stop close it. The history
 * names the rule of each decision. A second connection resumes after a sequence number. The server
 * runs with {@code LOG_FORMAT=json}: the line of the order a flatten caused is a JSON object with
 * the request's id.
 */
class EndToEndProcessIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration STEP = Duration.ofSeconds(30);

  private static PaperGateway gateway;
  private static JavaProcess server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    gateway = new PaperGateway(new GatewayConfig()).start();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path data = Files.createTempDirectory("tradeplan-e2e");
    server =
        JavaProcess.builder("e2e-server", "com.tradeplan.server.Main")
            .classpath(Path.of("target", "lib").toAbsolutePath() + "/*")
            .jvmArgs("-Xmx768m")
            .args("up")
            .directory(data)
            .mergeStderr()
            .env("SERVER_PORT", Integer.toString(port))
            .env("TRADEPLAN_DATA_DIR", data.resolve("data").toString())
            .env("TRADEPLAN_DEMO", "1")
            .env("IB_HOST", "127.0.0.1")
            .env("IB_PORT", Integer.toString(gateway.port()))
            .env("IB_CLIENT_ID", "7")
            .env("IB_ACCOUNT", "DU1234567")
            .env("LOG_FORMAT", "json")
            .withoutEnv("MONGODB_URI")
            .start();
    server.awaitLine(
        Duration.ofSeconds(90), "'Tradeplan is up'", l -> l.contains("Tradeplan is up"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (server != null) {
        // SIGTERM: Spring closes, the platform drains and flushes
        boolean exited = server.stop(Duration.ofSeconds(60));
        assertThat(exited).as("server exits on SIGTERM\n%s", server.describe()).isTrue();
      }
    } finally {
      if (server != null) {
        server.close();
      }
      if (gateway != null) {
        gateway.stop();
      }
    }
  }

  private static JsonNode http(String method, String path, String token, String body)
      throws Exception {
    return http(method, path, token, body, null);
  }

  private static JsonNode http(
      String method, String path, String token, String body, String requestId) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (requestId != null) {
      b.header("X-Request-Id", requestId);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isBetween(200, 299);
    return JSON.readTree(r.body());
  }

  /**
   * alice's fresh token, once an operator linked her to the gateway's account (against an IB login
   * other than the embedded gateway an operator links each trader).
   */
  private static String aliceLinkedToTheGateway() throws Exception {
    String token = demoLogin("alice");
    String operator = demoLogin("oscar");
    http(
        "PUT",
        "/api/ops/users/alice/account",
        operator,
        "{\"account\":\"" + gateway.account() + "\"}");
    return token;
  }

  /** A fresh token of the demo user {@code user}. */
  private static String demoLogin(String user) throws Exception {
    return http(
            "POST",
            "/api/auth/login",
            null,
            "{\"username\":\"" + user + "\",\"password\":\"" + user + "-demo-password\"}")
        .get("token")
        .asText();
  }

  /**
   * Publishes {@code price} on QQQ, again every 300 ms, until an update of the plan satisfies
   * {@code until}; returns that update. Every message seen is kept in {@code seen}.
   */
  private static JsonNode tickUntil(
      String price,
      String planId,
      BlockingQueue<JsonNode> updates,
      List<JsonNode> seen,
      Predicate<JsonNode> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + STEP.toNanos();
    while (System.nanoTime() < deadline) {
      gateway.publishTick("QQQ", price);
      for (JsonNode m = updates.poll(300, TimeUnit.MILLISECONDS);
          m != null;
          m = updates.poll(50, TimeUnit.MILLISECONDS)) {
        seen.add(m);
        if ("update".equals(m.path("type").asText())
            && planId.equals(m.path("planId").asText())
            && m.hasNonNull("plan")
            && until.test(m.get("plan"))) {
          return m;
        }
      }
    }
    throw new AssertionError("no update satisfied the condition at " + price + "; saw " + seen);
  }

  @Test
  void aTraderRunsAPlanThroughItsWholeLifeOverHttpAndWebSocket() throws Exception {
    String token = aliceLinkedToTheGateway();
    BlockingQueue<JsonNode> updates = new LinkedBlockingQueue<>();
    List<JsonNode> seen = new ArrayList<>();
    StompSession ws = LiveFeed.subscribe(port, token, null, updates);
    JsonNode first = updates.poll(10, TimeUnit.SECONDS);
    assertThat(first).as("a fresh subscription starts with a snapshot").isNotNull();
    assertThat(first.get("type").asText()).isEqualTo("snapshot");

    JsonNode plan =
        http(
            "POST",
            "/api/plans",
            token,
            """
            {"symbol":"QQQ","side":"LONG","quantity":100,
             "entry":{"condition":"ABOVE","price":"101.00"},
             "stops":[{"price":"99.00"}],
             "targets":[{"price":"103.00","quantity":50}]}""");
    String id = plan.get("id").asText();
    gateway.publishTick("QQQ", "100.50");
    assertThat(http("POST", "/api/plans/" + id + "/activate", token, null).get("status").asText())
        .isEqualTo("ACTIVE");

    JsonNode entered =
        tickUntil("101.05", id, updates, seen, p -> p.get("position").asLong() == 100);
    assertThat(entered.get("plan").get("tradeStatus").asText()).isEqualTo("LIVE");
    JsonNode partlyOut =
        tickUntil("103.00", id, updates, seen, p -> p.get("position").asLong() == 50);
    assertThat(partlyOut.get("plan").get("realizedPnl").asText()).isNotEqualTo("0.00");
    JsonNode closed =
        tickUntil("99.00", id, updates, seen, p -> "INACTIVE".equals(p.get("status").asText()));
    assertThat(closed.get("plan").get("tradeStatus").asText()).isEqualTo("CLOSED");
    assertThat(closed.get("plan").get("position").asLong()).isZero();

    // the STATUS event of the close may follow the fill whose view already shows it
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < drainUntil
        && seen.stream()
            .noneMatch(
                m ->
                    m.path("event").path("type").asText().equals("STATUS")
                        && m.path("event").path("orderStatus").asText().equals("INACTIVE"))) {
      JsonNode m = updates.poll(200, TimeUnit.MILLISECONDS);
      if (m != null) {
        seen.add(m);
      }
    }
    // over the WebSocket: every status change and every fill, in sequence order without gaps
    List<Long> sequences = new ArrayList<>();
    List<String> statuses = new ArrayList<>();
    int fills = 0;
    for (JsonNode m : seen) {
      if (!"update".equals(m.path("type").asText())) {
        continue;
      }
      sequences.add(m.get("sequence").asLong());
      JsonNode e = m.get("event");
      if (e != null && "STATUS".equals(e.get("type").asText())) {
        statuses.add(e.get("orderStatus").asText());
      }
      if (e != null && "FILL".equals(e.get("type").asText())) {
        fills++;
      }
    }
    for (int i = 1; i < sequences.size(); i++) {
      assertThat(sequences.get(i)).as("sequence %s", sequences).isGreaterThan(sequences.get(i - 1));
    }
    assertThat(statuses)
        .contains("ENTRY_SUBMITTED", "CONTINGENT_ACTIVE", "CONTINGENT_SUBMITTED", "INACTIVE");
    assertThat(fills).isGreaterThanOrEqualTo(3);

    // the history: each decision with the rule that made it
    JsonNode detail = http("GET", "/api/plans/" + id, token, null);
    List<String> orderRules = new ArrayList<>();
    for (JsonNode h : detail.get("history")) {
      if ("ORDER".equals(h.get("type").asText())) {
        assertThat(h.hasNonNull("rule")).as("ORDER event names its rule: %s", h).isTrue();
        orderRules.add(h.get("role").asText() + ":" + h.get("rule").asText());
      }
    }
    assertThat(orderRules).hasSizeGreaterThanOrEqualTo(3);
    assertThat(http("GET", "/api/plans/" + id + "/orders", token, null).get("fills").size())
        .isGreaterThanOrEqualTo(3);
    assertThat(http("GET", "/api/trades/pnl", token, null).get("plans").size()).isPositive();
    ws.disconnect();

    // resume: a new connection after sequence s gets s+1 next, nothing missed
    long resumeAfter = sequences.get(0);
    BlockingQueue<JsonNode> resumed = new LinkedBlockingQueue<>();
    StompSession again = LiveFeed.subscribe(port, token, resumeAfter, resumed);
    JsonNode next = resumed.poll(10, TimeUnit.SECONDS);
    assertThat(next).isNotNull();
    assertThat(next.get("type").asText()).isEqualTo("update");
    assertThat(next.get("sequence").asLong()).isEqualTo(resumeAfter + 1);
    again.disconnect();
  }

  @Test
  void theServerLogsJsonLinesAndTheLineOfTheOrderAFlattenCausedNamesItsRequest() throws Exception {
    String token = aliceLinkedToTheGateway();
    String id =
        http(
                "POST",
                "/api/plans",
                token,
                """
                {"symbol":"IWM","side":"LONG","quantity":100,
                 "entry":{"condition":"ABOVE","price":"101.00"},
                 "stops":[{"price":"99.00"}],
                 "targets":[{"price":"103.00","quantity":50}]}""")
            .get("id")
            .asText();
    gateway.publishTick("IWM", "100.50");
    http("POST", "/api/plans/" + id + "/activate", token, null);
    Await.until(
        STEP,
        Duration.ofMillis(300),
        () -> {
          gateway.publishTick("IWM", "101.05");
          try {
            return http("GET", "/api/plans/" + id, token, null)
                    .path("plan")
                    .path("position")
                    .asLong()
                == 100;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        () -> "the entry of " + id + " filled");

    http("POST", "/api/plans/" + id + "/flatten", token, null, "e2e-flatten-1");

    JavaProcess.Line line =
        server.awaitLine(
            STEP,
            "the JSON line of the flatten's order",
            l -> l.startsWith("{") && l.contains("flatten of plan " + id + " caused"));
    JsonNode json = JSON.readTree(line.text());
    assertThat(json.get("requestId").asText()).isEqualTo("e2e-flatten-1");
    assertThat(json.get("user").asText()).isEqualTo("alice");
    assertThat(json.get("plan").asText()).isEqualTo(id);
    assertThat(json.hasNonNull("orderRef")).as("%s", json).isTrue();
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger_name").asText()).isEqualTo("com.tradeplan.runtime.PlanCommands");
    assertThat(json.hasNonNull("@timestamp")).as("%s", json).isTrue();
    assertThat(json.hasNonNull("thread_name")).as("%s", json).isTrue();
    // every log line is a JSON object (the startup report is printed, not logged:
    // docs/operations.md)
    int logLines = 0;
    for (String text : server.texts()) {
      if (text.startsWith("{")) {
        assertThat(JSON.readTree(text).hasNonNull("message")).as(text).isTrue();
        logLines++;
      }
    }
    assertThat(logLines).isGreaterThan(1);
  }
}
