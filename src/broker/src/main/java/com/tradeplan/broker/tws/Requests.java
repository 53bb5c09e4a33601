package com.tradeplan.broker.tws;

/**
 * Encodes client requests at server version 193, field by field. Written from the public
 * description of the protocol; an unset value goes out as an empty field.
 */
public final class Requests {
  /** The protocol version this client speaks; the handshake offers {@code v100..193}. */
  public static final int SERVER_VERSION = 193;

  public static final int MIN_SERVER_VERSION = 100;

  /** IB's "no value" for integers some fields need explicitly. */
  public static final int UNSET_INT = Integer.MAX_VALUE;

  private Requests() {}

  public static FieldWriter startApi(int clientId, String optionalCapabilities) {
    return new FieldWriter().add(MsgIds.START_API).add(2).add(clientId).add(optionalCapabilities);
  }

  public static FieldWriter reqIds(int numIds) {
    return new FieldWriter().add(MsgIds.REQ_IDS).add(1).add(numIds);
  }

  public static FieldWriter reqManagedAccts() {
    return new FieldWriter().add(MsgIds.REQ_MANAGED_ACCTS).add(1);
  }

  public static FieldWriter reqCurrentTime() {
    return new FieldWriter().add(MsgIds.REQ_CURRENT_TIME).add(1);
  }

  public static FieldWriter reqOpenOrders() {
    return new FieldWriter().add(MsgIds.REQ_OPEN_ORDERS).add(1);
  }

  public static FieldWriter reqAllOpenOrders() {
    return new FieldWriter().add(MsgIds.REQ_ALL_OPEN_ORDERS).add(1);
  }

  public static FieldWriter reqPositions() {
    return new FieldWriter().add(MsgIds.REQ_POSITIONS).add(1);
  }

  public static FieldWriter cancelPositions() {
    return new FieldWriter().add(MsgIds.CANCEL_POSITIONS).add(1);
  }

  public static FieldWriter reqExecutions(int reqId, ExecutionFilter f) {
    return new FieldWriter()
        .add(MsgIds.REQ_EXECUTIONS)
        .add(3)
        .add(reqId)
        .add(f.clientId())
        .add(f.acctCode())
        .add(f.time())
        .add(f.symbol())
        .add(f.secType())
        .add(f.exchange())
        .add(f.side());
  }

  /** Since v192 the cancel carries manual cancel time, ext operator and manual indicator. */
  public static FieldWriter cancelOrder(int orderId, String manualOrderCancelTime) {
    return new FieldWriter()
        .add(MsgIds.CANCEL_ORDER)
        .add(orderId)
        .add(manualOrderCancelTime)
        .add("")
        .add(UNSET_INT);
  }

  public static FieldWriter reqGlobalCancel() {
    return new FieldWriter().add(MsgIds.REQ_GLOBAL_CANCEL).add("").add(UNSET_INT);
  }

  public static FieldWriter reqMktData(
      int reqId, Contract c, String genericTickList, boolean snapshot, boolean regulatory) {
    FieldWriter w = new FieldWriter().add(MsgIds.REQ_MKT_DATA).add(11).add(reqId);
    contract(w, c, false);
    return w.add(false) // no delta-neutral contract
        .add(genericTickList)
        .add(snapshot)
        .add(regulatory)
        .add(""); // market data options (internal)
  }

  public static FieldWriter cancelMktData(int reqId) {
    return new FieldWriter().add(MsgIds.CANCEL_MKT_DATA).add(1).add(reqId);
  }

  /** tickType is "Last", "AllLast", "BidAsk" or "MidPoint". */
  public static FieldWriter reqTickByTickData(
      int reqId, Contract c, String tickType, int numberOfTicks, boolean ignoreSize) {
    FieldWriter w = new FieldWriter().add(MsgIds.REQ_TICK_BY_TICK_DATA).add(reqId);
    contract(w, c, false);
    return w.add(tickType).add(numberOfTicks).add(ignoreSize);
  }

  public static FieldWriter cancelTickByTickData(int reqId) {
    return new FieldWriter().add(MsgIds.CANCEL_TICK_BY_TICK_DATA).add(reqId);
  }

