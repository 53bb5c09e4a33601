package com.tradeplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * own, so that only its ticks move them. The shapes every limit's test has are here once: entries
 * that just fit and the one refused ({@link #fitThenRefuse}), a loss limit a cent short and then
 * reached ({@link #lossLimitReached}: lowered to the loss already made, it also engages the
 * holder's kill switch at once, which the test checks and releases).
 */
abstract class LimitsApiSupport extends ServerTestBase {
  /** The paper account the traders made here trade (bob's: no ACCOUNT layer is set on it). */
  static final String ACCOUNT = "DU7654321";

  private final Map<String, Long> versions = new ConcurrentHashMap<>();

  /** A fresh trader, linked to {@link #ACCOUNT} by the operator: their name and token. */
  record Trader(String name, String token) {}

  Trader linkedTrader(String prefix) {
    return linkedTrader(prefix, ACCOUNT);
  }

  /** A fresh trader, linked to {@code account} by the operator. */
  Trader linkedTrader(String prefix, String account) {
    String name = prefix + "-" + System.nanoTime();
    String token = newTrader(name);
    Answer linked =
        call(
            "PUT",
            "/api/ops/users/" + name + "/account",
            token("oscar"),
            "{\"account\":\"" + account + "\"}",
            Map.of());
    assertThat(linked.status()).as("link %s: %s", name, linked.body()).isEqualTo(200);
    return new Trader(name, token);
  }

  /** A layer of limits: {@code scope} as the API writes it ({@code user}, {@code account}). */
  record Layer(String scope, String id) {
    static Layer user(Trader t) {
      return new Layer("user", t.name());
    }

    static Layer account(String account) {
      return new Layer("account", account);
    }
  }

  /** The operator stores {@code limits} (a JSON object) as the trader's USER layer. */
  void setUserLimits(Trader t, String limits) {
    setLimits(Layer.user(t), limits);
  }

  /** The operator stores {@code limits} (a JSON object) as {@code layer}, a new version of it. */
  void setLimits(Layer layer, String limits) {
    String key = layer.scope() + "/" + layer.id();
    long expected = versions.getOrDefault(key, 0L);
    Answer saved =
        call(
            "PUT",
            "/api/risk/limits/" + key,
            token("oscar"),
            "{\"limits\":" + limits + ",\"expectedVersion\":" + expected + ",\"why\":\"e2e\"}",
            Map.of());
    assertThat(saved.status()).as("limits of %s: %s", key, saved.body()).isEqualTo(200);
    versions.put(key, saved.body().get("version").asLong());
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

  /**
   * One entry of a limit's test: {@code trader}'s LONG plan on {@code symbol} for {@code quantity},
   * entering at market above 101.00 (stop 99.00), {@code more} fields of its entry added.
   */
  record Entry(Trader trader, String symbol, long quantity, String more) {
    static Entry of(Trader trader, String symbol, long quantity) {
      return new Entry(trader, symbol, quantity, "");
    }
  }

  /** A SHORT plan entering below {@code entry} at market, its stop at 103.00, target 50.00. */
  static String shortPlan(String symbol, long quantity, String entry) {
    return """
        {"symbol":"%s","side":"SHORT","quantity":%d,
         "entry":{"condition":"BELOW","price":"%s"},
         "stops":[{"price":"103.00"}],
         "targets":[{"price":"50.00","quantity":%d}]}"""
        .formatted(symbol, quantity, entry, quantity);
  }

  /**
   * The shape of an order rate's test, the rate set to 1 entry a second: {@code first} holds {@code
   * held}, a LONG of 10 on {@code symbol} with its stop at 99.00, and a SHORT entry of 10 below
   * 99.50 of each trader waits. One tick at 98.90 triggers both entries and the stop: the stop goes
   * and closes the trade, never refused (exits take no token); one entry fills and the other is
   * refused for {@code reason}, in its end reason and its history's one DENY.
   */
  void assertOneTickSendsTheStopAndOneEntryOnly(
      Trader first, Trader second, String held, String symbol, String reason) {
    Map<String, Trader> owners = new LinkedHashMap<>();
    owners.put(activate(first, shortPlan(symbol, 10, "99.50")), first);
    owners.put(activate(second, shortPlan(symbol, 10, "99.50")), second);
    JsonNode stopped =
        tickUntil(first, held, symbol, "98.90", held + " stopped out", LimitsApiSupport::isEnded);
    assertThat(stopped.get("status").asText()).as("the stop went").isEqualTo("INACTIVE");
    assertThat(stopped.get("position").asLong()).isZero();
    assertThat(denials(first, held)).as("no exit refused").isEmpty();

    JsonNode over = oneEntersTheOtherIsRefused(owners, symbol, "98.90");
    assertThat(over.get("endReason").asText()).isEqualTo("denied: " + reason);
    String overId = over.get("id").asText();
    assertThat(awaitDenials(owners.get(overId), overId)).containsExactly(reason);
  }

  /**
   * Ticks {@code symbol} at {@code last} until each of the plans of {@code owners} (plan id to its
   * trader) has entered its 10 shares or ended; asserts that one entered and one was refused, and
   * answers the refused plan.
   */
  private JsonNode oneEntersTheOtherIsRefused(
      Map<String, Trader> owners, String symbol, String last) {
    List<JsonNode> entered = new ArrayList<>();
    List<JsonNode> refused = new ArrayList<>();
    owners.forEach(
        (id, t) -> {
          JsonNode p =
              tickUntil(
                  t,
                  id,
                  symbol,
                  last,
                  id + " entered or refused",
                  x -> Math.abs(x.get("position").asLong()) == 10 || isEnded(x));
          (isEnded(p) ? refused : entered).add(p);
        });
    assertThat(entered).as("the entry that fits the rate").hasSize(1);
    assertThat(refused).as("the entry past it").hasSize(1);
    return refused.get(0);
  }

  /**
   * The shape of a limit's test: each of {@code fitting} is activated, enters and fills at 101.00
   * in turn (they just fit the limit); then {@code over} is activated and refused at the gate.
   * Answers the refusal (the plan's end reason, and its history's one DENY).
   */
  String fitThenRefuse(List<Entry> fitting, Entry over) {
    for (Entry e : fitting) {
      String id =
          activate(e.trader(), longPlan(e.symbol(), e.quantity(), "101.00", "99.00", e.more()));
      awaitEntered(e.trader(), id, e.symbol(), "101.00", e.quantity());
    }
    Trader t = over.trader();
    String id =
        activate(t, longPlan(over.symbol(), over.quantity(), "101.00", "99.00", over.more()));
    return awaitDenied(t, id, over.symbol(), "101.00");
  }

  /**
   * One trade of 100 shares entered at 101.00 and stopped out (stop 99.00, filled at 98.90): its
   * realized P&L after both commissions, as the plan reports it.
   */
  BigDecimal stoppedOutLoss(Trader t, String symbol) {
    String id = activate(t, longPlan(symbol, 100, "101.00", "99.00"));
    awaitEntered(t, id, symbol, "101.00", 100);
    JsonNode ended =
        tickUntil(
            t,
            id,
            symbol,
            "98.90",
            id + " stopped out, both commissions charged",
            p ->
                isEnded(p)
                    && new BigDecimal(p.get("commission").asText())
                            .compareTo(new BigDecimal("2.00"))
                        == 0);
    assertThat(ended.get("status").asText()).isEqualTo("INACTIVE");
    BigDecimal realized = new BigDecimal(ended.get("realizedPnl").asText());
    assertThat(realized).as("a loss").isNegative();
    return realized;
  }

  /**
   * A loss limit reached: the realized P&L its holder was refused at (negative) and the refusal.
   */
  record LossReached(BigDecimal realized, String refusal) {
    /** The limit as the refusal names it: the loss, a positive amount. */
    String limit() {
      return realized.negate().toPlainString();
    }

    /** The realized P&L as the refusal names it. */
    String figure() {
      return realized.stripTrailingZeros().toPlainString();
    }
  }

  /**
   * The shape of a loss limit's test ({@code field} of {@code layer}): {@code loser} is stopped out
   * on {@code lossSymbol}; with the limit at that loss plus 1.01, {@code next}'s entry of 10 on
   * {@code nextSymbol} goes and fills (its own commission of 1.00 is realized too: the loss is then
   * a cent short); with the limit lowered to the loss now reached, the holder's switch is engaged
   * at once and released by the operator ({@link #releaseTheSwitchOfALoweredLimit}), and next's
   * following entry is refused by the limit itself.
   */
  LossReached lossLimitReached(
      Layer layer, String field, Trader loser, Trader next, String lossSymbol, String nextSymbol) {
    BigDecimal realized = stoppedOutLoss(loser, lossSymbol);
    BigDecimal loss = realized.negate();
    setLimits(layer, "{\"" + field + "\":\"" + loss.add(new BigDecimal("1.01")) + "\"}");
    String fits = activate(next, longPlan(nextSymbol, 10, "101.00", "99.00"));
    awaitEntered(next, fits, nextSymbol, "101.00", 10);
    // now a cent from the limit; a limit at the loss exactly refuses the next entry
    realized = realized.subtract(entryCommission(next, fits));

    setLimits(layer, "{\"" + field + "\":\"" + realized.negate().toPlainString() + "\"}");
    releaseTheSwitchOfALoweredLimit(layer, field, realized);
    String over = activate(next, longPlan(nextSymbol, 10, "101.00", "99.00"));
    return new LossReached(realized, awaitDenied(next, over, nextSymbol, "101.00"));
  }

  /**
   * A loss limit ({@code field} of {@code layer}) just lowered to the loss already made ({@code
   * realized}) engages the holder's switch at once, no fill since, in words that say so; the
   * operator releases it, and the limit itself goes on refusing the holder's entries.
   */
  void releaseTheSwitchOfALoweredLimit(Layer layer, String field, BigDecimal realized) {
    String scope = layer.scope() + ":" + layer.id();
    boolean daily = "maxDailyLoss".equals(field);
    String reason = daily ? "DAILY_LOSS_LIMIT" : "CUMULATIVE_LOSS_LIMIT";
    JsonNode s = await("the switch of " + scope, () -> switchOf(scope), x -> x != null);
    assertThat(s.get("reason").asText()).isEqualTo(reason);
    assertThat(s.get("words").asText())
        .isEqualTo(
            loweredWords(daily, realized.negate().toPlainString(), realized.toPlainString()));
    Answer released =
        call(
            "POST",
            "/api/kill-switch/release",
            token("oscar"),
            "{\"scope\":\"" + scope + "\",\"why\":\"limit test\",\"reason\":\"" + reason + "\"}",
            Map.of());
    assertThat(released.status()).as("%s", released.body()).isEqualTo(200);
  }

  /** The switch's words for a loss limit lowered to {@code limit} under the loss {@code figure}. */
  static String loweredWords(boolean daily, String limit, String figure) {
    return "the "
        + (daily ? "daily" : "cumulative")
        + " loss limit was lowered to "
        + limit
        + ", under the loss already made (realized P&L "
        + (daily ? "of the day " : "over every recorded trade ")
        + new BigDecimal(figure).stripTrailingZeros().toPlainString()
        + ")";
  }

  /** The switch of {@code scope} as an operator sees it through the API, or null. */
  JsonNode switchOf(String scope) {
    Answer a = call("GET", "/api/kill-switch", token("oscar"), null, Map.of());
    assertThat(a.status()).isEqualTo(200);
    for (JsonNode s : a.body().get("engaged")) {
      if (s.get("scope").asText().equals(scope)) {
        return s;
      }
    }
    return null;
  }

  /** The commission charged for the entry of the plan, once it is. */
  BigDecimal entryCommission(Trader t, String id) {
    JsonNode p =
        await(
            "the commission of " + id,
            () -> plan(t, id),
            x -> new BigDecimal(x.get("commission").asText()).signum() > 0);
    return new BigDecimal(p.get("commission").asText());
  }

  /** The reasons of the ACTION events of the plan's history, once it has one. */
  List<String> actions(Trader t, String id) {
    return await(
        "the ACTION in the history of " + id, () -> events(t, id, "ACTION"), a -> !a.isEmpty());
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
    assertThat(awaitDenials(t, id))
        .as("one DENY in the history, with the reason")
        .containsExactly(reason);
    return reason;
  }

  /** The reasons of the DENY events of the plan's history. */
  List<String> denials(Trader t, String id) {
    return events(t, id, "DENY");
  }

  /**
   * The DENY reasons of a plan seen ended by a refusal, once the history has them: a refusal caused
   * by a tick ends the plan in memory at once and reaches the stored history a moment later (the
   * store's writer), so a plan read CANCELLED may not have its DENY yet.
   */
  List<String> awaitDenials(Trader t, String id) {
    return await("the DENY in the history of " + id, () -> denials(t, id), d -> !d.isEmpty());
  }

  /** The reasons of the plan's history's events of {@code type}, oldest first. */
  List<String> events(Trader t, String id, String type) {
    return history(t, id).stream()
        .filter(e -> e.get("type").asText().equals(type))
        .map(e -> e.get("reason").asText())
        .toList();
  }
}
