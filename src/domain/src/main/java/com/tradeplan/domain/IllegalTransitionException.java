package com.tradeplan.domain;

/**
 * A status change that the transition table refuses. This is a broken invariant, not an expected
 * outcome: the caller tried to move something where the lifecycle never goes.
 */
public final class IllegalTransitionException extends IllegalStateException {
  private final String from;
  private final String to;

  public IllegalTransitionException(String kind, Object from, Object to) {
    super(kind + " cannot move from " + from + " to " + to);
    this.from = String.valueOf(from);
    this.to = String.valueOf(to);
  }

  public String from() {
    return from;
  }

  public String to() {
    return to;
  }
}
