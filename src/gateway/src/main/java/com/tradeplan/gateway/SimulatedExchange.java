package com.tradeplan.gateway;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.FieldWriter;
import com.tradeplan.domain.Decimals;
import com.tradeplan.domain.market.Tick;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated market: one book of working orders per symbol, filled against the ticks that
 * arrive. All state is guarded by this object's lock; reports leave through {@link Outbound}, which
 * only queues (never blocks), so holding the lock while reporting is safe.
 */
final class SimulatedExchange {
  private static final Logger log = LoggerFactory.getLogger(SimulatedExchange.class);
  private static final DateTimeFormatter EXEC_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd  HH:mm:ss").withZone(ZoneOffset.UTC);

  /** Where the exchange's reports go: the connected session of that client id, if any. */
  interface Outbound {
    void toClient(int clientId, FieldWriter message);
  }

  private record Book(BigDecimal last, BigDecimal bid, BigDecimal ask, long ticks) {}

  private final GatewayConfig config;
  private final Outbound out;
  private final ScheduledExecutorService scheduler;
  private final OrderAudit audit;
  private final Map<String, Book> books = new HashMap<>();
  private final Map<Long, SimOrder> orders = new LinkedHashMap<>();
  private final Map<Integer, Integer> highestOrderId = new HashMap<>();
  private final List<SimExecution> executions = new ArrayList<>();
  private final Map<String, Map<String, Position>> positions = new HashMap<>();
  private final Map<String, Integer> conIds = new HashMap<>();
  private long nextPermId = 1_000_000;
  private long execSeq = 1;

  // faults
  private String rejectNextReason;
  private boolean duplicateStatus;
  private long execDelayMillis;

  SimulatedExchange(
      GatewayConfig config, Outbound out, ScheduledExecutorService scheduler, OrderAudit audit) {
    this.config = config;
    this.out = out;
    this.scheduler = scheduler;
    this.audit = audit;
  }

  synchronized int nextValidId(int clientId) {
    return Math.max(config.firstOrderId, highestOrderId.getOrDefault(clientId, 0) + 1);
  }

  synchronized int conId(String symbol) {
    return conIds.computeIfAbsent(symbol, s -> 10_000 + conIds.size());
  }

  // ---- faults ----

  synchronized void rejectNextOrder(String reason) {
    this.rejectNextReason = reason;
  }

  synchronized void setDuplicateStatus(boolean on) {
    this.duplicateStatus = on;
  }

  synchronized void setExecutionDelayMillis(long millis) {
    this.execDelayMillis = millis;
  }

  /** Sends every execution of the client again, as IB does after some reconnects. */
  synchronized void replayExecutions(int clientId) {
    for (SimExecution e : executions) {
      if (e.clientId() == clientId) {
        out.toClient(clientId, ServerMessages.execDetails(-1, e));
        out.toClient(clientId, ServerMessages.commissionReport(e));
      }
    }
  }

  // ---- orders ----

