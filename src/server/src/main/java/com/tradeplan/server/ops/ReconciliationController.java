package com.tradeplan.server.ops;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.runtime.CommandResult;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.PositionActions;
import com.tradeplan.runtime.PositionReconciliation;
import com.tradeplan.server.plans.PlanController;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import com.tradeplan.store.AdminAuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' reconciliation of positions (docs/accounts.md): each account's positions at IB
 * against the sum of its plans', and the open orders made outside Tradeplan. Reading sends nothing
 * and the outside orders are never touched; a confirmed difference can be adopted into a plan or
 * flattened ({@link PositionActions}), each audited in the admin audit log with who, what and why.
 */
@RestController
@RequestMapping(path = "/api/ops/reconciliation", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ops", description = "operators (role OPERATOR)")
@SecurityRequirement(name = "bearer")
public class ReconciliationController {
  private static final Logger LOG = LoggerFactory.getLogger(ReconciliationController.class);

  private final PositionReconciliation reconciliation;
  private final PositionActions actions;
  private final AdminAuditLog audit;

  public ReconciliationController(Platform platform, AdminAuditLog audit) {
    this.reconciliation = platform.accounts().reconciliation();
    this.actions = platform.positionActions();
    this.audit = audit;
  }

  /**
   * An operator's answer to one confirmed difference.
   *
   * @param expectedDifference the difference as the operator saw it: refused (409) when it moved
   * @param stop adopt only: the protective stop of the new plan
   * @param target adopt only, optional: its target
   * @param price optional: the value a share is taken over at (default: the last price)
   * @param confirm flatten only: must be true
   */
  public record Action(
      String account,
      String symbol,
      String owner,
      String expectedDifference,
      String stop,
      String target,
      String price,
      String why,
      Boolean confirm) {}

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

  @Operation(
      summary = "Adopt a confirmed difference into a new live plan (audited)",
      description =
          "Body {account, symbol, owner, expectedDifference, stop, target?, price?, why?}: a plan of"
              + " owner (a user linked to the account) holding the difference, LIVE at once with the"
              + " stop, protected from the next tick. Answers the plan. 409 when the difference is"
              + " no longer the one given (or was acted on), 422 per field.")
  @PostMapping(path = "/adopt", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> adopt(Authentication caller, @RequestBody Action body) {
    return audited(caller, "reconciliation.adopt", body, actions.adopt(caller.getName(), of(body)));
  }

  @Operation(
      summary = "Flatten a confirmed difference: one market order for exactly it (audited)",
      description =
          "Body {account, symbol, owner, expectedDifference, confirm: true, why?}: the difference"
              + " is adopted into a plan of owner and flattened at once (SELL what IB holds beyond"
              + " the plans, BUY what it lacks). Answers the plan. 422 without confirm.")
  @PostMapping(path = "/flatten", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<?> flatten(Authentication caller, @RequestBody Action body) {
    if (!Boolean.TRUE.equals(body.confirm())) {
      throw new ApiException(
          Problems.invalid(
              List.of(
                  new FieldError(
                      "confirm", "must be true: a market order for the difference is sent"))));
    }
    return audited(
        caller, "reconciliation.flatten", body, actions.flatten(caller.getName(), of(body)));
  }

  private ResponseEntity<?> audited(
      Authentication caller, String action, Action body, CommandResult<PlanView> r) {
    if (r instanceof CommandResult.Ok<PlanView> ok) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("owner", body.owner());
      details.put("difference", body.expectedDifference());
      details.put("plan", ok.value().snapshot().planId());
      if (body.stop() != null) {
        details.put("stop", body.stop());
      }
      details.put("why", body.why());
      try {
        audit.record(caller.getName(), action, body.account() + ":" + body.symbol(), details);
      } catch (RuntimeException e) {
        LOG.error(
            "{} of {} {} by {} done but not audited",
            action,
            body.account(),
            body.symbol(),
            caller.getName(),
            e);
      }
    }
    return PlanController.viewOrProblem(r);
  }

  private static PositionActions.Request of(Action b) {
    return new PositionActions.Request(
        b.account(),
        b.symbol(),
        b.owner(),
        b.expectedDifference(),
        b.stop(),
        b.target(),
        b.price(),
        b.why());
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
