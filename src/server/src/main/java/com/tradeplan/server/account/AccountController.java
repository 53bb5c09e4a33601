package com.tradeplan.server.account;

import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.TradingService;
import com.tradeplan.runtime.account.AccountReads;
import com.tradeplan.runtime.account.AccountSummary;
import com.tradeplan.runtime.account.IntradayPnlCurve;
import com.tradeplan.server.plans.PlanJson;
import com.tradeplan.store.PlanCounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/account}: the caller's account at a glance (docs/api.md, "The account"), as the
 * runtime's {@code AccountBook} computes it. Money is written as decimal strings: P&amp;L to the
 * cent (half-even, as every P&amp;L of the API), prices and money at risk exactly (shares times
 * price differences: no rounding needed), average prices to at most 4 decimals.
 */
@RestController
@RequestMapping(path = "/api/account", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "account", description = "the caller's positions, P&L, money at risk, limits (TRADER)")
@SecurityRequirement(name = "bearer")
public class AccountController {
  private static final Logger LOG = LoggerFactory.getLogger(AccountController.class);
  private final AccountReads reads;
  private final IntradayPnlCurve curve;

  public AccountController(Platform platform, TradingService trading, PlanCounts planSums) {
    this.reads =
        new AccountReads(
            trading,
            platform.riskLimits(),
            platform.killSwitch(),
            platform.accounts(),
            planSums,
            Clock.systemUTC());
    this.curve = platform.pnlCurve();
  }

  /** The account (see {@link AccountSummary} for each field). */
  public record AccountJson(
      String user,
      String account,
      String asOf,
      String tradingDay,
      PnlJson today,
      PnlJson total,
      String unrealizedPnl,
      String moneyAtRisk,
      List<PositionJson> positions,
      List<PlanRiskJson> plansAtRisk,
      List<OrderJson> workingOrders,
      List<LimitJson> limits,
      List<AccountSummary.Alert> alerts) {}

  /** Realized P&amp;L after commissions, and those commissions. */
  public record PnlJson(String realizedPnl, String commission) {}

  /** The net position on one symbol. */
  public record PositionJson(
      String symbol,
      long netPosition,
      long longShares,
      long shortShares,
      String averagePrice,
      String lastPrice,
      String unrealizedPnl,
      String realizedTodayPnl) {}

  /** One plan's money at risk. */
  public record PlanRiskJson(
      String planId,
      String symbol,
      String side,
      String status,
      long position,
      String activeStop,
      String referencePrice,
      String referenceKind,
      String positionRisk,
      long openEntryQuantity,
      String entryPrice,
      String entryStop,
      String entryRisk,
      String moneyAtRisk,
      boolean protectedFully) {}

  /** A working order. */
  public record OrderJson(
      String planId,
      String symbol,
      String orderRef,
      String role,
      String action,
      long quantity,
      long filledQuantity,
      String status) {}

  /** A limit in force and the room it leaves (null value: no limit). */
  public record LimitJson(
      String limit, String words, String value, String used, String left, String where) {}

  @Operation(
      summary = "The caller's account: positions, P&L today and in total, money at risk, limits",
      description =
          "Computed on each call from the caller's plans, the last prices, the risk limits in"
              + " force and the kill switch. Live: refetch when a live update arrives on"
              + " /user/queue/updates (docs/api.md).")
  @GetMapping
  public AccountJson account(Authentication caller) {
    AccountSummary a = reads.read(caller.getName());
    curve.record(a);
    return json(a);
  }

  /** The intraday P&amp;L curve: one sample per minute, oldest first, the last one read now. */
  public record PnlCurveJson(String user, String tradingDay, List<PnlSampleJson> samples) {}

  /** One minute's realized (today, after commissions), unrealized and their sum, to the cent. */
  public record PnlSampleJson(String time, String realizedToday, String unrealized, String total) {}

