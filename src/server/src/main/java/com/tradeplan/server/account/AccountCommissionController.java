package com.tradeplan.server.account;

import com.tradeplan.domain.plan.FieldError;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.UserAccounts;
import com.tradeplan.server.web.ApiException;
import com.tradeplan.server.web.Problems;
import com.tradeplan.store.AdminAuditLog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's endpoints for an IB account's commission plan (docs/accounts.md, "An account's
 * commission plan"): read, set and clear, each change audited in {@code admin_audit} with the plan
 * before and after. Sizing ({@code POST /api/sizing}) prices a trader's entry with their account's
 * plan ({@link AccountCommissionPlans}).
 */
@RestController
@RequestMapping(path = "/api/ops/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ops", description = "operators (role OPERATOR)")
@SecurityRequirement(name = "bearer")
public class AccountCommissionController {
  /** The longest reason an operator may give for a change. */
  static final int WHY_MAX_CHARS = 500;

  private final AccountCommissionPlans plans;
  private final UserAccounts accounts;
  private final AdminAuditLog audit;
  private final Clock clock = Clock.systemUTC();

  public AccountCommissionController(
      AccountCommissionPlans plans, Platform platform, AdminAuditLog audit) {
    this.plans = plans;
    this.accounts = platform.accounts();
    this.audit = audit;
  }

  /** The body of a change: the plan's notation and why. */
  public record PlanChange(String plan, String why) {}

  /**
   * An account's plan.
   *
   * @param source {@code account} (set by an operator) or {@code platform} (none of its own)
   * @param setBy null for the platform's
   */
  public record PlanJson(String account, String plan, String source, String setBy, String setAt) {
    static PlanJson of(String account, AccountCommissionPlans.PricedBy p) {
      return new PlanJson(
          account,
          p.model().spec(),
          p.source(),
          p.setBy(),
          p.setAt() == null ? null : p.setAt().toString());
    }
  }

  /** Every account with a plan of its own, and the platform's plan that prices the others. */
  public record PlansJson(String platform, List<PlanJson> accounts) {}

  @Operation(summary = "The platform's commission plan and every account's own (at most 500)")
  @GetMapping("/commissions")
  public PlansJson list() {
    return new PlansJson(
        plans.platformModel().spec(),
        plans.list().stream()
            .map(
                p ->
                    new PlanJson(
                        p.account(),
                        p.plan(),
                        "account",
                        p.setBy(),
                        p.setAt() == null ? null : p.setAt().toString()))
            .toList());
  }

  @Operation(summary = "The commission plan that prices an account (its own, else the platform's)")
  @GetMapping("/{account}/commission")
  public PlanJson get(@PathVariable String account) {
    requireAccount(account);
    return PlanJson.of(account, plans.planOf(account));
  }

  @Operation(
      summary = "Set an account's commission plan (audited)",
      description =
          "Body {plan, why?} (why: at most 500 characters): ib-fixed[:rate=X,min=Y,cap=Z] or ib-tiered[:volume=N,fees=X]. 422"
              + " naming plan (not one of IB's plans, a bad parameter) or account (not an account"
              + " code, or not served by the broker connection).")
  @PutMapping(path = "/{account}/commission", consumes = MediaType.APPLICATION_JSON_VALUE)
  public PlanJson set(
      Authentication caller, @PathVariable String account, @RequestBody PlanChange body) {
    requireAccount(account);
    AccountCommissionPlans.Parsed parsed =
        AccountCommissionPlans.parse(body == null ? null : body.plan());
    List<FieldError> errors = new ArrayList<>();
    if (parsed.problem() != null) {
      errors.add(new FieldError("plan", parsed.problem()));
    }
    if (body != null && body.why() != null && body.why().length() > WHY_MAX_CHARS) {
      errors.add(new FieldError("why", "at most " + WHY_MAX_CHARS + " characters"));
    }
    if (!errors.isEmpty()) {
      throw new ApiException(Problems.invalid(errors));
    }
    AccountCommissionPlans.PricedBy before = plans.planOf(account);
    plans.set(account, parsed.model(), caller.getName(), clock.instant());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("plan", parsed.model().spec());
    details.put("before", before.source().equals("account") ? before.model().spec() : null);
    details.put("why", body.why());
    audit.record(caller.getName(), "account.commission.set", account, details);
    return PlanJson.of(account, plans.planOf(account));
  }

  @Operation(summary = "Clear an account's commission plan: the platform's prices it (audited)")
  @DeleteMapping("/{account}/commission")
  public PlanJson clear(Authentication caller, @PathVariable String account) {
    requireAccount(account);
    AccountCommissionPlans.PricedBy before = plans.planOf(account);
    if (plans.clear(account)) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("before", before.model().spec());
      audit.record(caller.getName(), "account.commission.clear", account, details);
    }
    return PlanJson.of(account, plans.planOf(account));
  }

  /** 422 naming {@code account} unless it is an account code the connection serves. */
  private void requireAccount(String account) {
    if (!UserAccounts.ACCOUNT.matcher(account).matches()) {
      throw new ApiException(
          Problems.invalid(
              List.of(new FieldError("account", "must be 1 to 32 letters or digits"))));
    }
    List<String> served = accounts.served();
    if (!served.isEmpty() && !served.contains(account)) {
      throw new ApiException(
          Problems.invalid(
              List.of(
                  new FieldError(
                      "account",
                      "is not served by the broker connection (it serves " + served + ")"))));
    }
  }
}
