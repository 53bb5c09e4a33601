package com.tradeplan.gateway;

import com.tradeplan.broker.tws.FieldWriter;
import com.tradeplan.broker.tws.MsgIds;
import com.tradeplan.domain.plan.TickBands;
import java.math.BigDecimal;

/**
 * Encodes what the paper gateway sends to clients, at server version 193, in the field order IB
 * clients (IB's own, {@code @stoqey/ib}, Tradeplan's) decode.
 */
final class ServerMessages {
  private ServerMessages() {}

  static FieldWriter hello(int serverVersion, String connectionTime) {
    return new FieldWriter().add(serverVersion).add(connectionTime);
  }

  static FieldWriter nextValidId(int orderId) {
    return new FieldWriter().add(MsgIds.NEXT_VALID_ID).add(1).add(orderId);
  }

  static FieldWriter managedAccounts(String accounts) {
    return new FieldWriter().add(MsgIds.MANAGED_ACCTS).add(1).add(accounts);
  }

  static FieldWriter currentTime(long epochSeconds) {
    return new FieldWriter().add(MsgIds.CURRENT_TIME).add(1).add(epochSeconds);
  }

  static FieldWriter error(int id, int code, String message) {
    return new FieldWriter().add(MsgIds.ERR_MSG).add(2).add(id).add(code).add(message).add("");
  }

  static FieldWriter tickPrice(int tickerId, int field, BigDecimal price, BigDecimal size) {
    return new FieldWriter()
        .add(MsgIds.TICK_PRICE)
        .add(3)
        .add(tickerId)
        .add(field)
        .add(price)
        .add(size)
        .add(0);
  }

  static FieldWriter tickSize(int tickerId, int field, BigDecimal size) {
    return new FieldWriter().add(MsgIds.TICK_SIZE).add(1).add(tickerId).add(field).add(size);
  }

  static FieldWriter tickByTickLast(
      int reqId, long epochSeconds, BigDecimal price, BigDecimal size) {
    return new FieldWriter()
        .add(MsgIds.TICK_BY_TICK)
        .add(reqId)
        .add(1)
        .add(epochSeconds)
        .add(price)
        .add(size)
        .add(0)
        .add("PAPER")
        .add("");
  }

  static FieldWriter orderStatus(SimOrder o) {
    return new FieldWriter()
        .add(MsgIds.ORDER_STATUS)
        .add(o.orderId)
        .add(o.status)
        .add(o.filled)
        .add(o.remaining())
        .add(o.avgFillPrice == null ? BigDecimal.ZERO : o.avgFillPrice)
        .add(o.permId)
        .add(o.parentId)
        .add(o.lastFillPrice == null ? BigDecimal.ZERO : o.lastFillPrice)
        .add(o.clientId)
        .add("")
        .add(BigDecimal.ZERO);
  }

