package com.tradeplan.broker.tws;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes server messages at server version 193 and dispatches them to an {@link EWrapper}. Unknown
 * message ids are logged and skipped; malformed ones throw {@link MalformedMessageException}, which
 * the reader logs with the message's bytes before carrying on.
 */
public final class MessageDecoder {
  private static final Logger log = LoggerFactory.getLogger(MessageDecoder.class);

  private MessageDecoder() {}

  /** Returns false when the message id is not one this client handles (it was skipped). */
  public static boolean dispatch(List<String> fields, EWrapper w) {
    FieldReader r = new FieldReader(fields);
    int msgId = r.readInt();
    switch (msgId) {
      case MsgIds.TICK_PRICE -> {
        r.readInt(); // version
        int tickerId = r.readInt();
        int field = r.readInt();
        BigDecimal price = r.readDecimal();
        BigDecimal size = r.readDecimal();
        int mask = r.readInt();
        w.tickPrice(tickerId, field, price, mask);
        int sizeField = sizeFieldFor(field);
        if (sizeField >= 0 && size != null) {
          w.tickSize(tickerId, sizeField, size);
        }
      }
      case MsgIds.TICK_SIZE -> {
        r.readInt();
        int tickerId = r.readInt();
        int field = r.readInt();
        w.tickSize(tickerId, field, r.readDecimal());
      }
      case MsgIds.ORDER_STATUS -> {
        int id = r.readInt();
        String status = r.readStr();
        BigDecimal filled = r.readDecimalOrZero();
        BigDecimal remaining = r.readDecimalOrZero();
        BigDecimal avg = r.readDecimal();
        long permId = r.readLong();
        int parentId = r.readInt();
        BigDecimal last = r.readDecimal();
        int clientId = r.readInt();
        String whyHeld = r.readStr();
        BigDecimal cap = r.hasMore() ? r.readDecimal() : null;
        w.orderStatus(
            id, status, filled, remaining, avg, permId, parentId, last, clientId, whyHeld, cap);
      }
      case MsgIds.ERR_MSG -> {
        r.readInt(); // version 2
        int id = r.readInt();
        int code = r.readInt();
        String msg = r.readStr();
        String advanced = r.readOptionalStr();
        w.error(id, code, msg, advanced);
      }
      case MsgIds.OPEN_ORDER -> decodeOpenOrder(r, w);
      case MsgIds.NEXT_VALID_ID -> {
        r.readInt();
        w.nextValidId(r.readInt());
      }
      case MsgIds.EXECUTION_DATA -> decodeExecution(r, w);
      case MsgIds.MANAGED_ACCTS -> {
        r.readInt();
        w.managedAccounts(r.readStr());
      }
      case MsgIds.CURRENT_TIME -> {
        r.readInt();
        w.currentTime(r.readLong());
      }
      case MsgIds.OPEN_ORDER_END -> w.openOrderEnd();
      case MsgIds.CONTRACT_DATA -> decodeContractData(r, w);
      case MsgIds.CONTRACT_DATA_END -> {
        r.readInt(); // version
        w.contractDetailsEnd(r.readInt());
      }
      case MsgIds.EXECUTION_DATA_END -> {
        r.readInt();
        w.execDetailsEnd(r.readInt());
      }
      case MsgIds.COMMISSION_REPORT -> {
        r.readInt();
        String execId = r.readStr();
        BigDecimal commission = r.readDecimal();
        String currency = r.readStr();
        BigDecimal realized = r.readDecimal();
        w.commissionReport(new CommissionReport(execId, commission, currency, realized));
      }
      case MsgIds.POSITION -> {
        int version = r.readInt();
        String account = r.readStr();
        Contract c = readContract(r, true);
        if (version >= 2) {
          c.tradingClass = r.readStr();
        }
        BigDecimal pos = r.readDecimalOrZero();
        BigDecimal avgCost = version >= 3 ? r.readDecimalOrZero() : BigDecimal.ZERO;
        w.position(account, c, pos, avgCost);
      }
      case MsgIds.POSITION_END -> w.positionEnd();
      case MsgIds.MARKET_RULE -> decodeMarketRule(r, w);
      case MsgIds.TICK_BY_TICK -> {
        int reqId = r.readInt();
        int tickType = r.readInt();
        long time = r.readLong();
        if (tickType == 1 || tickType == 2) {
          BigDecimal price = r.readDecimal();
          BigDecimal size = r.readDecimal();
          int mask = r.readInt();
          w.tickByTickAllLast(
              reqId, tickType, time, price, size, mask, r.readStr(), r.readOptionalStr());
        } else {
          log.debug("tick-by-tick type {} ignored", tickType);
        }
      }
      default -> {
        log.debug("message id {} not handled by this client, skipped", msgId);
        return false;
      }
    }
    return true;
  }

