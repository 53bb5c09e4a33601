package com.tradeplan.runtime;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.market.Tick;
import com.tradeplan.domain.plan.DraftBuilder;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.engine.RuleSet;
import com.tradeplan.formats.IndexedTick;
import com.tradeplan.formats.PlanResult;
import com.tradeplan.simulator.SimulationOptions;
import com.tradeplan.simulator.SimulationRun;
import com.tradeplan.simulator.Simulator;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fixed scenario shared by the end-to-end and crash tests: three plans on AAPL (a LONG closed by
 * a target then its stop, a SHORT closed by its target, a LONG closed by its trailing stop) and the
 * ticks that drive them, plus the simulator's answer for the same plans and ticks.
 */
final class Script {
  static final String OWNER = "alice";
  static final String SYMBOL = "AAPL";

  static List<PlanDraft> plans() {
    return List.of(
        DraftBuilder.draft("p1")
            .owner(OWNER)
            .quantity(100)
            .entry("101.00")
            .stop("99.00")
            .target("103.00", 50)
            .target("105.00")
            .build(),
        DraftBuilder.draft("p2")
            .owner(OWNER)
            .shortSide()
            .quantity(60)
            .entry("100.00")
            .stop("102.00")
            .target("97.00")
            .build(),
        DraftBuilder.draft("p3")
            .owner(OWNER)
            .quantity(80)
            .entry("100.50")
            .stop("99.50")
            .trailing("1.00")
            .target("110.00")
            .build());
  }

  /** The first is the baseline price the gateway holds before the platform subscribes. */
  static final String[] PRICES = {
    "100.10", "100.20", "100.60", "101.10", "101.50", "102.00", "103.20", "102.10", "101.00",
    "101.00", "99.90", "99.50", "99.40", "98.80", "96.90", "97.50", "97.40", "97.30", "97.20",
    "97.10"
  };

  static List<IndexedTick> ticks() {
    List<IndexedTick> out = new ArrayList<>();
    Instant t0 = Instant.parse("2026-01-05T14:30:00Z");
    for (int i = 0; i < PRICES.length; i++) {
      out.add(
          new IndexedTick(i, i + 2, Tick.of(SYMBOL, t0.plusSeconds(i), new BigDecimal(PRICES[i]))));
    }
    return out;
  }

  static SimulationRun simulate(Long maxFillPerTick) {
    return simulate(maxFillPerTick, CommissionModel.NONE);
  }

  static SimulationRun simulate(Long maxFillPerTick, CommissionModel commission) {
    Simulator sim =
        new Simulator(
            RuleSet.fromClasspath(), new SimulationOptions(maxFillPerTick, commission, true));
    return sim.run(plans(), ticks().iterator());
  }

  static Map<String, PlanResult> byId(SimulationRun run) {
    Map<String, PlanResult> m = new LinkedHashMap<>();
    run.result().plans().forEach(p -> m.put(p.id(), p));
    return m;
  }

  /** An event without what depends on timing or on the broker: tick, time, execution id. */
  record Ev(
      PlanEvent.Type type,
      String role,
      Integer index,
      String side,
      Long quantity,
      String price,
      String status,
      String orderRef,
      String rule) {
    static Ev of(PlanEvent e) {
      return new Ev(
          e.type(),
          e.role() == null ? null : e.role().name(),
          e.index(),
          e.side() == null ? null : e.side().name(),
          e.quantity(),
          e.price() == null ? null : e.price().stripTrailingZeros().toPlainString(),
          e.orderStatus() == null ? null : e.orderStatus() + "/" + e.tradeStatus(),
          e.orderRef(),
          e.rule());
    }
  }

  static List<Ev> normalize(List<PlanEvent> events) {
    return events.stream().map(Ev::of).toList();
  }

  /** What must be equal between two runs of a plan: statuses, position, fills, realized P&L. */
  record Outcome(
      String status, long position, long filledEntry, String realizedPnl, String avgEntry) {
    static Outcome of(PlanSnapshot s) {
      return new Outcome(
          s.status() + "/" + s.status().tradeStatus(),
          s.position(),
          s.filledEntryQuantity(),
          s.realizedPnl().stripTrailingZeros().toPlainString(),
          s.avgEntryPrice() == null
              ? null
              : s.avgEntryPrice().stripTrailingZeros().toPlainString());
    }
  }
}
