package com.tradeplan.server.plans;

import com.tradeplan.domain.history.PlanEvent;
import com.tradeplan.domain.plan.Plan;
import com.tradeplan.domain.state.OrderSnapshot;
import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.runtime.HistoryEntry;
import com.tradeplan.runtime.PlanView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What the API answers about plans, as records Jackson writes. Prices and money are decimal strings
 * (never JSON numbers: a client's binary floating point must not touch them); quantities are
 * integers. These are views: the platform's own types never leave through the API.
 */
public final class PlanJson {
  private PlanJson() {}

  /**
   * A plan with its state, position and P&L. {@code version} is what an update sends back. {@code
   * lastTickAt}: when the last tick of its symbol arrived (watched plans only); {@code ticksStale}:
   * the plan is watched and its symbol has had no tick for too long while its market is open.
   * {@code tickSize}: the grid every price of the plan sits on, the one the server rounds a
   * break-even level onto (so a client can show that level before the trader confirms). {@code
   * strategy}: the rule-set strategy the trader chose with its parameters (null: none); {@code
   * ruleSetVersion}: the rule-set version the plan is pinned to, from its activation (null while
   * DRAFT, and for a plan activated before versions existed, which runs on version 1). {@code
   * createdAt}, {@code endedAt}: the times the plan's stored document keeps (creation; first write
   * in an ended status), in answers read from the store (the plans list); null in live updates and
   * single-plan reads, and {@code endedAt} while open.
   */
  public record PlanResponse(
      String id,
      String symbol,
      String secType,
      String exchange,
      String currency,
      String tickSize,
      String side,
      long quantity,
      EntryJson entry,
      List<StopJson> stops,
      List<TargetJson> targets,
      TrailingJson trailingStop,
      String status,
      String tradeStatus,
      long version,
      long position,
      long filledEntryQuantity,
      String avgEntryPrice,
      String activeStop,
      String lastPrice,
      String unrealizedPnl,
      String realizedPnl,
      String commission,
      String endReason,
      String lastTickAt,
      boolean ticksStale,
      StrategyJson strategy,
      Integer ruleSetVersion,
      String createdAt,
      String endedAt) {}

  /** A plan's strategy: its name and every parameter as text (decimals plain, times HH:MM). */
  public record StrategyJson(String name, java.util.Map<String, String> params) {}

  /** {@code maxSlippageTicks}: null for a market entry (docs/api.md). */
  public record EntryJson(
      String condition, String price, String expiresAt, Integer maxSlippageTicks) {}

  public record StopJson(String price, String activateAt) {}

  /** A target; {@code fired}: it triggered (a change of exits can no longer move or resize it). */
  public record TargetJson(String price, Long quantity, boolean fired) {}

  public record TrailingJson(String distance) {}

  /** A plan with its full history: what GET /api/plans/{id} answers. */
  public record PlanDetail(PlanResponse plan, List<HistoryJson> history) {}

  /** One history event with the rule that caused it (null for broker reports, trader actions). */
  public record HistoryJson(
      Long seq,
      String type,
      String time,
      String role,
      Integer index,
      String side,
      Long quantity,
      String price,
      String orderStatus,
      String tradeStatus,
      String orderRef,
      String rule,
      String reason) {}

  /** One order of a plan as far as Tradeplan knows it. */
  public record OrderJson(
      String orderRef,
      String role,
      int index,
      int attempt,
      String action,
      long quantity,
      long filledQuantity,
      String status,
      String rule) {}

  /** One execution of a plan, from its history. */
  public record FillJson(
      long seq,
      String time,
      String orderRef,
      String role,
      Integer index,
      String side,
      long quantity,
      String price,
      String rule) {}

  /** The orders and fills of one plan. */
  public record OrdersAndFills(String planId, List<OrderJson> orders, List<FillJson> fills) {}

  /** A validation answer that found nothing wrong. */
  public record Valid(boolean valid) {}

  public static PlanResponse plan(PlanView v) {
    PlanSnapshot s = v.snapshot();
    Plan p = s.plan();
    return new PlanResponse(
        p.id(),
        p.symbol(),
        p.instrument().secType(),
        p.instrument().exchange(),
        p.instrument().currency(),
        text(p.instrument().tickSize()),
        p.side().name(),
        p.quantity(),
        new EntryJson(
            p.entry().condition().name(),
            text(p.entry().price()),
            p.entry().expiresAt() == null ? null : p.entry().expiresAt().toString(),
            p.entry().maxSlippageTicks()),
        p.stops().stream()
            .map(st -> new StopJson(text(st.price()), text(st.activateAt())))
            .toList(),
        java.util.stream.IntStream.range(0, p.targets().size())
            .mapToObj(
                j ->
                    new TargetJson(
                        text(p.targets().get(j).price()),
                        p.targets().get(j).quantity(),
                        j < s.targetFired().size() && s.targetFired().get(j)))
            .toList(),
        p.trailingStop() == null ? null : new TrailingJson(text(p.trailingStop().distance())),
        s.status().name(),
        s.status().tradeStatus().name(),
        s.version(),
        s.position(),
        s.filledEntryQuantity(),
        money4(s.avgEntryPrice()),
        text(s.activeStop()),
        text(v.lastPrice()),
        money2(v.unrealizedPnl()),
        money2(s.realizedPnl()),
        money2(s.commission()),
        s.endReason(),
        time(v.lastTickAt()),
        v.ticksStale(),
        p.strategy() == null
            ? null
            : new StrategyJson(p.strategy().name(), p.strategy().paramTexts()),
        s.ruleSetVersion(),
        time(v.createdAt()),
        time(v.endedAt()));
  }

  public static HistoryJson history(HistoryEntry h) {
    return event(h.seq(), h.event());
  }

  /** An event without its place in the plan's history (live updates carry their own sequence). */
  public static HistoryJson event(Long seq, PlanEvent e) {
    return new HistoryJson(
        seq,
        e.type().name(),
        time(e.time()),
        e.role() == null ? null : e.role().name(),
        e.index(),
        e.side() == null ? null : e.side().name(),
        e.quantity(),
        text(e.price()),
        e.orderStatus() == null ? null : e.orderStatus().name(),
        e.tradeStatus() == null ? null : e.tradeStatus().name(),
        e.orderRef(),
        e.rule(),
        e.reason());
  }

  public static OrderJson order(OrderSnapshot o) {
    return new OrderJson(
        o.ref().toString(),
        o.ref().role().name(),
        o.ref().index(),
        o.ref().attempt(),
        o.action().name(),
        o.quantity(),
        o.filledQuantity(),
        o.status().name(),
        o.rule());
  }

  public static FillJson fill(HistoryEntry h) {
    PlanEvent e = h.event();
    return new FillJson(
        h.seq(),
        time(e.time()),
        e.orderRef(),
        e.role() == null ? null : e.role().name(),
        e.index(),
        e.side() == null ? null : e.side().name(),
        e.quantity() == null ? 0 : e.quantity(),
        text(e.price()),
        e.rule());
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  public static String text(BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }

  /** Money to cents, half-even (as RESULT.json prints it). */
  public static String money2(BigDecimal d) {
    return d == null ? null : d.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  /** An average price to at most 4 decimals, half-even, at least 2. */
  public static String money4(BigDecimal d) {
    if (d == null) {
      return null;
    }
    BigDecimal r = d.setScale(4, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
    return (r.scale() < 2 ? r.setScale(2) : r).toPlainString();
  }
}
