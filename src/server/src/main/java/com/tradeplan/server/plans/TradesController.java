package com.tradeplan.server.plans;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.runtime.PlanPage;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.TradingService;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Pages;
import com.tradeplan.server.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's trades: open positions, and live (unrealized) and realized P&L per plan and in
 * total. Read from the plans' snapshots and the platform's last prices; nothing is computed here
 * but sums. Bounded: positions come from the open plans only (bounded by the per-user limits); the
 * P&L lists one page of plans, while its totals are summed over every plan a page at a time (the
 * memory a call needs does not grow with the trader's history).
 */
@RestController
@RequestMapping(path = "/api/trades", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "trades", description = "positions and P&L of the caller's plans (role TRADER)")
@SecurityRequirement(name = "bearer")
public class TradesController {
  private final TradingService trading;

  public TradesController(TradingService trading) {
    this.trading = trading;
  }

  /** One open position. */
  public record Position(
      String planId,
      String symbol,
      String side,
      long position,
      String avgEntryPrice,
      String lastPrice,
      String unrealizedPnl) {}

  /** P&L of one plan that traded. */
  public record PlanPnl(
      String planId,
      String symbol,
      String status,
      String tradeStatus,
      long position,
      String realizedPnl,
      String unrealizedPnl,
      String commission) {}

  /**
   * The caller's P&L in total (unrealized: of open positions at the last price) and per plan that
   * filled, one page of them ({@code next}: the {@code after} of the next page, null after the
   * last).
   */
  public record UserPnl(
      String owner,
      String realizedPnl,
      String unrealizedPnl,
      String commission,
      List<PlanPnl> plans,
      String next) {}

  @Operation(summary = "Open positions of the caller's plans")
  @GetMapping("/positions")
  public List<Position> positions(Authentication caller) {
    return trading.openPlans(caller.getName()).stream()
        .filter(v -> v.snapshot().position() > 0)
        .map(
            v ->
                new Position(
                    v.snapshot().planId(),
                    v.snapshot().plan().symbol(),
                    v.snapshot().plan().side().name(),
                    v.snapshot().position(),
                    PlanJson.money4(v.snapshot().avgEntryPrice()),
                    PlanJson.text(v.lastPrice()),
                    PlanJson.money2(v.unrealizedPnl())))
        .toList();
  }

  @Operation(
      summary = "Realized and live P&L: totals, and per plan that filled (one page)",
      description =
          "limit: 1..500 plans read (default 100); after: the next of the previous answer. The"
              + " totals always cover every plan.")
  @GetMapping("/pnl")
  public UserPnl pnl(
      Authentication caller,
      @RequestParam(name = "limit", required = false) Integer limit,
      @RequestParam(name = "after", required = false) String after) {
    String owner = caller.getName();
    if (after != null && !PlanController.PLAN_ID.matcher(after).matches()) {
      throw new ApiException(
          Problems.badRequest(
              "bad query parameter", List.of(new FieldError("after", "must be a plan id"))));
    }
    int n = Pages.limit(limit, PlanController.PAGE_DEFAULT, TradingService.PAGE_MAX);
    BigDecimal realized = BigDecimal.ZERO;
    BigDecimal unrealized = BigDecimal.ZERO;
    BigDecimal commission = BigDecimal.ZERO;
    String cursor = null;
    do {
      PlanPage p = trading.page(owner, Set.of(), null, cursor, TradingService.PAGE_MAX);
      for (PlanView v : p.plans()) {
        if (v.snapshot().filledEntryQuantity() > 0) {
          realized = realized.add(v.snapshot().realizedPnl());
          commission = commission.add(v.snapshot().commission());
          if (v.unrealizedPnl() != null) {
            unrealized = unrealized.add(v.unrealizedPnl());
          }
        }
      }
      cursor = p.next();
    } while (cursor != null);
    PlanPage page = trading.page(owner, Set.of(), null, after, n);
    List<PlanPnl> plans =
        page.plans().stream()
            .filter(v -> v.snapshot().filledEntryQuantity() > 0)
            .map(
                v ->
                    new PlanPnl(
                        v.snapshot().planId(),
                        v.snapshot().plan().symbol(),
                        v.snapshot().status().name(),
                        v.snapshot().status().tradeStatus().name(),
                        v.snapshot().position(),
                        PlanJson.money2(v.snapshot().realizedPnl()),
                        PlanJson.money2(v.unrealizedPnl()),
                        PlanJson.money2(v.snapshot().commission())))
            .toList();
    return new UserPnl(
        owner,
        PlanJson.money2(realized),
        PlanJson.money2(unrealized),
        PlanJson.money2(commission),
        plans,
        page.next());
  }
}