  synchronized void placeOrder(int clientId, ParsedOrder p) {
    Instant now = config.clock.instant();
    SimOrder existing = orders.get(key(clientId, p.orderId()));
    boolean modify = existing != null && !existing.isDone();
    audit.record(
        new AuditEntry(
            now,
            clientId,
            p.orderId(),
            p.orderRef(),
            p.symbol(),
            p.action(),
            p.totalQuantity(),
            p.orderType(),
            p.whatIf(),
            modify));
    if (existing != null && !modify) {
      out.toClient(
          clientId,
          ServerMessages.error(p.orderId(), ErrorCodes.DUPLICATE_ORDER_ID, "Duplicate order id"));
      return;
    }
    if (existing == null && p.orderId() <= highestOrderId.getOrDefault(clientId, 0)) {
      out.toClient(
          clientId,
          ServerMessages.error(p.orderId(), ErrorCodes.DUPLICATE_ORDER_ID, "Duplicate order id"));
      return;
    }
    if (modify) {
      existing.totalQuantity = p.totalQuantity();
      existing.lmtPrice = p.lmtPrice();
      existing.auxPrice = p.auxPrice();
      sendOpenOrder(existing, null);
      sendStatus(existing);
      return;
    }
    highestOrderId.merge(clientId, p.orderId(), Math::max);
    SimOrder o = fromParsed(clientId, p);
    String reason = validate(o);
    if (reason == null && rejectNextReason != null) {
      reason = rejectNextReason;
      rejectNextReason = null;
    }
    if (reason == null) {
      for (RejectRule rule : config.rejectRules) {
        reason = rule.check(o.symbol, o.action, o.totalQuantity, o.orderType);
        if (reason != null) {
          break;
        }
      }
    }
    if (reason != null) {
      out.toClient(
          clientId,
          ServerMessages.error(
              o.orderId, ErrorCodes.ORDER_REJECTED, "Order rejected - reason:" + reason));
      o.status = "Cancelled";
      sendStatus(o);
      return;
    }
    if (o.whatIf) {
      o.status = "PreSubmitted";
      sendOpenOrder(o, whatIf(o));
      return;
    }
    remember(o);
    if (!o.transmit) {
      o.held = true;
      o.status = "PreSubmitted";
    } else {
      transmitChain(o);
    }
    if (o.parentId != 0) {
      SimOrder parent = orders.get(key(clientId, o.parentId));
      o.waitingForParent = parent == null || !"Filled".equals(parent.status);
      if (parent != null && parent.isDone() && !"Filled".equals(parent.status)) {
        cancel(o, "parent cancelled");
        return;
      }
    }
    if (o.isWorking()) {
      o.status = "Submitted";
    } else if (!o.held) {
      o.status = "PreSubmitted";
    }
    sendOpenOrder(o, null);
    sendStatus(o);
    if (o.expiresAt != null && !o.expiresAt.isAfter(now)) {
      cancel(o, "GTD expired");
    }
  }

  /** A transmitted order releases the held orders of its bracket (its parent and siblings). */
  private void transmitChain(SimOrder o) {
    if (o.parentId == 0) {
      return;
    }
    for (SimOrder other : orders.values()) {
      if (other.clientId != o.clientId || !other.held) {
        continue;
      }
      if (other.orderId == o.parentId || other.parentId == o.parentId) {
        other.held = false;
        other.status = other.isWorking() ? "Submitted" : "PreSubmitted";
        sendStatus(other);
      }
    }
  }

  private void remember(SimOrder o) {
    if (orders.size() >= config.historyCapacity) {
      orders.values().removeIf(SimOrder::isDone);
    }
    orders.put(key(o.clientId, o.orderId), o);
  }

  private String validate(SimOrder o) {
    if (o.totalQuantity == null || o.totalQuantity.signum() <= 0) {
      return "quantity must be > 0";
    }
    if (!"BUY".equals(o.action) && !"SELL".equals(o.action)) {
      return "action must be BUY or SELL";
    }
    switch (o.orderType) {
      case "MKT" -> {}
      case "LMT" -> {
        if (o.lmtPrice == null || o.lmtPrice.signum() <= 0) {
          return "limit price missing";
        }
      }
      case "STP" -> {
        if (o.auxPrice == null || o.auxPrice.signum() <= 0) {
          return "stop price missing";
        }
      }
      case "STP LMT" -> {
        if (o.auxPrice == null || o.lmtPrice == null) {
          return "stop and limit price needed";
        }
      }
      default -> {
        return "order type " + o.orderType + " is not simulated";
      }
    }
    if ("GTD".equals(o.tif) && o.expiresAt == null) {
      return "GTD needs a valid goodTillDate";
    }
    return null;
  }

