package com.tradeplan.server.killswitch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradeplan.server.client.ServerApi;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./tradeplan kill-switch engage|release|status}: the kill switch of a running server,
 * through its API (docs/kill-switch.md, README). The server and the caller are {@link ServerApi}'s:
 * {@code --server URL} or {@code TRADEPLAN_URL} (default {@code http://127.0.0.1:8080}); {@code
 * TRADEPLAN_TOKEN}, or {@code TRADEPLAN_USER} and {@code TRADEPLAN_PASSWORD}, from the environment
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
    String server = ServerApi.serverUrl(opts.get("--server"), env);
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
    try {
      Optional<ServerApi> api = ServerApi.connect(server, env, TIMEOUT, err);
      if (api.isEmpty()) {
        return 1;
      }
      String url = "/api/kill-switch" + (path == null ? "" : path);
      ServerApi.Answer answer = path == null ? api.get().get(url) : api.get().post(url, body);
      if (answer.status() != 200 || answer.body() == null) {
        err.println("the server answered " + answer.status() + ": " + answer.text());
        return 1;
      }
      print(answer.body(), out);
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      err.println("could not reach " + server + ": " + e.getMessage());
      return 3;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    }
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
