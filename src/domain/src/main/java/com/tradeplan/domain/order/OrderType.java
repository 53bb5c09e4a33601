package com.tradeplan.domain.order;

/**
 * The order types the executor can send. The lifecycle sends MARKET orders, and a LIMIT for an
 * entry with slippage protection ({@code OrderRequest.ofPlan}).
 */
public enum OrderType {
  MARKET,
  LIMIT,
  STOP,
  STOP_LIMIT
}