  @Operation(
      summary = "The caller's P&L through the trading day, one sample per minute",
      description =
          "Sampled on every account read and every minute for the traders who read their account"
              + " today on a member; stored, so a restart or a take-over keeps the day's minutes;"
              + " the last sample is taken by this call (docs/api.md).")
  @GetMapping("/pnl-curve")
  public PnlCurveJson pnlCurve(Authentication caller) {
    AccountSummary a = reads.read(caller.getName());
    curve.record(a);
    IntradayPnlCurve.Curve c = curve.curve(a.user(), a.tradingDay());
    return new PnlCurveJson(
        a.user(),
        c.tradingDay().toString(),
        c.samples().stream()
            .map(
                s ->
                    new PnlSampleJson(
                        s.minute().toString(),
                        PlanJson.money2(s.realizedToday()),
                        PlanJson.money2(s.unrealized()),
                        PlanJson.money2(s.total())))
            .toList());
  }

  /**
   * Every minute, a sample for each trader who has a curve here (read their account today), so the
   * curve goes on while the page is closed. A trader whose read fails (the store is away) gets no
   * sample this minute; the throw is logged, never passed on (it would stop the schedule).
   */
  @Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
  public void samplePnlEveryMinute() {
    for (String user : curve.users()) {
      try {
        curve.record(reads.read(user));
      } catch (RuntimeException e) {
        LOG.warn("P&L sample of {} failed: {}", user, e.toString());
      }
    }
  }

  static AccountJson json(AccountSummary a) {
    return new AccountJson(
        a.user(),
        a.account(),
        a.asOf().toString(),
        a.tradingDay().toString(),
        pnl(a.today()),
        pnl(a.total()),
        PlanJson.money2(a.unrealizedPnl()),
        PlanJson.text(a.moneyAtRisk()),
        a.positions().stream()
            .map(
                p ->
                    new PositionJson(
                        p.symbol(),
                        p.netPosition(),
                        p.longShares(),
                        p.shortShares(),
                        PlanJson.money4(p.averagePrice()),
                        PlanJson.text(p.lastPrice()),
                        PlanJson.money2(p.unrealizedPnl()),
                        PlanJson.money2(p.realizedTodayPnl())))
            .toList(),
        a.plansAtRisk().stream()
            .map(
                r ->
                    new PlanRiskJson(
                        r.planId(),
                        r.symbol(),
                        r.side(),
                        r.status(),
                        r.position(),
                        PlanJson.text(r.activeStop()),
                        PlanJson.money4(r.referencePrice()),
                        r.referenceKind(),
                        PlanJson.text(r.positionRisk()),
                        r.openEntryQuantity(),
                        PlanJson.text(r.entryPrice()),
                        PlanJson.text(r.entryStop()),
                        PlanJson.text(r.entryRisk()),
                        PlanJson.text(r.moneyAtRisk()),
                        r.protectedFully()))
            .toList(),
        a.workingOrders().stream()
            .map(
                o ->
                    new OrderJson(
                        o.planId(),
                        o.symbol(),
                        o.orderRef(),
                        o.role(),
                        o.action(),
                        o.quantity(),
                        o.filledQuantity(),
                        o.status()))
            .toList(),
        a.limits().stream()
            .map(
                l ->
                    new LimitJson(
                        l.limit(),
                        l.words(),
                        figure(l.value()),
                        figure(l.used()),
                        figure(l.left()),
                        l.where()))
            .toList(),
        a.alerts());
  }

  private static PnlJson pnl(AccountSummary.Pnl p) {
    return new PnlJson(PlanJson.money2(p.realizedPnl()), PlanJson.money2(p.commission()));
  }

  /** A limit's figure: shares as whole numbers, money to the cent. */
  private static String figure(BigDecimal d) {
    if (d == null) {
      return null;
    }
    return d.stripTrailingZeros().scale() <= 0
        ? d.setScale(0, java.math.RoundingMode.UNNECESSARY).toPlainString()
        : PlanJson.money2(d);
  }
}
