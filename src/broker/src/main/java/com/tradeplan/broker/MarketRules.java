package com.tradeplan.broker;

import com.tradeplan.broker.tws.PriceIncrement;
import com.tradeplan.domain.plan.TickBands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market rules {@link ContractDetailsCache} has asked IB for (reqMarketRule): per rule id, its
 * price bands as a {@link TickBands} once IB answered, or why it is not known. Several instruments
 * share a rule (most US stocks one), so rules are kept by id, not per instrument. A rule is asked
 * again each time an instrument's contract details name it ({@link #want}), so it is refreshed with
 * them.
 *
 * <p>Not thread-safe: every call happens under the cache's lock. Bounds: {@link #RULES_MAX} rules;
 * a new one beyond it forgets the one wanted least recently (asked again when it is needed). IB's
 * answer carries no request id: an answer for a rule not asked for is dropped.
 */
final class MarketRules {
  private static final Logger log = LoggerFactory.getLogger(MarketRules.class);

  static final int RULES_MAX = 1_000;

  private static final class Rule {
    TickBands bands; // the last good answer; null until IB answered once
    boolean wanted; // to be asked at the next run
    Instant sentAt; // null: none in flight
    String problem; // why the last request failed; null when it did not
    Instant problemAt;
  }

  private final Map<Integer, Rule> rules = new LinkedHashMap<>(16, 0.75f, true);

  /** The rule is needed (a contract names it): ask for it at the next run. */
  void want(int id) {
    Rule r = rules.get(id);
    if (r == null) {
      if (rules.size() >= RULES_MAX) {
        Iterator<Rule> eldest = rules.values().iterator();
        eldest.next();
        eldest.remove();
      }
      r = new Rule();
      rules.put(id, r);
    }
    if (r.sentAt == null) {
      r.wanted = true;
    }
  }

  /** The bands of rule {@code id}, or null while IB has not answered it. */
  TickBands bands(int id) {
    Rule r = rules.get(id);
    return r == null ? null : r.bands;
  }

  /** Why rule {@code id} is not known, or null when there is no failure to tell. */
  String problem(int id) {
    Rule r = rules.get(id);
    return r == null ? null : r.problem;
  }

  /**
   * IB's marketRule. Returns false when the rule was not asked for (dropped). Bands that do not
   * make a grid are the rule's problem (the instrument's tick stays unknown), never a grid.
   */
  boolean onRule(int id, List<PriceIncrement> increments, Instant now) {
    Rule r = rules.get(id);
    if (r == null) {
      return false;
    }
    r.sentAt = null;
    List<TickBands.Band> bands = new ArrayList<>(increments.size());
    for (PriceIncrement p : increments) {
      bands.add(
          new TickBands.Band(p.lowEdge().stripTrailingZeros(), p.increment().stripTrailingZeros()));
    }
    String why = TickBands.problemWith(bands);
    if (why != null) {
      failed(id, r, "IB's market rule " + id + " is not a tick grid: " + why, now);
      return true;
    }
    TickBands got = new TickBands(bands);
    if (r.bands != null && !r.bands.equals(got)) {
      log.info("market rule {} changed from {} to {}", id, r.bands.describe(), got.describe());
    }
    r.bands = got;
    r.problem = null;
    r.problemAt = null;
    return true;
  }

  /**
   * The rules to ask now, at most {@code room}: wanted, not in flight, not within {@code
   * retryAfter} of a failure. Marks them in flight at {@code now}.
   */
  List<Integer> pick(int room, Instant now, Duration retryAfter) {
    List<Integer> out = new ArrayList<>();
    for (Map.Entry<Integer, Rule> e : rules.entrySet()) {
      if (out.size() >= room) {
        break;
      }
      Rule r = e.getValue();
      boolean mayAsk = r.problemAt == null || !now.isBefore(r.problemAt.plus(retryAfter));
      if (r.wanted && r.sentAt == null && mayAsk) {
        out.add(e.getKey());
      }
    }
    for (int id : out) {
      Rule r = rules.get(id);
      r.wanted = false;
      r.sentAt = now;
    }
    return out;
  }

  /** Rules in flight: they count against the cache's requests in flight. */
  int inFlight() {
    int n = 0;
    for (Rule r : rules.values()) {
      if (r.sentAt != null) {
        n++;
      }
    }
    return n;
  }

  /** Requests unanswered for {@code timeout} fail; true when any did. */
  boolean giveUpLate(Instant now, Duration timeout) {
    boolean any = false;
    for (Map.Entry<Integer, Rule> e : rules.entrySet()) {
      Rule r = e.getValue();
      if (r.sentAt != null && now.isAfter(r.sentAt.plus(timeout))) {
        r.sentAt = null;
        failed(
            e.getKey(),
            r,
            "no answer to market rule " + e.getKey() + " within " + timeout.toSeconds() + " s",
            now);
        any = true;
      }
    }
    return any;
  }

  /**
   * The request could not be written (its connection is closing): asked again at the next run, not
   * after a pause, for that is no answer from IB; {@code why} is the reason until then.
   */
  void notWritten(int id, String why) {
    Rule r = rules.get(id);
    if (r != null) {
      r.sentAt = null;
      r.wanted = true;
      r.problem = why;
      r.problemAt = null;
    }
  }

  /** The connection ended: what was in flight is asked again on the next one. */
  void connectionEnded() {
    for (Rule r : rules.values()) {
      if (r.sentAt != null) {
        r.sentAt = null;
        r.wanted = true;
      }
    }
  }

  int size() {
    return rules.size();
  }

  private static void failed(int id, Rule r, String why, Instant now) {
    r.problem = why;
    r.problemAt = now;
    r.wanted = true;
    log.warn("market rule {}: {}", id, why);
  }
}
