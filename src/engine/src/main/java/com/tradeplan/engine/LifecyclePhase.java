package com.tradeplan.engine;

/**
 * The phases of one engine step, in the order lifecycle.md section 4 evaluates them. Each is a
 * ruleflow group of rules/lifecycle: a rule names its phase with {@code ruleflow-group "<name>"},
 * and {@link UserSession} fires the phases in this order. This enum is the one place that order is
 * written down; {@link RuleSet} refuses a rule that belongs to none of them.
 */
public enum LifecyclePhase {
  /** Fills, order statuses and commissions from the broker, applied before anything else. */
  BROKER_REPORTS("broker reports"),
  /** What the position and the working orders say the plan status is. */
  STATUS("status"),
  /** Cancel and flatten. */
  TRADER_ACTIONS("trader actions"),
  /** Expiry, then the entry trigger of an ACTIVE plan. */
  ENTRY("entry"),
  /** Stop eligibility, the trailing level and the active stop of a live trade. */
  STOPS("stops"),
  /** The stop is hit, targets are reached: each trigger asks for an exit. */
  EXIT_TRIGGERS("exit triggers"),
  /**
   * The entry rest is cancelled, then each exit is sized and sent: stop first, targets by index.
   */
  EXIT_ORDERS("exit orders");

  private final String group;

  LifecyclePhase(String group) {
    this.group = group;
  }

  /** The ruleflow group name the rule files use for this phase. */
  public String group() {
    return group;
  }
}
