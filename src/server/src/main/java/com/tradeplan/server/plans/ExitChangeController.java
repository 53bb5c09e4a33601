package com.tradeplan.server.plans;

import com.tradeplan.domain.plan.ExitChangeDraft;
import com.tradeplan.runtime.CommandResult;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.TradingService;
import com.tradeplan.server.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A trader changes the exits of a plan whose entry works or whose trade is live (issue 18; docs
 * /api.md, "Changing the exits of a live trade"): one change per call, checked against the plan's
 * version (If-Match) like an edit. Apart from {@link PlanController} because its input and answers
 * differ: a change that does not fit is a 400 naming each field (not a 422 plan validation), and
 * one the trade cannot take now a 409 with the rules' reason. Decides nothing itself.
 */
@RestController
@RequestMapping(path = "/api/plans", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "plans", description = "a trader's plans (role TRADER)")
@SecurityRequirement(name = "bearer")
public class ExitChangeController {
  private final TradingService trading;
  private final IdempotentCommands idempotent;

  public ExitChangeController(TradingService trading, PlanController plans) {
    this.trading = trading;
    this.idempotent = plans.idempotentCommands();
  }

  @Operation(
      summary = "Change the exits of a working or live trade",
      description =
          "Body: {kind, ...}: moveStop {index, price}, addStop {price, activateAt?}, removeStop"
              + " {index}, moveTarget {index, price}, addTarget {price, quantity?},"
              + " setTargetQuantity {index, quantity}, setTrailingDistance {distance},"
              + " stopToBreakEven {}, closePart {quantity}; each with an optional reason (kept in"
              + " the history). Prices as decimal strings. If-Match: the plan's version (409"
              + " when it moved, 428 without). 400 names each invalid field; 409 'refused' with"
              + " the rules' reason when the trade cannot take it now. Idempotency-Key supported.")
  @PostMapping(path = "/{id}/exits", consumes = MediaType.APPLICATION_JSON_VALUE)
  public ResponseEntity<String> changeExits(
      Authentication caller,
      @PathVariable String id,
      @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestHeader(name = IdempotentCommands.HEADER, required = false) String key,
      @RequestBody(required = false) String body) {
    String owner = caller.getName();
    PlanController.requireId(id);
    long expected = PlanController.expectedVersion(ifMatch);
    return idempotent.run(
        owner,
        key,
        "exits:" + id + ":" + expected,
        body,
        () -> {
          ExitChangeDraft draft = ExitChangeRequestReader.read(body);
          CommandResult<PlanView> r = trading.changeExits(owner, id, draft, expected);
          if (r instanceof CommandResult.Invalid<PlanView> inv) {
            return ResponseEntity.badRequest()
                .body(Problems.badRequest("invalid change of exits", inv.errors()));
          }
          return PlanController.viewOrProblem(r);
        });
  }
}
