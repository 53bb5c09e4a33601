package com.tradeplan.gateway;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

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

  /** IB's outsideRth: the order may fill in the extended hours, not only the regular session. */
  boolean outsideRth;

  String status = "PendingSubmit";
  BigDecimal filled = BigDecimal.ZERO;

  /** Sum of price x quantity over the fills so far: what the commission cap is a fraction of. */
  BigDecimal tradeValue = BigDecimal.ZERO;

  BigDecimal avgFillPrice;
  BigDecimal lastFillPrice;
  boolean stopTriggered;

  /** Not yet transmitted (transmit=false, waiting for the last order of its bracket). */
  boolean held;

  /** A bracket child waiting for its parent to fill. */
  boolean waitingForParent;

  /** Market orders fill at the next price after they arrive, not at the one before. */
  long arrivedAtTick;

  /**
   * A new order from a placeOrder request, with IB's defaults for what the request left empty (STK,
   * SMART, USD, DAY, the first of the managed accounts). {@code arrivedAtTick} is the count of
   * ticks of its symbol so far: a market order fills at a later one.
   */
  static SimOrder from(
      int clientId,
      ParsedOrder p,
      long permId,
      int conId,
      List<String> managedAccounts,
      long arrivedAtTick) {
    SimOrder o = new SimOrder();
    o.clientId = clientId;
    o.orderId = p.orderId();
    o.permId = permId;
    o.symbol = p.symbol();
    o.conId = conId;
    o.secType = orDefault(p.secType(), "STK");
    o.exchange = orDefault(p.exchange(), "SMART");
    o.currency = orDefault(p.currency(), "USD");
    o.account = p.account() == null || p.account().isEmpty() ? managedAccounts.get(0) : p.account();
    o.action = p.action();
    o.totalQuantity = p.totalQuantity();
    o.orderType = p.orderType() == null ? "" : p.orderType();
    o.lmtPrice = p.lmtPrice();
    o.auxPrice = p.auxPrice();
    o.tif = orDefault(p.tif(), "DAY");
    o.goodTillDate = p.goodTillDate();
    o.expiresAt = parseGoodTillDate(p.goodTillDate());
    o.ocaGroup = p.ocaGroup();
    o.ocaType = p.ocaType();
    o.parentId = p.parentId();
    o.transmit = p.transmit();
    o.orderRef = p.orderRef();
    o.whatIf = p.whatIf();
    o.outsideRth = p.outsideRth();
    o.arrivedAtTick = arrivedAtTick;
    return o;
  }

  private static String orDefault(String v, String fallback) {
    return v == null || v.isEmpty() ? fallback : v;
  }

  /** "yyyyMMdd HH:mm:ss [zone]" or "yyyyMMdd-HH:mm:ss" (UTC); null when absent or unreadable. */
  static Instant parseGoodTillDate(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      String t = text.trim();
      if (t.length() >= 17 && t.charAt(8) == '-') {
        return LocalDateTime.parse(
                t.substring(0, 17), DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss"))
            .toInstant(ZoneOffset.UTC);
      }
      LocalDateTime local =
          LocalDateTime.parse(t.substring(0, 17), DateTimeFormatter.ofPattern("yyyyMMdd HH:mm:ss"));
      ZoneId zone = t.length() > 18 ? ZoneId.of(t.substring(18).trim()) : ZoneOffset.UTC;
      return local.atZone(zone).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

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
