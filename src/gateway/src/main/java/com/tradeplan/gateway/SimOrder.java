package com.tradeplan.gateway;

import java.math.BigDecimal;
import java.time.Instant;

/** An order inside the simulated exchange. Owned and mutated under the exchange's lock only. */
final class SimOrder {
  int clientId;
  int orderId;
  long permId;
  int conId;
  String account;
  String symbol;
  String secType;
  String exchange;
  String currency;
  String action;
  BigDecimal totalQuantity;
  String orderType;
  BigDecimal lmtPrice;
  BigDecimal auxPrice;
  String tif;
  String goodTillDate;
  Instant expiresAt;
  String ocaGroup;
  int ocaType;
  int parentId;
  boolean transmit;
  String orderRef;
  boolean whatIf;

  String status = "PendingSubmit";
  BigDecimal filled = BigDecimal.ZERO;
  BigDecimal avgFillPrice;
  BigDecimal lastFillPrice;
  boolean stopTriggered;

  /** Not yet transmitted (transmit=false, waiting for the last order of its bracket). */
  boolean held;

  /** A bracket child waiting for its parent to fill. */
  boolean waitingForParent;

  /** Market orders fill at the next price after they arrive, not at the one before. */
  long arrivedAtTick;

  boolean buy() {
    return "BUY".equals(action);
  }

  BigDecimal remaining() {
    return totalQuantity.subtract(filled);
  }

  boolean isDone() {
    return "Filled".equals(status) || "Cancelled".equals(status) || "ApiCancelled".equals(status);
  }

  boolean isWorking() {
    return !isDone() && !held && !waitingForParent;
  }
}
