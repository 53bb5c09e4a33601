package com.tradeplan.broker.tws;

/** Which executions reqExecutions returns; null fields do not filter. */
public record ExecutionFilter(
    Integer clientId,
    String acctCode,
    String time,
    String symbol,
    String secType,
    String exchange,
    String side) {
  public static final ExecutionFilter ALL =
      new ExecutionFilter(null, null, null, null, null, null, null);
}