  /**
   * openOrder at v193 (no version field); whatIf answers fill the margin block.
   *
   * <p>Long on purpose: one {@code add} per wire field, in the order IB's decoder reads them, so
   * that the message can be checked against the protocol line by line. Split into helpers it would
   * hide that order, and a field added in the wrong helper shifts every field after it.
   */
  static FieldWriter openOrder(SimOrder o, WhatIf margin) {
    FieldWriter w = new FieldWriter().add(MsgIds.OPEN_ORDER).add(o.orderId);
    w.add(o.conId)
        .add(o.symbol)
        .add(o.secType)
        .add("") // lastTradeDateOrContractMonth
        .add(BigDecimal.ZERO) // strike
        .add("") // right
        .add("") // multiplier
        .add(o.exchange)
        .add(o.currency)
        .add(o.symbol) // localSymbol
        .add(o.symbol); // tradingClass
    w.add(o.action)
        .add(o.totalQuantity)
        .add(o.orderType)
        .add(o.lmtPrice)
        .add(o.auxPrice)
        .add(o.tif)
        .add(o.ocaGroup)
        .add(o.account)
        .add("O") // openClose
        .add(0) // origin: customer
        .add(o.orderRef)
        .add(o.clientId)
        .add(o.permId)
        .add(o.outsideRth)
        .add(false) // hidden
        .add(BigDecimal.ZERO) // discretionaryAmt
        .add("") // goodAfterTime
        .add("") // deprecated sharesAllocation
        .add("")
        .add("")
        .add("") // FA group, method, percentage
        .add("") // modelCode
        .add(o.goodTillDate)
        .add("") // rule80A
        .add("") // percentOffset
        .add("") // settlingFirm
        .add(0) // shortSaleSlot
        .add("") // designatedLocation
        .add(-1) // exemptCode
        .add(0) // auctionStrategy
        .add("")
        .add("")
        .add("") // startingPrice, stockRefPrice, delta
        .add("")
        .add("") // stockRange lower, upper
        .add("") // displaySize
        .add(false)
        .add(false)
        .add(false) // blockOrder, sweepToFill, allOrNone
        .add("") // minQty
        .add(o.ocaType)
        .add(false)
        .add(false) // eTradeOnly, firmQuoteOnly
        .add("") // nbboPriceCap
        .add(o.parentId)
        .add(0) // triggerMethod
        .add("") // volatility
        .add(0) // volatilityType
        .add("") // deltaNeutralOrderType
        .add("") // deltaNeutralAuxPrice
        .add(0) // continuousUpdate
        .add(0) // referencePriceType
        .add("")
        .add("") // trailStopPrice, trailingPercent
        .add("")
        .add("") // basisPoints, basisPointsType
        .add("") // comboLegsDescription
        .add(0)
        .add(0) // combo legs, order combo legs
        .add(0) // smart combo routing params
        .add("")
        .add("")
        .add("") // scale init, subs, price increment
        .add("") // hedgeType
        .add(false) // optOutSmartRouting
        .add("")
        .add("") // clearingAccount, clearingIntent
        .add(false) // notHeld
        .add(false) // no delta-neutral contract
        .add("") // algoStrategy
        .add(false) // solicited
        .add(o.whatIf)
        .add(o.status);
    WhatIf m = margin == null ? WhatIf.NONE : margin;
    w.add(m.initMarginBefore())
        .add(m.maintMarginBefore())
        .add(m.equityWithLoanBefore())
        .add(m.initMarginChange())
        .add(m.maintMarginChange())
        .add(m.equityWithLoanChange())
        .add(m.initMarginAfter())
        .add(m.maintMarginAfter())
        .add(m.equityWithLoanAfter())
        .add(m.commission())
        .add(m.minCommission())
        .add(m.maxCommission())
        .add(m.commission() == null ? "" : o.currency)
        .add(""); // warningText
    w.add(false).add(false); // randomizeSize, randomizePrice
    w.add(0); // conditions
    w.add("") // adjustedOrderType
        .add("") // triggerPrice
        .add("")
        .add("") // trailStopPrice, lmtPriceOffset
        .add("")
        .add("")
        .add("") // adjusted stop, stop limit, trailing amount
        .add(0); // adjustableTrailingUnit
    w.add("").add("").add(""); // soft dollar tier name, value, display name
    w.add(""); // cashQty
    w.add(false).add(false).add(false).add(false); // autoPriceHedge, oms, dpeg, priceMgmt
    w.add("").add(""); // duration, postToAts
    w.add(false); // autoCancelParent
    w.add("").add("").add("").add("").add(""); // peg best / mid attributes
    w.add(""); // customerAccount
    w.add(false); // professionalCustomer
    w.add(""); // bondAccruedInterest
    w.add(false); // includeOvernight
    w.add("").add(""); // extOperator, manualOrderIndicator
    return w;
  }

  static FieldWriter openOrderEnd() {
    return new FieldWriter().add(MsgIds.OPEN_ORDER_END).add(1);
  }

  static FieldWriter execDetails(int reqId, SimExecution e) {
    return new FieldWriter()
        .add(MsgIds.EXECUTION_DATA)
        .add(reqId)
        .add(e.orderId())
        .add(e.conId())
        .add(e.symbol())
        .add(e.secType())
        .add("")
        .add(BigDecimal.ZERO)
        .add("")
        .add("")
        .add(e.exchange())
        .add(e.currency())
        .add(e.symbol())
        .add(e.symbol())
        .add(e.execId())
        .add(executionTime(e))
        .add(e.account())
        .add(e.exchange())
        .add(e.side())
        .add(e.shares())
        .add(e.price())
        .add(e.permId())
        .add(e.clientId())
        .add(0) // liquidation
        .add(e.cumQty())
        .add(e.avgPrice())
        .add(e.orderRef())
        .add("") // evRule
        .add("") // evMultiplier
        .add("") // modelCode
        .add(1) // lastLiquidity: added
        .add(false); // pendingPriceRevision
  }

