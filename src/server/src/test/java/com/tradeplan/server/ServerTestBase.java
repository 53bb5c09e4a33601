package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradeplan.runtime.Platform;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One real server for every API test class (the Spring context is shared): a real {@link Platform}
 * with its embedded store in a temporary directory and its embedded paper gateway on a free port,
 * the demo users with their demo passwords, and a real HTTP client. Tests use symbols the demo tick
 * file does not have (QQQ, IWM, ...) so that only the ticks they publish move them.
 */
@AutoConfigureObservability(tracing = false) // Boot's tests turn the Prometheus registry off
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tradeplan.env.TRADEPLAN_GATEWAY_PORT=0",
      // the demo pair, then accounts no demo user trades: one per test of an ACCOUNT layer
      "tradeplan.env.TRADEPLAN_GATEWAY_ACCOUNTS=DU1234567,DU7654321," + ServerTestBase.OWN_ACCOUNTS,
      "tradeplan.env.TRADEPLAN_DEMO=1",
      "tradeplan.env.TRADEPLAN_BROKER_READY_SECONDS=10",
      "tradeplan.security.bcrypt-strength=4",
      "tradeplan.security.login-per-minute=5",
      "tradeplan.security.login-per-minute-per-address=100000",
      "tradeplan.security.commands-per-second=1000",
      "tradeplan.security.commands-burst=1000",
      "tradeplan.security.max-body-bytes=65536",
      "tradeplan.websocket.revalidate-every=1s",
      // jobs on worker threads here (fast); their own JVMs are tested in ChildJvmJobsTest
      "tradeplan.analysis.isolation=thread"
    })
public abstract class ServerTestBase {
  /**
   * Paper accounts of the shared server's gateway that no demo user is linked to: a test of an
   * ACCOUNT layer takes one of its own, so that the account's figures are its traders' alone and
   * its limits bind no other test (docs/risk.md, "Tested end to end through the API").
   */
  static final String OWN_ACCOUNTS = "DU9100001,DU9100002,DU9100003,DU9100004,DU9100005,DU9100006";

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  @LocalServerPort int port;
  @Autowired Platform platform;

  /**
   * A fresh data directory for each server context: the classes that share one context (the same
   * configuration) share it, and a class with other settings gets a server with its own store.
   */
  @DynamicPropertySource
  static void dataDir(DynamicPropertyRegistry registry) throws IOException {
    Path dir = Files.createTempDirectory("tradeplan-server-test");
    registry.add("tradeplan.env.TRADEPLAN_DATA_DIR", dir::toString);
    Path gate = Files.createTempDirectory("tradeplan-scenario-gate");
    for (String file : SCENARIO_GATE) {
      Files.copy(SHIPPED_SCENARIOS.resolve(file), gate.resolve(file));
    }
    registry.add("TRADEPLAN_SCENARIOS_DIR", gate::toString);
    registry.add("TRADEPLAN_REFERENCE_DIR", () -> "../../rules/reference");
  }

  /**
   * The shipped scenarios a rule-set test runs here: three, for time (the whole suite is kjar's).
   */
  static final List<String> SCENARIO_GATE =
      List.of(
          "01-long-above-fixed-stop-hit.json",
          "04-short-below-target-hit.json",
          "10-trailing-stop-long.json");

  static final Path SHIPPED_SCENARIOS = Path.of("../../rules/scenarios");

  /** An HTTP answer with its body read as JSON (null when empty). */
  record Answer(int status, HttpResponse<String> raw, JsonNode body) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** The (cached, per server) token of a demo user. */
  String token(String user) {
    return TOKENS.computeIfAbsent(
        port + ":" + user,
        key -> {
          String u = key.substring(key.indexOf(':') + 1);
          Answer a = login(u, u + "-demo-password");
          assertThat(a.status()).as("login of %s: %s", u, a.body()).isEqualTo(200);
          return a.body().get("token").asText();
        });
  }

  /** The password of the users {@link #newTrader} creates. */
  static final String NEW_USER_PASSWORD = "a-long-password-1";

  /** Logs {@code username} in (no token cached): the answer as it comes. */
  Answer login(String username, String password) {
    return call(
        "POST",
        "/api/auth/login",
        null,
        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
        Map.of());
  }

