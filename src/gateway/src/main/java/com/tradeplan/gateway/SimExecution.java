package com.tradeplan.gateway;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** One execution of the simulated exchange, with its commission. */
record SimExecution(
    String execId,
    int clientId,
    int orderId,
    long permId,
    String orderRef,
    String account,
    int conId,
    String symbol,
    String secType,
    String exchange,
    String currency,
    String side,
    BigDecimal shares,
    BigDecimal price,
    BigDecimal cumQty,
    BigDecimal avgPrice,
    BigDecimal commission,
    String time) {
  private static final DateTimeFormatter EXEC_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd  HH:mm:ss").withZone(ZoneOffset.UTC);

  /**
   * The execution of {@code qty} at {@code price} of an order whose fill fields already count it;
   * {@code seq} numbers the exchange's executions (IB-shaped id {@code 0000cccc.ssssssss.01.01}).
   */
  static SimExecution of(
      SimOrder o, long seq, BigDecimal qty, BigDecimal price, BigDecimal commission, Instant at) {
    return new SimExecution(
        String.format("0000%04x.%08x.01.01", o.clientId & 0xFFFF, seq),
        o.clientId,
        o.orderId,
        o.permId,
        o.orderRef,
        o.account,
        o.conId,
        o.symbol,
        o.secType,
        o.exchange,
        o.currency,
        o.buy() ? "BOT" : "SLD",
        qty,
        price,
        o.filled,
        o.avgFillPrice,
        commission,
        EXEC_TIME.format(at));
  }
}
