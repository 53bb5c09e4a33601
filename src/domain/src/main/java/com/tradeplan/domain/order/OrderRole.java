package com.tradeplan.domain.order;

/**
 * Why an order exists in a plan: to enter, to stop out, to take a target, or the trader's flatten.
 */
public enum OrderRole {
  ENTRY,
  STOP,
  TARGET,
  FLATTEN;

  public boolean isExit() {
    return this != ENTRY;
  }
}
