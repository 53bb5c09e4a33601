package com.tradeplan.domain.order;

/** The order types the executor can send. The lifecycle itself only sends MARKET orders. */
public enum OrderType {
  MARKET,
  LIMIT,
  STOP,
  STOP_LIMIT
}
