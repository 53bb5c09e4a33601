package com.tradeplan.gateway;

import com.tradeplan.broker.tws.FieldReader;
import com.tradeplan.broker.tws.MalformedMessageException;
import java.math.BigDecimal;

/**
 * Reads client requests at server version 193 (the fields the paper gateway acts on). What the
 * gateway keeps or computes with is read strictly by a {@link FieldCheck}; a request whose fields
 * are missing or not numbers where the protocol needs them is a {@link MalformedMessageException}.
 */
final class RequestParser {
  private RequestParser() {}

  /**
   * placeOrder: the message id has already been read. The order, or the first of its fields that is
   * out of bounds (a quantity or price that is not a plain decimal within limits, a text over its
   * length, a missing symbol), with {@code quantityMax} the largest quantity taken.
   *
   * <p>Long on purpose: one read or skip per wire field, in the order the client writes them at
   * v193, so that it can be checked against the protocol line by line; a split would hide that
   * order.
   */
  static PlaceOrderRequest placeOrder(FieldReader r, BigDecimal quantityMax) {
    FieldCheck check = new FieldCheck(quantityMax);
    int orderId = r.readInt();
    r.readStr(); // conId
    String symbol = check.requiredText("symbol", r.readStr(), FieldCheck.SYMBOL_CHARS_MAX);
    String secType = check.text("secType", r.readStr());
    r.skip(4); // lastTradeDate, strike, right, multiplier
    String exchange = check.text("exchange", r.readStr());
    r.readStr(); // primaryExch
    String currency = check.text("currency", r.readStr());
    r.skip(4); // localSymbol, tradingClass, secIdType, secId
    String action = check.text("action", r.readStr());
    BigDecimal qty = check.quantity("totalQuantity", r.readStr());
    String orderType = check.text("orderType", r.readStr());
    BigDecimal lmt = check.price("lmtPrice", r.readStr());
    BigDecimal aux = check.price("auxPrice", r.readStr());
    String tif = check.text("tif", r.readStr());
    String ocaGroup = check.text("ocaGroup", r.readStr());
    String account = check.text("account", r.readStr());
    r.readStr(); // openClose
    r.readStr(); // origin
    String orderRef = check.text("orderRef", r.readStr());
    String transmitText = r.readStr();
    boolean transmit = transmitText.isEmpty() || !"0".equals(transmitText);
    Integer parentId = r.readIntOrNull();
    r.skip(4); // blockOrder, sweepToFill, displaySize, triggerMethod
    String outsideRthText = r.readStr();
    boolean outsideRth = "1".equals(outsideRthText) || "true".equalsIgnoreCase(outsideRthText);
    r.skip(4); // hidden, sharesAllocation, discretionaryAmt, goodAfterTime
    String gtd = check.text("goodTillDate", r.readStr());
    r.skip(3 + 1 + 3); // FA x3, modelCode, shortSale x3
    Integer ocaType = r.readIntOrNull();
    r.skip(14 + 1); // rule80A .. stockRangeUpper, overridePercentageConstraints
    r.skip(2); // volatility, volatilityType
    String dnType = r.readStr();
    r.readStr(); // deltaNeutralAuxPrice
    if (!dnType.isEmpty()) {
      r.skip(8);
    }
    r.skip(2); // continuousUpdate, referencePriceType
    r.skip(2); // trailStopPrice, trailingPercent
    r.skip(2); // scaleInitLevelSize, scaleSubsLevelSize
    String scaleIncrement = r.readStr();
    if (!scaleIncrement.isEmpty()) {
      r.skip(7);
    }
    r.skip(3); // scaleTable, activeStartTime, activeStopTime
    String hedgeType = r.readStr();
    if (!hedgeType.isEmpty()) {
      r.readStr();
    }
    r.skip(4); // optOutSmartRouting, clearingAccount, clearingIntent, notHeld
    if (r.readBool()) {
      r.skip(3);
    }
    String algo = r.readStr();
    if (!algo.isEmpty()) {
      int n = r.readInt();
      if (n < 0 || n > 1000) {
        throw new MalformedMessageException("implausible algo param count " + n);
      }
      r.skip(2 * n);
    }
    r.readStr(); // algoId
    boolean whatIf = r.readBool();
    if (check.problem() != null) {
      return new PlaceOrderRequest.Invalid(orderId, check.problem());
    }
    ParsedOrder order =
        new ParsedOrder(
            orderId,
            symbol,
            secType,
            exchange,
            currency,
            action,
            qty,
            orderType,
            lmt,
            aux,
            tif,
            ocaGroup,
            account,
            orderRef,
            transmit,
            parentId == null ? 0 : parentId,
            gtd,
            ocaType == null ? 0 : ocaType,
            whatIf,
            outsideRth);
    return new PlaceOrderRequest.Valid(order);
  }

  /**
   * The contract fields of reqMktData / reqTickByTickData: returns the symbol, as sent (the caller
   * checks its length against {@link FieldCheck#SYMBOL_CHARS_MAX} before keeping it).
   */
  static String contractSymbol(FieldReader r) {
    r.readStr(); // conId
    String symbol = r.readStr();
    r.skip(10); // secType .. tradingClass
    return symbol;
  }
}
