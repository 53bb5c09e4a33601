package com.tradeplan.domain.order;

/** IB's order action. */
public enum OrderAction {
  BUY,
  SELL
}
