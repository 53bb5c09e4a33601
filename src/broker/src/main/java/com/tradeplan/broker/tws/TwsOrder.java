package com.tradeplan.broker.tws;

import java.math.BigDecimal;

/**
 * An order as it travels on the wire, shaped like IB's own {@code Order} but holding only what an
 * executor sets. Null means unset and goes out as an empty field, as IB's clients send it.
 */
public final class TwsOrder {
  public String action;
  public BigDecimal totalQuantity;

  /** IB's order type text: MKT, LMT, STP, STP LMT. */
  public String orderType;

  public BigDecimal lmtPrice;

  /** The stop price for STP and STP LMT. */
  public BigDecimal auxPrice;

  /** DAY, GTC, IOC, GTD (with {@link #goodTillDate}). */
  public String tif;

  public String ocaGroup;

  /** 1 cancel others with block, 2 reduce with block, 3 reduce without block. */
  public Integer ocaType;

  public String account;
  public String orderRef;

  /** The client id that placed the order, as openOrder reports it (never written by placeOrder). */
  public Integer clientId;

  public Boolean transmit;
  public Integer parentId;
  public Boolean outsideRth;

  /** "yyyyMMdd HH:mm:ss" plus optional zone, for tif GTD. */
  public String goodTillDate;

  public Boolean whatIf;

  @Override
  public String toString() {
    return action
        + " "
        + FieldWriter.plain(totalQuantity)
        + " "
        + orderType
        + (lmtPrice != null ? " lmt " + FieldWriter.plain(lmtPrice) : "")
        + (auxPrice != null ? " aux " + FieldWriter.plain(auxPrice) : "")
        + " ref="
        + orderRef;
  }
}
