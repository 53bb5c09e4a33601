package com.tradeplan.gateway;

/**
 * The faults a test or an operator switches on in the simulated exchange, to see a client survive
 * what IB does on a bad day: the next order rejected, every order status sent twice, executions
 * reported late, every whatIf order answered as rejected. (Replaying executions and dropping
 * connections act at once and need no state; they are on {@link PaperGateway}.) Not thread-safe:
 * guarded by the exchange's lock.
 */
final class ExchangeFaults {
  private String rejectNextReason;
  private boolean duplicateStatus;
  private long executionDelayMillis;
  private String whatIfRejection;

  /**
   * From now on every whatIf order is answered with error 201 and {@code reason} instead of its
   * margin figures (null: answered again). Orders that are not whatIf are not affected, and a
   * whatIf order never takes the {@link #rejectNextOrder} meant for a real one.
   */
  void setWhatIfRejection(String reason) {
    this.whatIfRejection = reason;
  }

  /** Why whatIf orders are rejected now; null when they are answered. */
  String whatIfRejection() {
    return whatIfRejection;
  }

  /** The next new order is rejected with {@code reason} (error 201), once. */
  void rejectNextOrder(String reason) {
    this.rejectNextReason = reason;
  }

  /** The reason to reject this order with, once; null when no rejection is pending. */
  String takeRejectNext() {
    String reason = rejectNextReason;
    rejectNextReason = null;
    return reason;
  }

  /** Every orderStatus is sent twice, as IB sometimes does. */
  void setDuplicateStatus(boolean on) {
    this.duplicateStatus = on;
  }

  boolean duplicateStatus() {
    return duplicateStatus;
  }

  /** Extra delay of every execution report, on top of the configured fill latency. */
  void setExecutionDelayMillis(long millis) {
    this.executionDelayMillis = millis;
  }

  long executionDelayMillis() {
    return executionDelayMillis;
  }
}
