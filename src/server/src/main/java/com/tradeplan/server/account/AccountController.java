package com.tradeplan.server.account;

import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.TradingService;
import com.tradeplan.runtime.account.AccountReads;
import com.tradeplan.runtime.account.AccountSummary;
import com.tradeplan.server.plans.PlanJson;
import com.tradeplan.store.PlanCounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import org.springframework.http.MediaType;
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
  private final AccountReads reads;

  public AccountController(Platform platform, TradingService trading, PlanCounts planSums) {
    this.reads =
        new AccountReads(
            trading,
            platform.riskLimits(),
            platform.killSwitch(),
            platform.accounts(),
            planSums,
            Clock.systemUTC());
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
    return json(reads.read(caller.getName()));
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
