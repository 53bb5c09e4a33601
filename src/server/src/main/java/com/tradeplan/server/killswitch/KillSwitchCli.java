package com.tradeplan.server.killswitch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ./tradeplan kill-switch engage|release|status}: the kill switch of a running server,
 * through its API (docs/kill-switch.md, README). The server is {@code --server URL} or {@code
 * TRADEPLAN_URL} (default {@code http://127.0.0.1:8080}); the caller is {@code TRADEPLAN_TOKEN} (a
 * bearer token) or {@code TRADEPLAN_USER} and {@code TRADEPLAN_PASSWORD}, from the environment
 * only, never an argument (arguments show in the process list and the shell's history).
 *
 * <p>Exit codes: 0 done, 1 the server refused or failed (its problem printed), 2 a usage error, 3
 * the server could not be reached. Nothing is retried: an operator presses again.
 */
public final class KillSwitchCli {
  static final String USAGE =
      "usage: ./tradeplan kill-switch engage|release|status [--scope global|account:X|user:Y]"
          + " [--flatten] [--reason WORDS] [--server URL]\n"
          + "  engage needs --scope and --reason; release needs --scope and --reason (the why);"
          + " status lists the engaged switches.\n"
          + "  Credentials: TRADEPLAN_TOKEN, or TRADEPLAN_USER and TRADEPLAN_PASSWORD.";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private KillSwitchCli() {}

  /** Runs one command; returns the exit code. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Map<String, String> opts = new HashMap<>();
    boolean flatten = false;
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--flatten" -> flatten = true;
        case "--scope", "--reason", "--server" -> {
          if (i + 1 >= args.length) {
            err.println(args[i] + " needs a value\n" + USAGE);
            return 2;
          }
          opts.put(args[i], args[++i]);
        }
        default -> {
          err.println("unknown option " + args[i] + "\n" + USAGE);
          return 2;
        }
      }
    }
    String server =
        opts.getOrDefault("--server", env.getOrDefault("TRADEPLAN_URL", "http://127.0.0.1:8080"));
    ObjectNode body = JSON.createObjectNode();
    String path; // after /api/kill-switch
    switch (args[0]) {
      case "status" -> path = null;
      case "engage", "release" -> {
        if (!opts.containsKey("--scope") || !opts.containsKey("--reason")) {
          err.println(args[0] + " needs --scope and --reason\n" + USAGE);
          return 2;
        }
        body.put("scope", opts.get("--scope"));
        body.put(args[0].equals("engage") ? "reason" : "why", opts.get("--reason"));
        if (args[0].equals("engage")) {
          body.put("flatten", flatten);
        }
        path = "/" + args[0];
      }
      default -> {
        err.println("unknown kill-switch command " + args[0] + "\n" + USAGE);
        return 2;
      }
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    try {
      String token = token(http, server, env, err);
      if (token == null) {
        return 1;
      }
      HttpRequest.Builder r =
          HttpRequest.newBuilder(
                  URI.create(server + "/api/kill-switch" + (path == null ? "" : path)))
              .timeout(TIMEOUT)
              .header("Authorization", "Bearer " + token);
      r =
          path == null
              ? r.GET()
              : r.header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      HttpResponse<String> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        err.println("the server answered " + answer.statusCode() + ": " + answer.body());
        return 1;
      }
      print(JSON.readTree(answer.body()), out);
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      err.println("could not reach " + server + ": " + e.getMessage());
      return 3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    }
  }

  /** The caller's bearer token: given, or from a login; null (printed why) when refused. */
  private static String token(
      HttpClient http, String server, Map<String, String> env, PrintStream err)
      throws IOException, InterruptedException {
    String token = env.get("TRADEPLAN_TOKEN");
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    String user = env.get("TRADEPLAN_USER");
    String password = env.get("TRADEPLAN_PASSWORD");
    if (user == null || password == null) {
      err.println("set TRADEPLAN_TOKEN, or TRADEPLAN_USER and TRADEPLAN_PASSWORD");
      return null;
    }
    ObjectNode login = JSON.createObjectNode().put("username", user).put("password", password);
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(server + "/api/auth/login"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(login)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      err.println("login refused (" + answer.statusCode() + ")");
      return null;
    }
    return JSON.readTree(answer.body()).get("token").asText();
  }

  private static void print(JsonNode state, PrintStream out) {
    JsonNode engaged = state.get("engaged");
    if (engaged == null || engaged.isEmpty()) {
      out.println("no kill switch engaged");
    }
    if (engaged != null) {
      for (JsonNode s : engaged) {
        out.printf(
            "ENGAGED %s %s \"%s\" by %s since %s%s%n",
            s.get("scope").asText(),
            s.get("reason").asText(),
            s.get("words").asText(),
            s.get("actor").asText(),
            s.get("since").asText(),
            s.get("flatten").asBoolean() ? " (flattened)" : "");
      }
    }
  }
}
