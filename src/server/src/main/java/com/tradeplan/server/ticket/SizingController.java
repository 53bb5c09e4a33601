package com.tradeplan.server.ticket;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.domain.plan.Side;
import com.tradeplan.domain.risk.EntrySizing;
import com.tradeplan.domain.risk.LimitScope;
import com.tradeplan.domain.risk.RiskLimits;
import com.tradeplan.runtime.Platform;
import com.tradeplan.server.account.AccountCommissionPlans;
import com.tradeplan.server.risk.LimitsJson;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sizes a trader's entry from an amount at risk: {@code POST /api/sizing} (docs/api.md, "The plan
 * ticket"; docs/risk.md, "Sizing"). The quantity is {@link EntrySizing}'s: the loss to the first
 * stop plus the commissions of the entry and of the exit at the stop under the commission plan of
 * the trader's linked account ({@link AccountCommissionPlans}: the account's own, else the
 * platform's {@code tradeplan.commission}, as {@link CommissionController} quotes), capped by the
 * price band's tier and the order limits that hold for the caller (every layer: platform, their
 * linked account, theirs) and by the room their figures leave under the position and open-notional
 * limits as the risk check counts them now, and by the limits the trader intends for the plan
 * ({@code planLimits}: a PLAN layer's fields, validated as one; the plan does not exist yet, so
 * they are not stored). The answer names the cap that bound it. Reads only: sizing reserves
 * nothing, the entry is checked again at activation and at the gate when it goes.
 */
@RestController
@Tag(name = "sizing", description = "the quantity an amount at risk buys (traders)")
@SecurityRequirement(name = "bearer")
public class SizingController {
  /** The request's field of the plan's intended limits, and the prefix of its errors. */
  static final String PLAN_LIMITS = "planLimits";

  private final Platform platform;
  private final AccountCommissionPlans commissions;

  public SizingController(Platform platform, AccountCommissionPlans commissions) {
    this.platform = platform;
    this.commissions = commissions;
  }

  /**
   * The question: prices and the amount as decimal strings; {@code planLimits} (optional) the
   * limits the trader intends for the plan, a PLAN layer's fields.
   */
  public record SizingRequest(
      String symbol,
      String side,
      String entryPrice,
      String stopPrice,
      String amountAtRisk,
      LimitsJson planLimits) {}

  /** A question read: what to size and the plan's intended limits ({@code NONE}: none). */
  private record Read(EntrySizing.Question question, RiskLimits planLimits) {}

  /** One cap: the limit's name, its value, the most shares it allows, why. */
  public record CapJson(String limit, String value, long shares, String why) {
    static CapJson of(EntrySizing.Cap c) {
      return new CapJson(c.limit(), c.value(), c.shares(), c.why());
    }
  }

  /**
   * The answer: the quantity (0 with {@code problem} when no share fits), the figures of that
   * quantity (commissions with 4 decimals, as IB reports them), the cap that bound it and every cap
   * considered. {@code commissionModel} is the plan that priced the commissions and {@code
   * commissionSource} where it comes from: {@code account} (the account's own) or {@code platform}.
   */
  public record SizingAnswer(
      String symbol,
      String side,
      String account,
      String commissionModel,
      String commissionSource,
      long quantity,
      String riskPerShare,
      String risk,
      String entryCommission,
      String exitCommission,
      String totalRisk,
      CapJson boundBy,
      List<CapJson> caps,
      String problem) {}

  @Operation(
      summary = "The quantity that risks at most an amount, commissions and limits counted",
      description =
          "422 validation naming symbol, side (LONG or SHORT), entryPrice, stopPrice (a plain"
              + " decimal > 0, on the losing side of the entry), amountAtRisk or a field of"
              + " planLimits (planLimits.maxOrderQuantity, ...; only a PLAN layer's limits).")
  @PostMapping(
      path = "/api/sizing",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public SizingAnswer size(@RequestBody SizingRequest body, Authentication who) {
    Read read = read(body);
    EntrySizing.Question q = read.question();
    String user = who.getName();
    String account = platform.accounts().accountOf(user).orElse(null);
    RiskLimits order = platform.riskLimits().layers().forOrder(account, user, null);
    boolean buy = q.side() == Side.LONG;
    List<EntrySizing.Cap> room =
        platform
            .riskLimits()
            .entryLimits()
            .sizingRoom(user, account, q.symbol(), buy, q.entryPrice());
    AccountCommissionPlans.PricedBy plan = commissions.planOf(account);
    EntrySizing.Answer a = EntrySizing.size(q, plan.model(), order, read.planLimits(), room);
    return new SizingAnswer(
        q.symbol(),
        q.side().name(),
        account,
        plan.model().spec(),
        plan.source(),
        a.quantity(),
        a.riskPerShare().toPlainString(),
        a.risk().toPlainString(),
        Decimals.fixed(a.entryCommission(), CommissionModel.IB_SCALE),
        Decimals.fixed(a.exitCommission(), CommissionModel.IB_SCALE),
        Decimals.fixed(a.totalRisk(), CommissionModel.IB_SCALE),
        CapJson.of(a.binding()),
        a.caps().stream().map(CapJson::of).toList(),
        a.problem());
  }

  private static Read read(SizingRequest body) {
    List<FieldError> errors = new ArrayList<>();
    if (body == null) {
      throw new ApiException(Problems.badRequest("a sizing question is a JSON object"));
    }
    RiskLimits planLimits = RiskLimits.NONE;
    if (body.planLimits() != null) {
      planLimits = body.planLimits().toLimits(PLAN_LIMITS, errors);
      for (String e : planLimits.errorsFor(LimitScope.PLAN)) {
        errors.add(LimitsJson.fieldError(PLAN_LIMITS, e));
      }
    }
    String symbol = body.symbol() == null ? "" : body.symbol().trim().toUpperCase(Locale.ROOT);
    if (!symbol.matches("[A-Z0-9][A-Z0-9.\\- ]{0,20}")) {
      errors.add(new FieldError("symbol", "a symbol such as AAPL"));
    }
    Side side = null;
    if ("LONG".equals(body.side()) || "SHORT".equals(body.side())) {
      side = Side.valueOf(body.side());
    } else {
      errors.add(new FieldError("side", "LONG or SHORT"));
    }
    BigDecimal entry = positive("entryPrice", body.entryPrice(), errors);
    BigDecimal stop = positive("stopPrice", body.stopPrice(), errors);
    BigDecimal amount = positive("amountAtRisk", body.amountAtRisk(), errors);
    if (side != null && entry != null && stop != null && side.sign() * entry.compareTo(stop) <= 0) {
      errors.add(
          new FieldError(
              "stopPrice",
              "must be "
                  + (side == Side.LONG ? "below" : "above")
                  + " the entry price to size a risk"));
    }
    if (!errors.isEmpty()) {
      throw new ApiException(Problems.invalid(errors));
    }
    return new Read(new EntrySizing.Question(symbol, side, entry, stop, amount), planLimits);
  }

  private static BigDecimal positive(String field, String text, List<FieldError> errors) {
    BigDecimal v;
    try {
      v = Decimals.parse(text);
    } catch (NumberFormatException e) {
      errors.add(new FieldError(field, "a plain decimal string such as \"101.25\""));
      return null;
    }
    if (v.signum() <= 0) {
      errors.add(new FieldError(field, "must be greater than 0"));
      return null;
    }
    return v;
  }
}
