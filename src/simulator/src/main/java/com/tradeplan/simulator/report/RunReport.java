package com.tradeplan.simulator.report;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.plan.Stop;
import com.tradeplan.domain.plan.Target;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.formats.PlanResult;
import com.tradeplan.simulator.SimulationRun;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the report of one run shows, as data: the options it ran with, the statistics, the
 * equity curve marked to market and its drawdown, the trades, and each plan's timeline (its
 * symbol's prices, its levels, its events with the rule of each). {@link ReportJson} prints it,
 * {@link HtmlReport} draws it: both read this one record, so the page and the JSON never disagree.
 */
public record RunReport(
    Options options,
    long ticks,
    int plans,
    Statistics statistics,
    MarkToMarket.Record market,
    List<TradeRow> trades,
    List<Timeline> timelines) {

  /** The knobs of the run, as written on the command line. */
  public record Options(Long maxFillPerTick, String commission, boolean gated, int latencyTicks) {}

  /**
   * One plan in the trades table: statuses, side, quantities, average entry, realized P&L after
   * commissions, commission, the ticks of its first entry fill and of its end (-1 when none), and
   * its validation errors.
   */
  public record TradeRow(
      PlanResult result, String symbol, String side, long entryTick, long endTick) {}

  /** A price level of a plan, drawn across its timeline: kind ENTRY, STOP, TARGET or ACTIVATE. */
  public record Level(String kind, String label, BigDecimal price) {}

  /** One plan's timeline: its symbol's prices over the run, its levels, its events. */
  public record Timeline(
      String planId,
      String symbol,
      List<Level> levels,
      List<SeriesPoint> prices,
      List<PlanEvent> events) {}

  /** The report of {@code run}. */
  public static RunReport of(SimulationRun run) {
    List<TradeRow> trades = new ArrayList<>();
    List<Timeline> timelines = new ArrayList<>();
    for (PlanResult p : run.result().plans()) {
      PlanSnapshot s = p.id() == null ? null : run.finalStates().get(p.id());
      Plan plan = s == null ? null : s.plan();
      String symbol = plan == null ? null : plan.instrument().symbol();
      trades.add(
          new TradeRow(
              p,
              symbol,
              plan == null ? null : plan.side().name(),
              firstTick(p.events(), PlanEvent.Type.FILL),
              endTick(p)));
      if (plan != null) {
        timelines.add(
            new Timeline(
                p.id(),
                symbol,
                levels(plan),
                run.market().prices().getOrDefault(symbol, List.of()),
                p.events()));
      }
    }
    return new RunReport(
        new Options(
            run.options().maxFillPerTick(),
            run.options().commission().spec(),
            run.options().gated(),
            run.options().latencyTicks()),
        run.ticks(),
        run.result().plans().size(),
        Statistics.of(run.result().plans(), run.market()),
        run.market(),
        trades,
        timelines);
  }

  private static long firstTick(List<PlanEvent> events, PlanEvent.Type type) {
    for (PlanEvent e : events) {
      if (e.type() == type) {
        return e.tick();
      }
    }
    return -1;
  }

  /** The tick of the STATUS event that ended the plan, -1 while it is still going. */
  private static long endTick(PlanResult p) {
    if (!p.orderStatus().isTerminal()) {
      return -1;
    }
    for (int i = p.events().size() - 1; i >= 0; i--) {
      PlanEvent e = p.events().get(i);
      if (e.type() == PlanEvent.Type.STATUS && e.orderStatus().isTerminal()) {
        return e.tick();
      }
    }
    return -1;
  }

  private static List<Level> levels(Plan plan) {
    List<Level> out = new ArrayList<>();
    out.add(new Level("ENTRY", "entry " + plan.entry().condition(), plan.entry().price()));
    for (int i = 0; i < plan.stops().size(); i++) {
      Stop st = plan.stops().get(i);
      out.add(new Level("STOP", "stop " + i, st.price()));
      if (st.activateAt() != null) {
        out.add(new Level("ACTIVATE", "stop " + i + " activates", st.activateAt()));
      }
    }
    for (int i = 0; i < plan.targets().size(); i++) {
      Target t = plan.targets().get(i);
      out.add(new Level("TARGET", "target " + i, t.price()));
    }
    return out;
  }
}
