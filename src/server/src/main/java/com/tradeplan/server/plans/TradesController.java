package com.tradeplan.server.plans;

import com.tradeplan.domain.state.PlanSnapshot;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.TradingService;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's trades: open positions, and live (unrealized) and realized P&L per plan and in
 * total. Read from the plans' snapshots and the platform's last prices; nothing is computed here
 * but sums.
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

  /** The caller's P&L per plan and in total (unrealized: of open positions at the last price). */
  public record UserPnl(
      String owner,
      String realizedPnl,
      String unrealizedPnl,
      String commission,
      List<PlanPnl> plans) {}

  @Operation(summary = "Open positions of the caller's plans")
  @GetMapping("/positions")
  public List<Position> positions(Authentication caller) {
    return trading.list(caller.getName(), Set.of(), null).stream()
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

  @Operation(summary = "Realized and live P&L per plan (plans that filled) and for the caller")
  @GetMapping("/pnl")
  public UserPnl pnl(Authentication caller) {
    List<PlanView> traded =
        trading.list(caller.getName(), Set.of(), null).stream()
            .filter(v -> v.snapshot().filledEntryQuantity() > 0)
            .toList();
    BigDecimal realized = BigDecimal.ZERO;
    BigDecimal unrealized = BigDecimal.ZERO;
    BigDecimal commission = BigDecimal.ZERO;
    for (PlanView v : traded) {
      PlanSnapshot s = v.snapshot();
      realized = realized.add(s.realizedPnl());
      commission = commission.add(s.commission());
      if (v.unrealizedPnl() != null) {
        unrealized = unrealized.add(v.unrealizedPnl());
      }
    }
    List<PlanPnl> plans =
        traded.stream()
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
        caller.getName(),
        PlanJson.money2(realized),
        PlanJson.money2(unrealized),
        PlanJson.money2(commission),
        plans);
  }
}