  private static int sizeFieldFor(int priceField) {
    return switch (priceField) {
      case TickType.BID -> TickType.BID_SIZE;
      case TickType.ASK -> TickType.ASK_SIZE;
      case TickType.LAST -> TickType.LAST_SIZE;
      default -> -1;
    };
  }

  /** conId, symbol, secType, expiry, strike, right, multiplier, exchange, currency, local. */
  private static Contract readContract(FieldReader r, boolean withConId) {
    Contract c = new Contract();
    if (withConId) {
      c.conId = r.readInt();
    }
    c.symbol = r.readStr();
    c.secType = r.readStr();
    c.lastTradeDateOrContractMonth = r.readStr();
    c.strike = r.readDecimal();
    c.right = r.readStr();
    c.multiplier = r.readStr();
    c.exchange = r.readStr();
    c.currency = r.readStr();
    c.localSymbol = r.readStr();
    return c;
  }

  /**
   * marketRule: the rule's id, the count of bands (at most 1,000, else malformed), then lowEdge and
   * increment per band; no version field. A missing or unreadable number is malformed; whether the
   * bands make a grid (rising edges, increments above zero) is the receiver's judgement.
   */
  private static void decodeMarketRule(FieldReader r, EWrapper w) {
    int marketRuleId = r.readInt();
    int n = bounded(r.readInt(), "market rule bands");
    List<PriceIncrement> increments = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BigDecimal lowEdge = r.readDecimal();
      BigDecimal increment = r.readDecimal();
      if (lowEdge == null || increment == null) {
        throw new MalformedMessageException(
            "market rule " + marketRuleId + ": band " + i + " empty");
      }
      increments.add(new PriceIncrement(lowEdge, increment));
    }
    w.marketRule(marketRuleId, List.copyOf(increments));
  }

  /**
   * contractData at v193 carries no version field (dropped at v164). Reads up to the market rule
   * ids; the fields after them (realExpirationDate, size rules, fund fields, ineligibility reasons)
   * are not needed and the frame boundary ends the message anyway.
   */
  private static void decodeContractData(FieldReader r, EWrapper w) {
    int reqId = r.readInt();
    String symbol = r.readStr();
    String secType = r.readStr();
    r.skip(2); // lastTradeDateOrContractMonth, lastTradeDate (v182+)
    r.readDecimal(); // strike
    r.readStr(); // right
    String exchange = r.readStr();
    String currency = r.readStr();
    r.skip(3); // localSymbol, marketName, tradingClass
    int conId = r.readInt();
    BigDecimal minTick = r.readDecimal();
    r.skip(2); // multiplier, orderTypes
    String validExchanges = r.readStr();
    r.readInt(); // priceMagnifier
    r.readIntOrNull(); // underConId
    String longName = r.readStr();
    String primaryExchange = r.readStr();
    r.skip(4); // contractMonth, industry, category, subcategory
    String timeZoneId = r.readStr();
    String tradingHours = r.readStr();
    String liquidHours = r.readStr();
    r.readStr(); // evRule
    r.readDecimal(); // evMultiplier
    int secIds = bounded(r.readInt(), "secIdList entries");
    r.skip(secIds * 2);
    r.readInt(); // aggGroup
    r.skip(2); // underSymbol, underSecType
    String marketRuleIds = r.readStr();
    w.contractDetails(
        reqId,
        new ContractDetails(
            conId,
            symbol,
            secType,
            exchange,
            primaryExchange,
            currency,
            longName,
            minTick,
            timeZoneId,
            tradingHours,
            liquidHours,
            validExchanges,
            marketRuleIds));
  }

  private static void decodeExecution(FieldReader r, EWrapper w) {
    int reqId = r.readInt();
    int orderId = r.readInt();
    Contract c = readContract(r, true);
    c.tradingClass = r.readStr();
    String execId = r.readStr();
    String time = r.readStr();
    String acct = r.readStr();
    String exchange = r.readStr();
    String side = r.readStr();
    BigDecimal shares = r.readDecimalOrZero();
    BigDecimal price = r.readDecimalOrZero();
    long permId = r.readLong();
    int clientId = r.readInt();
    r.readInt(); // liquidation
    BigDecimal cumQty = r.readDecimalOrZero();
    BigDecimal avgPrice = r.readDecimalOrZero();
    String orderRef = r.readStr();
    // evRule, evMultiplier, modelCode, lastLiquidity, pendingPriceRevision follow: not needed
    w.execDetails(
        reqId,
        c,
        new Execution(
            orderId, clientId, execId, time, acct, exchange, side, shares, price, permId, cumQty,
            avgPrice, orderRef));
  }

  /**
   * openOrder at v193 carries no version field. Reads up to and including the whatIf margin block;
   * the fields after it (conditions, adjusted orders, peg, CME tagging) are not needed and the
   * frame boundary ends the message anyway.
   */
  private static void decodeOpenOrder(FieldReader r, EWrapper w) {
    TwsOrder o = new TwsOrder();
    int orderId = r.readInt();
    Contract c = readContract(r, true);
    c.tradingClass = r.readStr();
    o.action = r.readStr();
    o.totalQuantity = r.readDecimal();
    o.orderType = r.readStr();
    o.lmtPrice = r.readDecimal();
    o.auxPrice = r.readDecimal();
    o.tif = r.readStr();
    o.ocaGroup = r.readStr();
    o.account = r.readStr();
    r.readStr(); // openClose
    r.readInt(); // origin
    o.orderRef = r.readStr();
    o.clientId = r.readInt();
    r.readLong(); // permId
    o.outsideRth = r.readBool();
    r.readInt(); // hidden
    r.readDecimal(); // discretionaryAmt
    r.readStr(); // goodAfterTime
    r.readStr(); // deprecated sharesAllocation
    r.skip(3); // FA group, method, percentage
    r.readStr(); // modelCode
    o.goodTillDate = r.readStr();
    r.readStr(); // rule80A
    r.readDecimal(); // percentOffset
    r.readStr(); // settlingFirm
    r.skip(3); // shortSaleSlot, designatedLocation, exemptCode
    r.readInt(); // auctionStrategy
    r.skip(3); // startingPrice, stockRefPrice, delta
    r.skip(2); // stockRangeLower, stockRangeUpper
    r.readIntOrNull(); // displaySize
    r.skip(3); // blockOrder, sweepToFill, allOrNone
    r.readIntOrNull(); // minQty
    o.ocaType = r.readInt();
    r.skip(3); // eTradeOnly, firmQuoteOnly, nbboPriceCap
    int parentId = r.readInt();
    o.parentId = parentId;
    r.readInt(); // triggerMethod
    r.readDecimal(); // volatility
    r.readInt(); // volatilityType
    String dnType = r.readStr();
    r.readDecimal(); // deltaNeutralAuxPrice
    if (!dnType.isEmpty()) {
      r.skip(4); // conId, settlingFirm, clearingAccount, clearingIntent
      r.skip(4); // openClose, shortSale, shortSaleSlot, designatedLocation
    }
    r.readInt(); // continuousUpdate
    r.readInt(); // referencePriceType
    r.skip(2); // trailStopPrice, trailingPercent
    r.skip(2); // basisPoints, basisPointsType
    r.readStr(); // comboLegsDescription
    int legs = bounded(r.readInt(), "combo legs");
    r.skip(legs * 8);
    int orderLegs = bounded(r.readInt(), "order combo legs");
    r.skip(orderLegs);
    int smartParams = bounded(r.readInt(), "smart combo routing params");
    r.skip(smartParams * 2);
    r.readIntOrNull(); // scaleInitLevelSize
    r.readIntOrNull(); // scaleSubsLevelSize
    BigDecimal scaleIncrement = r.readDecimal();
    if (scaleIncrement != null && scaleIncrement.signum() > 0) {
      r.skip(7);
    }
    String hedgeType = r.readStr();
    if (!hedgeType.isEmpty()) {
      r.readStr();
    }
    r.readBool(); // optOutSmartRouting
    r.skip(2); // clearingAccount, clearingIntent
    r.readBool(); // notHeld
    if (r.readBool()) {
      r.skip(3); // delta-neutral contract
    }
    String algo = r.readStr();
    if (!algo.isEmpty()) {
      int n = bounded(r.readInt(), "algo params");
      r.skip(n * 2);
    }
    r.readBool(); // solicited
    o.whatIf = r.readBool();
    String status = r.readStr();
    BigDecimal[] m = new BigDecimal[12];
    for (int i = 0; i < m.length; i++) {
      m[i] = r.readDecimal();
    }
    String commissionCurrency = r.readStr();
    String warning = r.readStr();
    OrderState state =
        new OrderState(
            status,
            m[0],
            m[1],
            m[2],
            m[3],
            m[4],
            m[5],
            m[6],
            m[7],
            m[8],
            m[9],
            m[10],
            m[11],
            commissionCurrency,
            warning);
    w.openOrder(orderId, c, o, state);
  }

  private static int bounded(int count, String what) {
    if (count < 0 || count > 1000) {
      throw new MalformedMessageException("implausible count of " + what + ": " + count);
    }
    return count;
  }
}
