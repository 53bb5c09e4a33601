package com.tradeplan.domain.order;

/**
 * Why an order exists in a plan: to enter, to stop out, to take a target, the trader's flatten, or
 * the trader's close of part of the position ({@code CLOSE}: one order per close, numbered by its
 * attempt, issue 18).
 */
public enum OrderRole {
  ENTRY,
  STOP,
  TARGET,
  FLATTEN,
  CLOSE;

  public boolean isExit() {
    return this != ENTRY;
  }
}
