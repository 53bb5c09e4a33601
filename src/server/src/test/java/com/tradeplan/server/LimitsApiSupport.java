package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What the end-to-end tests of the risk limits share (issue 14, "Tests that must exist"): a fresh
 * trader linked to a paper account, their USER layer stored through the limits API, plans created
 * and activated through the plans API, ticks published on the shared server's paper gateway while
 * waiting (the gateway fills a market order at the next tick), and the refusal read back through
 * the API: the plan's end reason and the DENY event of its history. Each test uses symbols of its
 * own, so that only its ticks move them.
 */
abstract class LimitsApiSupport extends ServerTestBase {
  /** The paper account the traders made here trade (bob's: no ACCOUNT layer is set on it). */
  static final String ACCOUNT = "DU7654321";

  private final Map<String, Long> versions = new ConcurrentHashMap<>();

  /** A fresh trader, linked to {@link #ACCOUNT} by the operator: their name and token. */
  record Trader(String name, String token) {}

  Trader linkedTrader(String prefix) {
    String name = prefix + "-" + System.nanoTime();
    String token = newTrader(name);
    Answer linked =
        call(
            "PUT",
            "/api/ops/users/" + name + "/account",
            token("oscar"),
            "{\"account\":\"" + ACCOUNT + "\"}",
            Map.of());
    assertThat(linked.status()).as("link %s: %s", name, linked.body()).isEqualTo(200);
    return new Trader(name, token);
  }

  /** The operator stores {@code limits} (a JSON object) as the trader's USER layer. */
  void setUserLimits(Trader t, String limits) {
    long expected = versions.getOrDefault(t.name(), 0L);
    Answer saved =
        call(
            "PUT",
            "/api/risk/limits/user/" + t.name(),
            token("oscar"),
            "{\"limits\":" + limits + ",\"expectedVersion\":" + expected + ",\"why\":\"e2e\"}",
            Map.of());
    assertThat(saved.status()).as("limits of %s: %s", t.name(), saved.body()).isEqualTo(200);
    versions.put(t.name(), saved.body().get("version").asLong());
  }

  /** A LONG plan entering above {@code entry} at market, its stop at {@code stop}, no target. */
  static String longPlan(String symbol, long quantity, String entry, String stop) {
    return longPlan(symbol, quantity, entry, stop, "");
  }

  /** As {@link #longPlan(String, long, String, String)}, with more fields of its entry. */
  static String longPlan(String symbol, long quantity, String entry, String stop, String more) {
    return """
        {"symbol":"%s","side":"LONG","quantity":%d,
         "entry":{"condition":"ABOVE","price":"%s"%s},
         "stops":[{"price":"%s"}],
         "targets":[{"price":"150.00","quantity":%d}]}"""
        .formatted(symbol, quantity, entry, more, stop, quantity);
  }

  /** Creates {@code json} for the trader and activates it; answers its id. */
  String activate(Trader t, String json) {
    Answer created = call("POST", "/api/plans", t.token(), json, Map.of());
    assertThat(created.status()).as("create: %s", created.body()).isEqualTo(201);
    String id = created.body().get("id").asText();
    Answer active = call("POST", "/api/plans/" + id + "/activate", t.token(), null, Map.of());
    assertThat(active.status()).as("activate: %s", active.body()).isEqualTo(200);
    return id;
  }

  JsonNode plan(Trader t, String id) {
    return call("GET", "/api/plans/" + id, t.token(), null, Map.of()).body().get("plan");
  }

  /** The plan's history through the API, oldest first. */
  List<JsonNode> history(Trader t, String id) {
    Answer a = call("GET", "/api/plans/" + id + "/history", t.token(), null, Map.of());
    assertThat(a.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    a.body().forEach(out::add);
    return out;
  }

  /** Publishes {@code last} on {@code symbol} every 100 ms until the plan is as {@code until}. */
  JsonNode tickUntil(
      Trader t, String id, String symbol, String last, String what, Predicate<JsonNode> until) {
    return await(
        what,
        () -> {
          platform.embeddedGateway().publishTick(symbol, last);
          return plan(t, id);
        },
        until);
  }

  /** Ticks at {@code last} until the plan's entry filled: it holds {@code quantity}. */
  JsonNode awaitEntered(Trader t, String id, String symbol, String last, long quantity) {
    JsonNode p =
        tickUntil(
            t,
            id,
            symbol,
            last,
            id + " enters and fills",
            x -> x.get("position").asLong() == quantity || isEnded(x));
    assertThat(p.get("status").asText()).as("%s entered: %s", id, p).isEqualTo("CONTINGENT_ACTIVE");
    return p;
  }

  static boolean isEnded(JsonNode plan) {
    String s = plan.get("status").asText();
    return s.equals("CANCELLED") || s.equals("INACTIVE");
  }

  /**
   * Ticks at {@code last} until the plan's entry is refused; its end reason is {@code denied: } and
   * the reason, which its history's one DENY event carries too. Answers the reason.
   */
  String awaitDenied(Trader t, String id, String symbol, String last) {
    JsonNode p =
        tickUntil(
            t,
            id,
            symbol,
            last,
            id + " refused",
            x -> isEnded(x) || x.get("position").asLong() > 0); // ENTRY_SUBMITTED is on the way
    assertThat(p.get("status").asText()).as("%s refused: %s", id, p).isEqualTo("CANCELLED");
    String endReason = p.get("endReason").asText();
    assertThat(endReason).startsWith("denied: ");
    String reason = endReason.substring("denied: ".length());
    assertThat(await("the DENY in the history of " + id, () -> denials(t, id), d -> !d.isEmpty()))
        .as("one DENY in the history, with the reason")
        .containsExactly(reason);
    return reason;
  }

  /** The reasons of the DENY events of the plan's history. */
  List<String> denials(Trader t, String id) {
    return history(t, id).stream()
        .filter(e -> e.get("type").asText().equals("DENY"))
        .map(e -> e.get("reason").asText())
        .toList();
  }
}
