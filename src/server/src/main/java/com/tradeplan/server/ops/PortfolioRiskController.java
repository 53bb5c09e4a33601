package com.tradeplan.server.ops;

import com.tradeplan.broker.WhatIfAnswer;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.RiskRebalancer;
import com.tradeplan.runtime.ShadowWhatIf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' view of the portfolio checks (docs/risk.md): each account's open risk and gross
 * exposure against its thresholds as the rebalancer last evaluated them (and whether its entries
 * are restricted), and the last what-if check of each live plan's exit. Reading sends nothing;
 * asking for new what-if checks only marks every live plan due for the next round.
 */
@RestController
@RequestMapping(path = "/api/ops/portfolio-risk", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ops", description = "operators (role OPERATOR)")
@SecurityRequirement(name = "bearer")
public class PortfolioRiskController {
  private final RiskRebalancer rebalancer;
  private final ShadowWhatIf whatIf;

  public PortfolioRiskController(Platform platform) {
    this.rebalancer = platform.riskRebalancer();
    this.whatIf = platform.shadowWhatIf();
  }

  /** One account as the rebalancer last saw it; money as decimal strings. */
  public record AccountJson(
      String account,
      String openRisk,
      String grossExposure,
      String maxOpenRisk,
      String maxGrossExposure,
      String over,
      String since,
      String evaluatedAt) {}

  /** The last what-if check of one live plan's stop exit (verdict null: waiting for IB). */
  public record WhatIfJson(
      String planId,
      String owner,
      long position,
      String price,
      String askedAt,
      String verdict,
      String reason,
      String initMarginChange,
      String initMarginAfter,
      String equityWithLoanAfter,
      String commission) {}

  public record PortfolioJson(List<AccountJson> accounts, List<WhatIfJson> whatIf) {}

  @Operation(
      summary = "The rebalancer's last figures per account and the last what-if check per plan",
      description =
          "over names the threshold an account is over (its new entries are then blocked or"
              + " throttled); whatIf is empty unless TRADEPLAN_WHAT_IF_CHECKS is on.")
  @GetMapping
  public PortfolioJson portfolio() {
    return new PortfolioJson(
        rebalancer.accounts().values().stream()
            .map(
                a ->
                    new AccountJson(
                        a.account(),
                        plain(a.openRisk()),
                        plain(a.grossExposure()),
                        plain(a.maxOpenRisk()),
                        plain(a.maxGrossExposure()),
                        a.over(),
                        a.since() == null ? null : a.since().toString(),
                        a.evaluatedAt().toString()))
            .toList(),
        whatIf.checks().values().stream()
            .sorted(java.util.Comparator.comparing(ShadowWhatIf.Check::planId))
            .map(PortfolioRiskController::json)
            .toList());
  }

  @Operation(summary = "Check every live plan's exit again at the next what-if round")
  @PostMapping("/what-if/check")
  public PortfolioJson checkWhatIfAgain() {
    whatIf.checkAllAgain();
    return portfolio();
  }

  private static WhatIfJson json(ShadowWhatIf.Check c) {
    WhatIfAnswer a = c.answer();
    return new WhatIfJson(
        c.planId(),
        c.owner(),
        c.position(),
        plain(c.price()),
        c.askedAt().toString(),
        a == null ? null : a.verdict().name(),
        a == null ? null : a.reason(),
        a == null ? null : plain(a.initMarginChange()),
        a == null ? null : plain(a.initMarginAfter()),
        a == null ? null : plain(a.equityWithLoanAfter()),
        a == null ? null : plain(a.commission()));
  }

  private static String plain(BigDecimal d) {
    return d == null ? null : d.toPlainString();
  }
}
