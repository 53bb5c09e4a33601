package com.tradeplan.store;

/** What {@link TradeStore#create} did: expected outcomes are values, not exceptions. */
public enum CreateResult {
  CREATED,
  /** A trade document with this plan id exists already; nothing was written. */
  ALREADY_EXISTS
}
