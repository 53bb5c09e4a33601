package com.tradeplan.broker.tws;

import java.math.BigDecimal;

/**
 * An IB contract as it travels on the wire, shaped like IB's own {@code Contract}. Unset fields are
 * null and go out as empty fields.
 */
public final class Contract {
  public Integer conId;
  public String symbol;
  public String secType;
  public String lastTradeDateOrContractMonth;
  public BigDecimal strike;
  public String right;
  public String multiplier;
  public String exchange;
  public String primaryExch;
  public String currency;
  public String localSymbol;
  public String tradingClass;
  public String secIdType;
  public String secId;

  public static Contract stock(String symbol, String exchange, String currency) {
    Contract c = new Contract();
    c.symbol = symbol;
    c.secType = "STK";
    c.exchange = exchange;
    c.currency = currency;
    return c;
  }

  @Override
  public String toString() {
    return symbol + " " + secType + " " + exchange + " " + currency;
  }
}