  /**
   * The body of {@code POST /api/ops/users}: {@code username} with {@code password} as a TRADER.
   */
  static String newUserBody(String username, String password) {
    return "{\"username\":\""
        + username
        + "\",\"password\":\""
        + password
        + "\",\"roles\":[\"TRADER\"]}";
  }

  /** The operator oscar creates the trader {@code username} with {@code password}. */
  void createTrader(String username, String password) {
    Answer created = post("/api/ops/users", "oscar", newUserBody(username, password));
    assertThat(created.status()).as("user %s: %s", username, created.body()).isEqualTo(201);
  }

  /**
   * The operator oscar creates the trader {@code username} (password {@link #NEW_USER_PASSWORD});
   * answers a fresh token of it.
   */
  String newTrader(String username) {
    createTrader(username, NEW_USER_PASSWORD);
    Answer login = login(username, NEW_USER_PASSWORD);
    assertThat(login.status()).as("login of %s: %s", username, login.body()).isEqualTo(200);
    return login.body().get("token").asText();
  }

  /** {@code GET path} with {@code token}. */
  Answer getWithToken(String path, String token) {
    return call("GET", path, token, null, Map.of());
  }

  /** {@code POST path} with {@code token} and no body. */
  Answer postWithToken(String path, String token) {
    return call("POST", path, token, null, Map.of());
  }

  /** Creates {@link #plan} on {@code symbol} with {@code token}; answers its id. */
  String createPlanWithToken(String token, String symbol) {
    Answer a = call("POST", "/api/plans", token, plan(symbol), Map.of());
    assertThat(a.status()).as("create: %s", a.body()).isEqualTo(201);
    return a.body().get("id").asText();
  }

  /** Every item of the list at {@code path} and the pages it links to, read with {@code token}. */
  List<JsonNode> allPages(String path, String token) {
    List<JsonNode> out = new java.util.ArrayList<>();
    while (path != null) {
      Answer a = getWithToken(path, token);
      assertThat(a.status()).as("%s: %s", path, a.body()).isEqualTo(200);
      a.body().forEach(out::add);
      path = nextPage(a);
    }
    return out;
  }

  Answer call(String method, String path, String token, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      boolean isJson = r.headers().firstValue("Content-Type").orElse("").contains("json");
      JsonNode json = !isJson || r.body().isBlank() ? null : JSON.readTree(r.body());
      return new Answer(r.statusCode(), r, json);
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer get(String path, String user) {
    return call("GET", path, token(user), null, Map.of());
  }

  Answer post(String path, String user, String body) {
    return call("POST", path, token(user), body, Map.of());
  }

  Answer post(String path, String user, String body, String idempotencyKey) {
    return call("POST", path, token(user), body, Map.of("Idempotency-Key", idempotencyKey));
  }

  /** A valid LONG plan on {@code symbol}: entry above 101.00, stop 99.00, target 103.00 x 50. */
  static String plan(String symbol) {
    return """
        {"symbol":"%s","side":"LONG","quantity":100,
         "entry":{"condition":"ABOVE","price":"101.00"},
         "stops":[{"price":"99.00"}],
         "targets":[{"price":"103.00","quantity":50}]}"""
        .formatted(symbol);
  }

  /** Creates a plan for {@code user} and returns its id. */
  String createPlan(String user, String symbol) {
    Answer a = post("/api/plans", user, plan(symbol));
    assertThat(a.status()).as("create: %s", a.body()).isEqualTo(201);
    return a.body().get("id").asText();
  }

  /** Every plan of {@code user}, page after page. */
  int planCount(String user) {
    int count = 0;
    String path = "/api/plans?limit=500";
    while (path != null) {
      Answer a = get(path, user);
      assertThat(a.status()).isEqualTo(200);
      count += a.body().size();
      path = nextPage(a);
    }
    return count;
  }

  /** The path of the next page a list answer links to, or null after the last. */
  static String nextPage(Answer a) {
    String link = a.header("Link");
    if (link == null) {
      return null;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(link);
    return m.find() ? m.group(1) : null;
  }

  /** Reads until {@code until} holds, every 100 ms, for at most 10 s; the last read is answered. */
  static <T> T await(String what, Supplier<T> read, Predicate<T> until) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    T last = read.get();
    while (!until.test(last)) {
      assertThat(System.nanoTime())
          .as("timed out waiting: %s (last: %s)", what, last)
          .isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
      last = read.get();
    }
    return last;
  }
}
