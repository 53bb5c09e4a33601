package com.tradeplan.server.client;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Map;
import java.util.Optional;

/**
 * The API of a running server as a command line calls it: the server is {@code --server URL}, else
 * {@code TRADEPLAN_URL}, else {@value #DEFAULT_URL}; the caller is {@code TRADEPLAN_TOKEN} (a
 * bearer token) or {@code TRADEPLAN_USER} and {@code TRADEPLAN_PASSWORD} (a login), from the
 * environment only. Each request is sent once, never retried; a server that cannot be reached is an
 * {@link IOException} (the commands exit 3), an answer that is not 2xx is an {@link Answer} whose
 * {@link Answer#problem} the command prints.
 */
public final class ServerApi {
  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  /** How long connecting and a login may take. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final String server;
  private final String token;
  private final Duration requestTimeout;

  private ServerApi(HttpClient http, String server, String token, Duration requestTimeout) {
    this.http = http;
    this.server = server;
    this.token = token;
    this.requestTimeout = requestTimeout;
  }

  /**
   * One answer of the server.
   *
   * @param body the body read as JSON, null when empty or not JSON
   * @param text the body as sent
   */
  public record Answer(int status, JsonNode body, String text) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /**
     * What the server said went wrong, for a person: the problem's {@code detail} (RFC 7807), else
     * a refusal's {@code reason}, else the body as sent; with the status.
     */
    public String problem() {
      String said = text.isBlank() ? "(no body)" : text.strip();
      if (body != null && body.hasNonNull("detail")) {
        said = body.get("detail").asText();
      } else if (body != null && body.hasNonNull("reason")) {
        said = body.get("reason").asText();
      }
      return "the server answered " + status + ": " + said;
    }
  }

  /**
   * The server to call: {@code option} when given, else {@code TRADEPLAN_URL}, else the default.
   */
  public static String serverUrl(String option, Map<String, String> env) {
    String url = option != null ? option : env.getOrDefault("TRADEPLAN_URL", DEFAULT_URL);
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * A connection to {@code server} as the caller of {@code env}: their token, or a login. Empty,
   * with the reason printed to {@code err}, when there are no credentials or the login is refused.
   *
   * @param requestTimeout how long one request may take (a rule-set deploy waits for every member)
   * @throws IOException when the server cannot be reached
   * @throws IllegalArgumentException when {@code server} is not a URL
   */
  public static Optional<ServerApi> connect(
      String server, Map<String, String> env, Duration requestTimeout, PrintStream err)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    String token = env.get("TRADEPLAN_TOKEN");
    if (token != null && !token.isBlank()) {
      return Optional.of(new ServerApi(http, server, token.strip(), requestTimeout));
    }
    String user = env.get("TRADEPLAN_USER");
    String password = env.get("TRADEPLAN_PASSWORD");
    if (user == null || password == null) {
      err.println("set TRADEPLAN_TOKEN, or TRADEPLAN_USER and TRADEPLAN_PASSWORD");
      return Optional.empty();
    }
    ObjectNode login = JSON.createObjectNode().put("username", user).put("password", password);
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(server + "/api/auth/login"))
                .timeout(CONNECT_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(login)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      err.println("login refused (" + answer.statusCode() + ")");
      return Optional.empty();
    }
    return Optional.of(
        new ServerApi(
            http, server, JSON.readTree(answer.body()).get("token").asText(), requestTimeout));
  }

  /** The server called, for messages. */
  public String server() {
    return server;
  }

  /** {@code GET path} (path from the server's root: {@code /api/...}). */
  public Answer get(String path) throws IOException, InterruptedException {
    return send(request(path).GET());
  }

  /** {@code POST path} with {@code body} as JSON, or with no body when null. */
  public Answer post(String path, JsonNode body) throws IOException, InterruptedException {
    HttpRequest.Builder r = request(path);
    return send(
        body == null
            ? r.POST(HttpRequest.BodyPublishers.noBody())
            : r.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server + path))
        .timeout(requestTimeout)
        .header("Authorization", "Bearer " + token);
  }

  private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), json(r), r.body());
  }

  private static JsonNode json(HttpResponse<String> r) {
    boolean isJson = r.headers().firstValue("Content-Type").orElse("").contains("json");
    if (!isJson || r.body().isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(r.body());
    } catch (JsonProcessingException e) {
      return null; // said to be JSON but is not: the caller prints the text as sent
    }
  }
}
