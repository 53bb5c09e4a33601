package com.tradeplan.simulator.report;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.formats.PlanResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Two runs of the same plans over the same ticks side by side (two rule versions, two option sets):
 * every plan with what ended differently and the first event where its two histories part, the
 * earliest such event over all plans, and every statistic in both runs with their difference (B
 * minus A).
 *
 * <p>Two events are the same when everything the trader reads in them is: tick, type, role, index,
 * side, quantity, price, statuses, the rule that caused it and the reason (except a fill's, which
 * is the broker's execution id and depends on what every other plan did).
 */
public record RunComparison(
    String labelA,
    String labelB,
    RunReport a,
    RunReport b,
    List<PlanDifference> plans,
    Divergence firstDivergence,
    List<StatisticDifference> statistics) {

  /**
   * One plan in both runs: the fields of its outcome that differ (empty when it ended the same) and
   * the first event where its histories part (null when they are the same).
   */
  public record PlanDifference(
      String planId,
      PlanResult a,
      PlanResult b,
      List<String> differentFields,
      Divergence divergence) {
    public boolean endedDifferently() {
      return !differentFields.isEmpty();
    }
  }

  /**
   * Where a plan's two histories part: the index of the first event that differs, and the event of
   * each run there (null in the run whose history ended before it). The earlier of the two is what
   * one run did and the other did not, and its rule is the rule behind the difference.
   */
  public record Divergence(String planId, int eventIndex, PlanEvent a, PlanEvent b) {
    /** The tick where the runs part: the earlier of the two events'. */
    public long tick() {
      if (a == null) {
        return b.tick();
      }
      if (b == null) {
        return a.tick();
      }
      return Math.min(a.tick(), b.tick());
    }

    /** The event of the run that acted first at the divergence ("A" on a tie, both acted). */
    public PlanEvent earlier() {
      if (a == null) {
        return b;
      }
      if (b == null) {
        return a;
      }
      return b.tick() < a.tick() ? b : a;
    }
  }

  /** One statistic in both runs and B minus A (null where either is null). */
  public record StatisticDifference(
      String name, BigDecimal a, BigDecimal b, BigDecimal difference) {}

  /**
   * Compares two runs of the same plans file. Throws {@link IllegalArgumentException} when they are
   * not runs of the same plans (a broken precondition of the caller, not an outcome).
   */
  public static RunComparison of(String labelA, RunReport a, String labelB, RunReport b) {
    if (a.trades().size() != b.trades().size()) {
      throw new IllegalArgumentException(
          "not runs of the same plans: " + a.trades().size() + " and " + b.trades().size());
    }
    List<PlanDifference> plans = new ArrayList<>();
    Divergence first = null;
    for (int i = 0; i < a.trades().size(); i++) {
      PlanResult pa = a.trades().get(i).result();
      PlanResult pb = b.trades().get(i).result();
      if (!Objects.equals(pa.id(), pb.id())) {
        throw new IllegalArgumentException(
            "not runs of the same plans: plan " + i + " is " + pa.id() + " and " + pb.id());
      }
      Divergence d = divergence(pa, pb);
      plans.add(new PlanDifference(pa.id(), pa, pb, differentFields(pa, pb), d));
      if (d != null && (first == null || d.tick() < first.tick())) {
        first = d;
      }
    }
    List<StatisticDifference> statistics = new ArrayList<>();
    Map<String, BigDecimal> sb = b.statistics().byName();
    a.statistics()
        .byName()
        .forEach(
            (name, va) -> {
              BigDecimal vb = sb.get(name);
              statistics.add(
                  new StatisticDifference(
                      name, va, vb, va == null || vb == null ? null : vb.subtract(va)));
            });
    return new RunComparison(labelA, labelB, a, b, plans, first, statistics);
  }

  private static List<String> differentFields(PlanResult a, PlanResult b) {
    List<String> out = new ArrayList<>();
    if (a.orderStatus() != b.orderStatus()) {
      out.add("orderStatus");
    }
    if (a.tradeStatus() != b.tradeStatus()) {
      out.add("tradeStatus");
    }
    if (a.position() != b.position()) {
      out.add("position");
    }
    if (a.filledEntryQuantity() != b.filledEntryQuantity()) {
      out.add("filledEntryQuantity");
    }
    if (!sameDecimal(a.avgEntryPrice(), b.avgEntryPrice())) {
      out.add("avgEntryPrice");
    }
    if (a.realizedPnl().compareTo(b.realizedPnl()) != 0) {
      out.add("realizedPnl");
    }
    if (a.commission().compareTo(b.commission()) != 0) {
      out.add("commission");
    }
    if (!a.errors().equals(b.errors())) {
      out.add("errors");
    }
    return out;
  }

  private static Divergence divergence(PlanResult a, PlanResult b) {
    return divergence(a.id(), a.events(), b.events());
  }

  /**
   * Where two histories of plan {@code planId} part: the first index whose events differ ({@link
   * #sameEvent}) or where one history has ended; null when they are the same (also used by the
   * incident replay, live history against replayed).
   */
  public static Divergence divergence(String planId, List<PlanEvent> ea, List<PlanEvent> eb) {
    int n = Math.max(ea.size(), eb.size());
    for (int i = 0; i < n; i++) {
      PlanEvent x = i < ea.size() ? ea.get(i) : null;
      PlanEvent y = i < eb.size() ? eb.get(i) : null;
      if (x == null || y == null || !sameEvent(x, y)) {
        return new Divergence(planId, i, x, y);
      }
    }
    return null;
  }

  /** Whether two events are the same for a trader (see the class comment). */
  public static boolean sameEvent(PlanEvent x, PlanEvent y) {
    return x.tick() == y.tick()
        && x.type() == y.type()
        && x.role() == y.role()
        && Objects.equals(x.index(), y.index())
        && x.side() == y.side()
        && Objects.equals(x.quantity(), y.quantity())
        && sameDecimal(x.price(), y.price())
        && x.orderStatus() == y.orderStatus()
        && x.tradeStatus() == y.tradeStatus()
        && Objects.equals(x.rule(), y.rule())
        && (x.type() == PlanEvent.Type.FILL || Objects.equals(x.reason(), y.reason()));
  }

  private static boolean sameDecimal(BigDecimal x, BigDecimal y) {
    return x == null ? y == null : y != null && x.compareTo(y) == 0;
  }
}