  /**
   * placeOrder at v193: the contract, then the order's fields in the protocol's order. Order
   * features the executor never uses (combos, scale, algos, conditions, peg) are sent unset.
   */
  public static FieldWriter placeOrder(int orderId, Contract c, TwsOrder o) {
    FieldWriter w = new FieldWriter().add(MsgIds.PLACE_ORDER).add(orderId);
    contract(w, c, true);
    w.add(o.action)
        .add(o.totalQuantity)
        .add(o.orderType)
        .add(o.lmtPrice)
        .add(o.auxPrice)
        .add(o.tif)
        .add(o.ocaGroup)
        .add(o.account)
        .add((String) null) // openClose
        .add((Integer) null) // origin
        .add(o.orderRef)
        .add(o.transmit)
        .add(o.parentId)
        .add((Boolean) null) // blockOrder
        .add((Boolean) null) // sweepToFill
        .add((Integer) null) // displaySize
        .add((Integer) null) // triggerMethod
        .add(o.outsideRth)
        .add((Boolean) null) // hidden
        .add("") // deprecated sharesAllocation
        .add((String) null) // discretionaryAmt
        .add((String) null) // goodAfterTime
        .add(o.goodTillDate);
    w.add((String) null).add((String) null).add((String) null); // FA group, method, percentage
    w.add((String) null); // modelCode
    w.add((String) null).add((String) null).add((String) null); // shortSaleSlot, location, exempt
    w.add(o.ocaType);
    for (int i = 0; i < 14; i++) {
      // rule80A, settlingFirm, allOrNone, minQty, percentOffset, eTradeOnly, firmQuoteOnly,
      // nbboPriceCap, auctionStrategy, startingPrice, stockRefPrice, delta, range lower, upper
      w.add((String) null);
    }
    w.add((String) null); // overridePercentageConstraints
    // volatility, volatilityType, deltaNeutralOrderType, deltaNeutralAuxPrice, continuousUpdate,
    // referencePriceType, trailStopPrice, trailingPercent, scaleInitLevelSize, scaleSubsLevelSize,
    // scalePriceIncrement, scaleTable, activeStartTime, activeStopTime, hedgeType,
    // optOutSmartRouting, clearingAccount, clearingIntent, notHeld
    for (int i = 0; i < 19; i++) {
      w.add((String) null);
    }
    w.add(false); // no delta-neutral contract
    w.add((String) null); // algoStrategy
    w.add((String) null); // algoId
    w.add(o.whatIf);
    w.add((String) null); // orderMiscOptions
    w.add((Boolean) null); // solicited
    w.add((Boolean) null).add((Boolean) null); // randomizeSize, randomizePrice
    w.add(0); // no conditions
    for (int i = 0; i < 7; i++) {
      // adjustedOrderType, triggerPrice, lmtPriceOffset, adjustedStopPrice,
      // adjustedStopLimitPrice, adjustedTrailingAmount, adjustableTrailingUnit
      w.add((String) null);
    }
    w.add((String) null); // extOperator
    w.add("").add(""); // soft dollar tier name, value
    w.add((String) null); // cashQty
    w.add((String) null).add((String) null); // mifid2 decision maker, algo
    w.add((String) null).add((String) null); // mifid2 execution trader, algo
    w.add((Boolean) null); // dontUseAutoPriceForHedge
    w.add((Boolean) null); // isOmsContainer
    w.add((Boolean) null); // discretionaryUpToLimitPrice
    w.add((Boolean) null); // usePriceMgmtAlgo
    w.add((Integer) null); // duration
    w.add((Integer) null); // postToAts
    w.add((Boolean) null); // autoCancelParent
    w.add((String) null); // advancedErrorOverride
    w.add((String) null); // manualOrderTime
    w.add((String) null); // customerAccount
    w.add((Boolean) null); // professionalCustomer
    w.add((Boolean) null); // includeOvernight
    w.add((Integer) null); // manualOrderIndicator
    return w;
  }

  /**
   * reqContractDetails (message version 8): the contract as for market data, then includeExpired,
   * secIdType, secId and issuerId. IB answers with one contractData per matching contract and a
   * contractDataEnd, or error 200 when nothing matches.
   */
  public static FieldWriter reqContractDetails(int reqId, Contract c) {
    FieldWriter w = new FieldWriter().add(MsgIds.REQ_CONTRACT_DATA).add(8).add(reqId);
    contract(w, c, false);
    return w.add(false) // includeExpired
        .add(c.secIdType)
        .add(c.secId)
        .add((String) null); // issuerId
  }

  /**
   * reqMarketRule: the message id and the rule's id, no version field. IB answers with one
   * marketRule message (the rule's id, the count of bands, then lowEdge and increment per band).
   */
  public static FieldWriter reqMarketRule(int marketRuleId) {
    return new FieldWriter().add(MsgIds.REQ_MARKET_RULE).add(marketRuleId);
  }

  /** conId, symbol .. tradingClass; placeOrder adds secIdType and secId. */
  private static void contract(FieldWriter w, Contract c, boolean withSecId) {
    w.add(c.conId)
        .add(c.symbol)
        .add(c.secType)
        .add(c.lastTradeDateOrContractMonth)
        .add(c.strike)
        .add(c.right)
        .add(c.multiplier)
        .add(c.exchange)
        .add(c.primaryExch)
        .add(c.currency)
        .add(c.localSymbol)
        .add(c.tradingClass);
    if (withSecId) {
      w.add(c.secIdType).add(c.secId);
    }
  }
}
