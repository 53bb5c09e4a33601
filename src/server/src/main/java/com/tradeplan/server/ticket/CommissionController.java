package com.tradeplan.server.ticket;

import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.UserAccounts;
import com.tradeplan.server.account.AccountCommissionPlans;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What one order would cost: {@code GET /api/commission/quote?shares=100&price=101.25}. The model
 * is the commission plan of the caller's linked IB account ({@link AccountCommissionPlans}: its
 * own, set by an operator, else the setting {@code tradeplan.commission}, the notation of {@link
 * CommissionModel#parse}, {@code ib-fixed} by default: what IB Pro fixed charges, and what the
 * embedded paper gateway charges); a setting that cannot be read stops the server at start. Sizing
 * prices with the same plan. The UI's plan ticket asks for the entry and for the exit at the first
 * stop, so its figures are the server's to the cent.
 */
@RestController
@RequestMapping(path = "/api/commission", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "commission", description = "what an order would cost (any logged-in user)")
@SecurityRequirement(name = "bearer")
public class CommissionController {
  /** The most shares one quote may be for (no plan holds more: the plan limits are far lower). */
  static final long MAX_SHARES = 1_000_000_000L;

  private final AccountCommissionPlans plans;
  private final UserAccounts accounts;

  public CommissionController(AccountCommissionPlans plans, Platform platform) {
    this.plans = plans;
    this.accounts = platform.accounts();
  }

  /**
   * A quote: the model's notation and whose it is ({@code account}: the caller's account's own,
   * {@code platform}), the order asked about, and its commission (4 decimals, as IB reports it).
   */
  public record Quote(String model, String source, long shares, String price, String commission) {}

  @Operation(
      summary =
          "The commission of one order of `shares` at `price` under the commission plan of the"
              + " caller's account (its own, else the platform's)",
      description = "shares: 1..1000000000; price: a plain decimal > 0. 400 names each bad one.")
  @GetMapping("/quote")
  public Quote quote(
      @RequestParam(name = "shares", required = false) String shares,
      @RequestParam(name = "price", required = false) String price,
      Authentication who) {
    List<FieldError> errors = new ArrayList<>();
    long n = 0;
    if (shares == null || !shares.matches("[0-9]{1,10}")) {
      errors.add(new FieldError("shares", "must be a whole number of shares, 1 to " + MAX_SHARES));
    } else {
      n = Long.parseLong(shares);
      if (n < 1 || n > MAX_SHARES) {
        errors.add(new FieldError("shares", "must be 1 to " + MAX_SHARES));
      }
    }
    BigDecimal p = null;
    try {
      p = Decimals.parse(price);
      if (p.signum() <= 0) {
        errors.add(new FieldError("price", "must be greater than 0"));
      }
    } catch (NumberFormatException e) {
      errors.add(new FieldError("price", "must be a plain decimal such as 101.25"));
    }
    if (!errors.isEmpty()) {
      throw new ApiException(Problems.badRequest("bad query parameter", errors));
    }
    AccountCommissionPlans.PricedBy plan =
        plans.planOf(accounts.accountOf(who.getName()).orElse(null));
    BigDecimal count = BigDecimal.valueOf(n);
    BigDecimal commission = plan.model().orderCommission(count, p.multiply(count, Decimals.MATH));
    return new Quote(
        plan.model().spec(),
        plan.source(),
        n,
        p.toPlainString(),
        Decimals.fixed(commission, CommissionModel.IB_SCALE));
  }
}
