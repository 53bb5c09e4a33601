package com.tradeplan.runtime;

import com.tradeplan.domain.config.EnvironmentVariables;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of the platform's portfolio-wide checks (issue 14, points 6 and 7; docs/risk.md):
 * the shadow what-if checks of every live plan's exit ({@link ShadowWhatIf}) and the portfolio risk
 * rebalancer ({@link RiskRebalancer}).
 *
 * @param whatIfChecks whether live plans' exits are checked with IB's whatIf ({@code
 *     TRADEPLAN_WHAT_IF_CHECKS}, default false: each check is a placeOrder in IB's pacing, so an
 *     operator turns it on knowingly)
 * @param rebalanceEvery how often each account's open risk and gross exposure are evaluated ({@code
 *     TRADEPLAN_RISK_REBALANCE_SECONDS}, 60 to 300, default 60)
 * @param overThreshold what an account over one of its thresholds gets ({@code
 *     TRADEPLAN_RISK_REBALANCE_ACTION}: {@code block} (default) or {@code throttle})
 */
public record PortfolioChecks(
    boolean whatIfChecks, Duration rebalanceEvery, RiskRebalancer.Action overThreshold) {
  public static final int REBALANCE_SECONDS_MIN = 60;
  public static final int REBALANCE_SECONDS_MAX = 300;

  public PortfolioChecks {
    Objects.requireNonNull(overThreshold, "overThreshold");
    long s = rebalanceEvery.toSeconds();
    if (s < REBALANCE_SECONDS_MIN || s > REBALANCE_SECONDS_MAX) {
      throw new IllegalArgumentException(
          "TRADEPLAN_RISK_REBALANCE_SECONDS: "
              + s
              + " outside "
              + REBALANCE_SECONDS_MIN
              + ".."
              + REBALANCE_SECONDS_MAX);
    }
  }

  /** The defaults: no what-if checks, the rebalancer every 60 s, blocking. */
  public static final PortfolioChecks DEFAULTS =
      new PortfolioChecks(false, Duration.ofSeconds(60), RiskRebalancer.Action.BLOCK);

  static PortfolioChecks fromEnvironment(EnvironmentVariables env) {
    String action = env.text("TRADEPLAN_RISK_REBALANCE_ACTION", "block");
    RiskRebalancer.Action a =
        switch (action.strip().toLowerCase(java.util.Locale.ROOT)) {
          case "block" -> RiskRebalancer.Action.BLOCK;
          case "throttle" -> RiskRebalancer.Action.THROTTLE;
          default ->
              throw new IllegalArgumentException(
                  "TRADEPLAN_RISK_REBALANCE_ACTION: '" + action + "' is not block or throttle");
        };
    return new PortfolioChecks(
        env.bool("TRADEPLAN_WHAT_IF_CHECKS", false),
        Duration.ofSeconds(
            env.integer(
                "TRADEPLAN_RISK_REBALANCE_SECONDS",
                REBALANCE_SECONDS_MIN,
                REBALANCE_SECONDS_MIN,
                REBALANCE_SECONDS_MAX)),
        a);
  }
}
