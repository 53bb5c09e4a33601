package com.tradeplan.simulator.replay;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.simulator.report.RunComparison;
import java.time.Instant;
import java.util.List;

/**
 * A replay of one user's recorded window against the live recording: every plan's live and replayed
 * history and where they part, the earliest such divergence over all plans (time, plan, event and
 * its rule), the orders sent live and by the replay, and what makes the recording incomplete
 * ({@code problems}: then the result claims nothing).
 *
 * @param rules the rules the replay ran: "recorded versions" or the version chosen
 * @param reportsHeld recorded broker reports the replay never took (their orders were not sent)
 * @param linkChanges the broker link's changes in the window, as recorded ("time state")
 * @param alerts operator alerts the replayed engine raised
 */
public record ReplayResult(
    String owner,
    Instant from,
    Instant to,
    String rules,
    List<String> problems,
    List<PlanReplay> plans,
    RunComparison.Divergence firstDivergence,
    List<OrderRequest> liveOrders,
    List<OrderRequest> replayOrders,
    int firstOrderDifference,
    int reportsHeld,
    List<String> linkChanges,
    List<String> alerts) {

  /** One plan: its live history, its replayed history, and where they part (null: nowhere). */
  public record PlanReplay(
      String planId,
      List<PlanEvent> live,
      List<PlanEvent> replayed,
      RunComparison.Divergence divergence) {}

  public ReplayResult {
    problems = List.copyOf(problems);
    plans = List.copyOf(plans);
    liveOrders = List.copyOf(liveOrders);
    replayOrders = List.copyOf(replayOrders);
    linkChanges = List.copyOf(linkChanges);
    alerts = List.copyOf(alerts);
  }

  public boolean complete() {
    return problems.isEmpty();
  }

  /** A complete recording, replayed to the same events and the same orders. */
  public boolean identical() {
    return complete() && firstDivergence == null && firstOrderDifference < 0;
  }

  /** One line for a person: identical, the first divergence, or why the recording cannot tell. */
  public String summary() {
    if (!complete()) {
      return "incomplete recording: " + String.join("; ", problems);
    }
    if (firstDivergence == null) {
      return firstOrderDifference < 0
          ? "identical: "
              + plans.size()
              + " plans, "
              + liveOrders.size()
              + " orders, the same events in the same order"
          : "the same events, but order " + firstOrderDifference + " differs";
    }
    PlanEvent e = firstDivergence.earlier();
    return "the replay parts from the live run at "
        + e.time()
        + ", plan "
        + firstDivergence.planId()
        + ", event "
        + firstDivergence.eventIndex()
        + ": "
        + describe(e)
        + (firstDivergence.a() == e ? " live" : " in the replay")
        + ", where the other "
        + (firstDivergence.a() == e
            ? describe(firstDivergence.b())
            : describe(firstDivergence.a()));
  }

  static String describe(PlanEvent e) {
    if (e == null) {
      return "has no event";
    }
    StringBuilder b = new StringBuilder(e.type().name());
    if (e.role() != null) {
      b.append(' ').append(e.role());
    }
    if (e.index() != null) {
      b.append(' ').append(e.index());
    }
    if (e.side() != null) {
      b.append(' ').append(e.side());
    }
    if (e.quantity() != null) {
      b.append(' ').append(e.quantity());
    }
    if (e.price() != null) {
      b.append(" @ ").append(e.price().toPlainString());
    }
    if (e.orderStatus() != null) {
      b.append(' ').append(e.orderStatus());
    }
    if (e.rule() != null) {
      b.append(" by rule '").append(e.rule()).append('\'');
    }
    return b.toString();
  }
}
