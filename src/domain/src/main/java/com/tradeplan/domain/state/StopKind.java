package com.tradeplan.domain.state;

/** Where a stop level comes from. */
public enum StopKind {
  /** A stop of the plan without an activation level: eligible once the trade is live. */
  FIXED,
  /** A stop of the plan with {@code activateAt}: eligible from the first tick that reaches it. */
  ACTIVATED,
  /** The trailing stop: the best price since the first fill, minus (LONG) its distance. */
  TRAILING
}
