package com.tradeplan.server.ops;

import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.PositionReconciliation;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' reconciliation of positions (docs/accounts.md): each account's positions at IB
 * against the sum of its plans', and the open orders made outside Tradeplan. Read-only: nothing
 * here sends or cancels an order.
 */
@RestController
@RequestMapping(path = "/api/ops/reconciliation", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ops", description = "operators (role OPERATOR)")
@SecurityRequirement(name = "bearer")
public class ReconciliationController {
  private final PositionReconciliation reconciliation;

  public ReconciliationController(Platform platform) {
    this.reconciliation = platform.accounts().reconciliation();
  }

  /** A difference as operators read it: quantities as decimal strings. */
  public record MismatchJson(
      String account,
      String symbol,
      String ibQuantity,
      String tradeplanQuantity,
      String difference,
      String since) {}

  /** An order at IB that Tradeplan did not send. */
  public record OutsideOrderJson(
      String account,
      String symbol,
      String action,
      String quantity,
      String orderType,
      String limitPrice,
      String stopPrice,
      String orderRef,
      int orderId,
      int clientId,
      String status) {}

  /** The last check: when, the confirmed differences, the outside orders. */
  public record ReportJson(
      String checkedAt, List<MismatchJson> mismatches, List<OutsideOrderJson> outsideOrders) {}

  @Operation(
      summary = "The last reconciliation of positions (no IB request)",
      description =
          "A difference is listed once two checks in a row found it with the same figures;"
              + " checkedAt is null before the first check.")
  @GetMapping
  public ReportJson last() {
    return json(reconciliation.report());
  }

  @Operation(
      summary = "Reconcile now: read IB's positions and open orders again and compare",
      description = "Answers the new report, or the last one when IB did not answer in 10 s.")
  @PostMapping("/check")
  public ReportJson checkNow() {
    try {
      return json(reconciliation.check());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "interrupted"));
    }
  }

  private static ReportJson json(PositionReconciliation.Report r) {
    return new ReportJson(
        r.checkedAt() == null ? null : r.checkedAt().toString(),
        r.mismatches().stream()
            .map(
                m ->
                    new MismatchJson(
                        m.account(),
                        m.symbol(),
                        m.ibQuantity().toPlainString(),
                        m.tradeplanQuantity().toPlainString(),
                        m.difference().toPlainString(),
                        m.since().toString()))
            .toList(),
        r.outsideOrders().stream()
            .map(
                o ->
                    new OutsideOrderJson(
                        o.account(),
                        o.symbol(),
                        o.action(),
                        plain(o.quantity()),
                        o.orderType(),
                        plain(o.limitPrice()),
                        plain(o.stopPrice()),
                        o.orderRef(),
                        o.orderId(),
                        o.clientId(),
                        o.status()))
            .toList());
  }

  private static String plain(java.math.BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }
}