  /**
   * The execution time as recent IB versions write it: the clock's wall time followed by its zone
   * name. The simulated exchange keeps its times as UTC wall time ({@code yyyyMMdd HH:mm:ss}), so
   * the zone is UTC; without it a client would read the time in its configured default zone.
   */
  static String executionTime(SimExecution e) {
    return e.time() + " UTC";
  }

  static FieldWriter execDetailsEnd(int reqId) {
    return new FieldWriter().add(MsgIds.EXECUTION_DATA_END).add(1).add(reqId);
  }

  static FieldWriter commissionReport(SimExecution e) {
    return new FieldWriter()
        .add(MsgIds.COMMISSION_REPORT)
        .add(1)
        .add(e.execId())
        .add(e.commission())
        .add(e.currency())
        .add("") // realized PnL: not computed by the paper gateway
        .add("")
        .add("");
  }

  static FieldWriter position(String account, Position p) {
    return new FieldWriter()
        .add(MsgIds.POSITION)
        .add(3)
        .add(account)
        .add(p.conId())
        .add(p.symbol())
        .add("STK")
        .add("")
        .add(BigDecimal.ZERO)
        .add("")
        .add("")
        .add("SMART")
        .add(p.currency())
        .add(p.symbol())
        .add(p.symbol())
        .add(p.quantity())
        .add(p.averageCost());
  }

  static FieldWriter positionEnd() {
    return new FieldWriter().add(MsgIds.POSITION_END).add(1);
  }

  /**
   * contractData at v193 (no version field since v164), for a stock: one {@code add} per wire field
   * in the order IB's decoders read them (see {@link #openOrder} for why it is not split).
   */
  static FieldWriter contractData(int reqId, PaperContract c) {
    return new FieldWriter()
        .add(MsgIds.CONTRACT_DATA)
        .add(reqId)
        .add(c.symbol())
        .add(c.secType())
        .add("") // lastTradeDateOrContractMonth
        .add("") // lastTradeDate (v182+)
        .add(BigDecimal.ZERO) // strike
        .add("") // right
        .add(c.exchange())
        .add(c.currency())
        .add(c.symbol()) // localSymbol
        .add(c.symbol()) // marketName
        .add(c.symbol()) // tradingClass
        .add(c.conId())
        .add(c.minTick())
        .add("1") // multiplier
        .add("LMT,MKT,STP,STP LMT") // orderTypes
        .add(c.exchange() + "," + c.primaryExchange()) // validExchanges
        .add(1) // priceMagnifier
        .add(0) // underConId
        .add(c.longName())
        .add(c.primaryExchange())
        .add("") // contractMonth
        .add("") // industry
        .add("") // category
        .add("") // subcategory
        .add(c.timeZoneId())
        .add(c.tradingHours())
        .add(c.liquidHours())
        .add("") // evRule
        .add("") // evMultiplier
        .add(0) // secIdList: none
        .add(1) // aggGroup
        .add("") // underSymbol
        .add("") // underSecType
        .add(c.marketRuleId() + "," + c.marketRuleId()) // marketRuleIds, one per valid exchange
        .add("") // realExpirationDate
        .add("COMMON") // stockType
        .add(BigDecimal.ONE) // minSize
        .add(BigDecimal.ONE) // sizeIncrement
        .add(BigDecimal.ONE) // suggestedSizeIncrement
        .add(0); // ineligibility reasons: none
  }

  /** marketRule: the rule's id, the count of bands, then lowEdge and increment per band. */
  static FieldWriter marketRule(int marketRuleId, TickBands rule) {
    FieldWriter w =
        new FieldWriter().add(MsgIds.MARKET_RULE).add(marketRuleId).add(rule.bands().size());
    for (TickBands.Band b : rule.bands()) {
      w.add(b.lowEdge()).add(b.increment());
    }
    return w;
  }

  static FieldWriter contractDataEnd(int reqId) {
    return new FieldWriter().add(MsgIds.CONTRACT_DATA_END).add(1).add(reqId);
  }
}