  private SimOrder fromParsed(int clientId, ParsedOrder p) {
    SimOrder o = new SimOrder();
    o.clientId = clientId;
    o.orderId = p.orderId();
    o.permId = nextPermId++;
    o.symbol = p.symbol();
    o.conId = conId(p.symbol());
    o.secType = p.secType() == null || p.secType().isEmpty() ? "STK" : p.secType();
    o.exchange = p.exchange() == null || p.exchange().isEmpty() ? "SMART" : p.exchange();
    o.currency = p.currency() == null || p.currency().isEmpty() ? "USD" : p.currency();
    o.account = p.account() == null || p.account().isEmpty() ? config.accounts.get(0) : p.account();
    o.action = p.action();
    o.totalQuantity = p.totalQuantity();
    o.orderType = p.orderType() == null ? "" : p.orderType();
    o.lmtPrice = p.lmtPrice();
    o.auxPrice = p.auxPrice();
    o.tif = p.tif() == null || p.tif().isEmpty() ? "DAY" : p.tif();
    o.goodTillDate = p.goodTillDate();
    o.expiresAt = parseGoodTillDate(p.goodTillDate());
    o.ocaGroup = p.ocaGroup();
    o.ocaType = p.ocaType();
    o.parentId = p.parentId();
    o.transmit = p.transmit();
    o.orderRef = p.orderRef();
    o.whatIf = p.whatIf();
    Book b = books.get(o.symbol);
    o.arrivedAtTick = b == null ? 0 : b.ticks();
    return o;
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

  private WhatIf whatIf(SimOrder o) {
    Book b = books.get(o.symbol);
    BigDecimal price =
        o.lmtPrice != null ? o.lmtPrice : b != null ? b.last() : config.randomWalkStart;
    BigDecimal notional = price.multiply(o.totalQuantity);
    BigDecimal init = notional.multiply(new BigDecimal("0.25")).setScale(2, RoundingMode.HALF_EVEN);
    BigDecimal maint =
        notional.multiply(new BigDecimal("0.25")).setScale(2, RoundingMode.HALF_EVEN);
    BigDecimal equity = new BigDecimal("1000000.00");
    BigDecimal commission = commission(o.totalQuantity, true);
    return new WhatIf(
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        equity,
        init,
        maint,
        commission.negate(),
        init,
        maint,
        equity.subtract(commission),
        commission,
        commission,
        commission);
  }

  synchronized void cancelOrder(int clientId, int orderId) {
    SimOrder o = orders.get(key(clientId, orderId));
    if (o == null || o.isDone()) {
      out.toClient(
          clientId,
          ServerMessages.error(
              orderId, 10147, "OrderId " + orderId + " that needs to be cancelled is not found."));
      return;
    }
    cancel(o, "cancelled by client");
  }

  synchronized void globalCancel() {
    for (SimOrder o : List.copyOf(orders.values())) {
      if (!o.isDone()) {
        cancel(o, "global cancel");
      }
    }
  }

  private void cancel(SimOrder o, String why) {
    o.status = "Cancelled";
    o.held = false;
    o.waitingForParent = false;
    out.toClient(
        o.clientId,
        ServerMessages.error(
            o.orderId, ErrorCodes.ORDER_CANCELLED, "Order Canceled - reason:" + why));
    sendStatus(o);
    for (SimOrder child : orders.values()) {
      if (child.clientId == o.clientId && child.parentId == o.orderId && !child.isDone()) {
        cancel(child, "parent cancelled");
      }
    }
  }

  // ---- market ----

  synchronized void onTick(Tick t) {
    Book prev = books.get(t.symbol());
    Book b =
        new Book(
            t.last(),
            t.bid() != null ? t.bid() : t.last(),
            t.ask() != null ? t.ask() : t.last(),
            prev == null ? 1 : prev.ticks() + 1);
    books.put(t.symbol(), b);
    Instant now = config.clock.instant();
    for (SimOrder o : List.copyOf(orders.values())) {
      if (!o.symbol.equals(t.symbol()) || o.isDone()) {
        continue;
      }
      if (o.expiresAt != null && !o.expiresAt.isAfter(now)) {
        cancel(o, "GTD expired");
        continue;
      }
      if (!o.isWorking() || o.arrivedAtTick >= b.ticks()) {
        continue;
      }
      BigDecimal price = fillPrice(o, b.last());
      if (price == null) {
        continue;
      }
      BigDecimal qty = o.remaining();
      if (config.maxFillPerTick.signum() > 0 && qty.compareTo(config.maxFillPerTick) > 0) {
        qty = config.maxFillPerTick;
      }
      fill(o, qty, price, now);
    }
  }

  synchronized BigDecimal lastPrice(String symbol) {
    Book b = books.get(symbol);
    return b == null ? null : b.last();
  }

  /** The price the order fills at on this tick, or null when it does not fill. */
  private BigDecimal fillPrice(SimOrder o, BigDecimal last) {
    boolean buy = o.buy();
    switch (o.orderType) {
      case "MKT" -> {
        return last;
      }
      case "LMT" -> {
        return limitAllows(buy, o.lmtPrice, last) ? last : null;
      }
      case "STP", "STP LMT" -> {
        if (!o.stopTriggered) {
          boolean hit = buy ? last.compareTo(o.auxPrice) >= 0 : last.compareTo(o.auxPrice) <= 0;
          if (!hit) {
            return null;
          }
          o.stopTriggered = true;
        }
        if ("STP".equals(o.orderType)) {
          return last;
        }
        return limitAllows(buy, o.lmtPrice, last) ? last : null;
      }
      default -> {
        return null;
      }
    }
  }

  private static boolean limitAllows(boolean buy, BigDecimal limit, BigDecimal last) {
    return buy ? last.compareTo(limit) <= 0 : last.compareTo(limit) >= 0;
  }

  private void fill(SimOrder o, BigDecimal qty, BigDecimal price, Instant now) {
    boolean first = o.filled.signum() == 0;
    BigDecimal before = o.filled;
    o.filled = o.filled.add(qty);
    BigDecimal value =
        (o.avgFillPrice == null ? BigDecimal.ZERO : o.avgFillPrice.multiply(before))
            .add(price.multiply(qty));
    o.avgFillPrice = value.divide(o.filled, Decimals.MATH).stripTrailingZeros();
    o.lastFillPrice = price;
    o.status = o.remaining().signum() == 0 ? "Filled" : "Submitted";
    applyPosition(o, qty, price);
    SimExecution e =
        new SimExecution(
            String.format("0000%04x.%08x.01.01", o.clientId & 0xFFFF, execSeq++),
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
            commission(o.filled, true).subtract(first ? BigDecimal.ZERO : commission(before, true)),
            EXEC_TIME.format(now));
    if (executions.size() >= config.historyCapacity) {
      executions.remove(0);
    }
    executions.add(e);
    sendStatus(o);
    long delay = config.fillLatencyMillis + execDelayMillis;
    if (delay > 0) {
      scheduler.schedule(() -> sendExecution(e), delay, TimeUnit.MILLISECONDS);
    } else {
      sendExecution(e);
    }
    afterFill(o, qty);
  }

  private void sendExecution(SimExecution e) {
    out.toClient(e.clientId(), ServerMessages.execDetails(-1, e));
    out.toClient(e.clientId(), ServerMessages.commissionReport(e));
  }

  /** OCA groups and bracket children react to a fill. */
  private void afterFill(SimOrder o, BigDecimal qty) {
    if (o.ocaGroup != null && !o.ocaGroup.isEmpty()) {
      for (SimOrder other : List.copyOf(orders.values())) {
        if (other == o
            || other.isDone()
            || other.clientId != o.clientId
            || !o.ocaGroup.equals(other.ocaGroup)) {
          continue;
        }
        if (o.ocaType == 2 || o.ocaType == 3) {
          other.totalQuantity = other.totalQuantity.subtract(qty);
          if (other.remaining().signum() <= 0) {
            other.totalQuantity = other.filled;
            cancel(other, "OCA group reduced to zero");
          } else {
            sendOpenOrder(other, null);
            sendStatus(other);
          }
        } else {
          cancel(other, "OCA group member filled");
        }
      }
    }
    if (o.parentId != 0) {
      // IB links the children of one bracket as an OCA group: a fill of the target reduces the
      // stop by as much (and cancels it at zero), so the exits never sell the position twice
      for (SimOrder sibling : List.copyOf(orders.values())) {
        if (sibling == o
            || sibling.isDone()
            || sibling.clientId != o.clientId
            || sibling.parentId != o.parentId
            || sameOcaGroup(o, sibling)) {
          continue;
        }
        sibling.totalQuantity = sibling.totalQuantity.subtract(qty);
        if (sibling.remaining().signum() <= 0) {
          sibling.totalQuantity = sibling.filled;
          cancel(sibling, "bracket sibling filled");
        } else {
          sendOpenOrder(sibling, null);
          sendStatus(sibling);
        }
      }
    }
    if ("Filled".equals(o.status)) {
      for (SimOrder child : orders.values()) {
        if (child.clientId == o.clientId
            && child.parentId == o.orderId
            && child.waitingForParent
            && !child.isDone()) {
          child.waitingForParent = false;
          Book b = books.get(child.symbol);
          child.arrivedAtTick = b == null ? 0 : b.ticks();
          child.status = child.isWorking() ? "Submitted" : "PreSubmitted";
          sendStatus(child);
        }
      }
    }
  }

  /** The sibling was already reduced or cancelled as a member of the same explicit OCA group. */
  private static boolean sameOcaGroup(SimOrder a, SimOrder b) {
    return a.ocaGroup != null && !a.ocaGroup.isEmpty() && a.ocaGroup.equals(b.ocaGroup);
  }

  private void applyPosition(SimOrder o, BigDecimal qty, BigDecimal price) {
    Map<String, Position> acct = positions.computeIfAbsent(o.account, a -> new LinkedHashMap<>());
    Position p = acct.get(o.symbol);
    BigDecimal signed = o.buy() ? qty : qty.negate();
    BigDecimal oldQty = p == null ? BigDecimal.ZERO : p.quantity();
    BigDecimal oldAvg = p == null ? BigDecimal.ZERO : p.averageCost();
    BigDecimal newQty = oldQty.add(signed);
    BigDecimal newAvg;
    if (newQty.signum() == 0) {
      newAvg = BigDecimal.ZERO;
    } else if (oldQty.signum() == 0 || oldQty.signum() == signed.signum()) {
      newAvg =
          oldAvg
              .multiply(oldQty.abs())
              .add(price.multiply(qty))
              .divide(newQty.abs(), Decimals.MATH)
              .stripTrailingZeros();
    } else if (newQty.signum() == oldQty.signum()) {
      newAvg = oldAvg;
    } else {
      newAvg = price;
    }
    acct.put(o.symbol, new Position(o.conId, o.symbol, o.currency, newQty, newAvg));
  }

  /**
   * The commission of an order's cumulative quantity: per share, at least the minimum per order. A
   * fill is charged the difference this makes, so an order's fills add up to IB's per-order price
   * (100 shares in three fills: $1.00, $0, $0), never a minimum per fill.
   */
  private BigDecimal commission(BigDecimal qty, boolean firstFillOfOrder) {
    BigDecimal c = config.commissionPerShare.multiply(qty);
    if (firstFillOfOrder && c.compareTo(config.minCommission) < 0) {
      c = config.minCommission;
    }
    return c.setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
  }

  private void sendStatus(SimOrder o) {
    out.toClient(o.clientId, ServerMessages.orderStatus(o));
    if (duplicateStatus) {
      out.toClient(o.clientId, ServerMessages.orderStatus(o));
    }
  }

  private void sendOpenOrder(SimOrder o, WhatIf w) {
    out.toClient(o.clientId, ServerMessages.openOrder(o, w));
  }

  // ---- queries ----

  /** openOrder + orderStatus of each open order of the client (all clients when allClients). */
  synchronized void sendOpenOrders(int requester, boolean allClients) {
    for (SimOrder o : orders.values()) {
      if (!o.isDone() && (allClients || o.clientId == requester)) {
        out.toClient(requester, ServerMessages.openOrder(o, null));
        out.toClient(requester, ServerMessages.orderStatus(o));
      }
    }
    out.toClient(requester, ServerMessages.openOrderEnd());
  }

  /**
   * Executions of the requesting client; with a client filter, of that client; with filter 0, of
   * every client (IB's ExecutionFilter: clientId 0 = no client filter), which is what a cluster
   * member taking users over needs to see the previous member's fills.
   */
  synchronized void sendExecutions(int requester, int reqId, Integer filterClientId) {
    int cid = filterClientId == null ? requester : filterClientId;
    for (SimExecution e : executions) {
      if (cid == 0 || e.clientId() == cid) {
        out.toClient(requester, ServerMessages.execDetails(reqId, e));
        out.toClient(requester, ServerMessages.commissionReport(e));
      }
    }
    out.toClient(requester, ServerMessages.execDetailsEnd(reqId));
  }

  synchronized void sendPositions(int requester) {
    for (Map.Entry<String, Map<String, Position>> acct : positions.entrySet()) {
      for (Position p : acct.getValue().values()) {
        out.toClient(requester, ServerMessages.position(acct.getKey(), p));
      }
    }
    out.toClient(requester, ServerMessages.positionEnd());
  }

  synchronized Map<String, Position> positions(String account) {
    return Map.copyOf(positions.getOrDefault(account, Map.of()));
  }

  synchronized List<SimExecution> executions() {
    return List.copyOf(executions);
  }

  synchronized long openOrderCount() {
    return orders.values().stream().filter(o -> !o.isDone()).count();
  }

  synchronized String status(int clientId, int orderId) {
    SimOrder o = orders.get(key(clientId, orderId));
    return o == null ? null : o.status;
  }

  private static long key(int clientId, int orderId) {
    return ((long) clientId << 32) | (orderId & 0xFFFFFFFFL);
  }

  static {
    log.debug("simulated exchange loaded");
  }
}
