package com.tradeplan.gateway;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.FieldWriter;
import com.tradeplan.domain.market.Tick;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The simulated market: the working orders of every client, filled against the ticks that arrive,
 * with IB's order life around them (modify by re-sending, held bracket orders, OCA groups, GTD
 * expiry, cancels) and the reports IB sends. How an order fills is the {@link FillModel}'s, which
 * orders are refused {@link OrderValidation}'s (off-grid prices and the session {@link
 * PriceGridAndHours}'), the faults switched on {@link ExchangeFaults}', and the accounts' positions
 * the {@link PositionBook}'s, and the executions kept and reported the {@link ExecutionHistory}'s.
 *
 * <p>Bounded: orders as the {@link OrderBook} says, executions as the {@link ExecutionHistory}
 * does, symbols by {@link ContractIds}, accounts by the managed ones.
 *
 * <p>All state, that of the parts included, is guarded by this object's lock; reports leave through
 * {@link Outbound}, which only queues (never blocks), so holding the lock while reporting is safe.
 */
final class SimulatedExchange {

  /** Where the exchange's reports go: the connected session of that client id, if any. */
  interface Outbound {
    void toClient(int clientId, FieldWriter message);
  }

  private record Book(BigDecimal last, BigDecimal bid, BigDecimal ask, long ticks) {}

  private final GatewayConfig config;
  private final Outbound out;
  private final OrderAudit audit;
  private final Map<String, Book> books = new HashMap<>();
  private final OrderBook orders;
  private final ExecutionHistory executions;
  private final PositionBook positions = new PositionBook();
  private final FillModel fillModel;
  private final ExchangeFaults faults = new ExchangeFaults();
  private final ContractIds contractIds;
  private final PriceGridAndHours gridAndHours;
  private long nextPermId = 1_000_000;

  SimulatedExchange(
      GatewayConfig config,
      Outbound out,
      ScheduledExecutorService scheduler,
      OrderAudit audit,
      ContractDirectory contracts) {
    this.config = config;
    this.gridAndHours = new PriceGridAndHours(contracts, config.tradingHours);
    this.out = out;
    this.executions = new ExecutionHistory(config, out, scheduler);
    this.audit = audit;
    this.fillModel = new FillModel(config);
    this.contractIds = new ContractIds(config.symbolsMax);
    this.orders = new OrderBook(config);
  }

  synchronized int nextValidId(int clientId) {
    return orders.nextValidId(clientId);
  }

  /** The symbol's contract id, as its orders get it (0: new and past {@code symbolsMax}). */
  synchronized int contractIdOf(String symbol) {
    return contractIds.idOf(symbol);
  }

  synchronized void rejectNextOrder(String reason) {
    faults.rejectNextOrder(reason);
  }

  synchronized void setWhatIfRejection(String reason) {
    faults.setWhatIfRejection(reason);
  }

  synchronized void setDuplicateStatus(boolean on) {
    faults.setDuplicateStatus(on);
  }

  synchronized void setExecutionDelayMillis(long millis) {
    faults.setExecutionDelayMillis(millis);
  }

  /** Sends every execution of the client again, as IB does after some reconnects. */
  synchronized void replayExecutions(int clientId) {
    executions.replay(clientId);
  }

  /**
   * A placeOrder request: a new order, or the modification of a working one (same id). Answers 103
   * for a used id, 201 for a refused order, an openOrder for a whatIf; otherwise the order works
   * (or is held, or waits for its parent) and its openOrder and orderStatus are sent.
   */
  synchronized void placeOrder(int clientId, ParsedOrder p) {
    Instant now = config.clock.instant();
    SimOrder existing = orders.get(clientId, p.orderId());
    boolean modify = existing != null && !existing.isDone();
    audit.record(AuditEntry.of(now, clientId, p, modify));
    if ((existing != null && !modify) || (existing == null && orders.used(clientId, p.orderId()))) {
      out.toClient(
          clientId,
          ServerMessages.error(p.orderId(), ErrorCodes.DUPLICATE_ORDER_ID, "Duplicate order id"));
      return;
    }
    if (gridAndHours.offGrid(p.symbol(), p.orderType(), p.lmtPrice(), p.auxPrice())) {
      out.toClient(clientId, PriceGridAndHours.offGridError(p.orderId()));
      if (!modify && !p.whatIf()) {
        orders.use(clientId, p.orderId());
        SimOrder refused = newOrder(clientId, p);
        refused.status = "Cancelled";
        sendStatus(refused);
      }
      return; // never placed; a working order is left as it was
    }
    if (modify) {
      existing.totalQuantity = p.totalQuantity();
      existing.lmtPrice = p.lmtPrice();
      existing.auxPrice = p.auxPrice();
      sendOpenOrder(existing, null);
      sendStatus(existing);
      return;
    }
    orders.use(clientId, p.orderId());
    SimOrder o = newOrder(clientId, p);
    String reason = refusal(o);
    if (reason != null) {
      out.toClient(
          clientId,
          ServerMessages.error(
              o.orderId, ErrorCodes.ORDER_REJECTED, "Order rejected - reason:" + reason));
      if (o.whatIf) {
        return; // IB answers a rejected whatIf with the error only: it never was an order
      }
      o.status = "Cancelled";
      sendStatus(o);
      return;
    }
    if (o.whatIf) {
      // Answered, never kept: a whatIf order is not in the book, so no tick can fill it.
      o.status = "PreSubmitted";
      Position held = positions.of(o.account).get(o.symbol);
      BigDecimal before = held == null ? BigDecimal.ZERO : held.quantity();
      sendOpenOrder(o, fillModel.whatIf(o, lastOrNull(o.symbol), before));
      return;
    }
    accept(o, now);
  }

  /**
   * A placeOrder whose fields are out of bounds: a new order id is refused with 201 (and counts as
   * used); a working order is left unchanged and the modification is answered with 321.
   */
  synchronized void refuseRequest(int clientId, int orderId, String reason) {
    SimOrder existing = orders.get(clientId, orderId);
    if (existing != null && !existing.isDone()) {
      out.toClient(
          clientId,
          ServerMessages.error(
              orderId,
              GatewayErrorCodes.ERROR_VALIDATING_REQUEST,
              "Error validating request: " + reason + "; order " + orderId + " is unchanged"));
      return;
    }
    orders.use(clientId, orderId);
    out.toClient(
        clientId,
        ServerMessages.error(
            orderId, ErrorCodes.ORDER_REJECTED, "Order rejected - reason:" + reason));
  }

  /**
   * Why the exchange refuses a new order: malformed or for an account it does not manage, over a
   * limit of what it keeps, an injected fault, a configured rule.
   */
  private String refusal(SimOrder o) {
    String reason = OrderValidation.malformed(o, config.accounts);
    if (reason == null) {
      reason = overLimit(o);
    }
    if (reason == null) {
      reason = o.whatIf ? faults.whatIfRejection() : faults.takeRejectNext();
    }
    if (reason == null) {
      reason = OrderValidation.ruledOut(o, config.rejectRules);
    }
    return reason;
  }

  /**
   * A new order that passed the checks: remembered, then working, held or waiting for its parent.
   */
  private void accept(SimOrder o, Instant now) {
    orders.add(o);
    if (!o.transmit) {
      o.held = true;
      o.status = "PreSubmitted";
    } else {
      transmitChain(o);
    }
    if (o.parentId != 0) {
      SimOrder parent = orders.get(o.clientId, o.parentId);
      o.waitingForParent = parent == null || !"Filled".equals(parent.status);
      if (parent != null && parent.isDone() && !"Filled".equals(parent.status)) {
        cancel(o, "parent cancelled");
        return;
      }
    }
    String waits = gridAndHours.waitsUntil(o, now);
    if (o.isWorking() && waits == null) {
      o.status = "Submitted";
    } else if (!o.held) {
      o.status = "PreSubmitted";
    }
    if (waits != null && !o.held) {
      out.toClient(o.clientId, PriceGridAndHours.waitsWarning(o, waits));
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
    for (SimOrder other : orders.all()) {
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

  /** The limit a new order would break: a new symbol past {@code symbolsMax}, or the book's. */
  private String overLimit(SimOrder o) {
    if (o.conId == 0) {
      return "symbol "
          + o.symbol
          + " is new and the gateway already trades "
          + contractIds.symbolsMax()
          + " symbols, its limit";
    }
    return orders.overLimit(o.clientId);
  }

  private SimOrder newOrder(int clientId, ParsedOrder p) {
    long permId = nextPermId++;
    int conId = contractIds.idOf(p.symbol());
    Book b = books.get(p.symbol());
    return SimOrder.from(clientId, p, permId, conId, config.accounts, b == null ? 0 : b.ticks());
  }

  private BigDecimal lastOrNull(String symbol) {
    Book b = books.get(symbol);
    return b == null ? null : b.last();
  }

  synchronized void cancelOrder(int clientId, int orderId) {
    SimOrder o = orders.get(clientId, orderId);
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
    for (SimOrder o : orders.snapshot()) {
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
    for (SimOrder child : orders.all()) {
      if (child.clientId == o.clientId && child.parentId == o.orderId && !child.isDone()) {
        cancel(child, "parent cancelled");
      }
    }
  }

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
    for (SimOrder o : orders.snapshot()) {
      if (!o.symbol.equals(t.symbol()) || o.isDone()) {
        continue;
      }
      if (o.expiresAt != null && !o.expiresAt.isAfter(now)) {
        cancel(o, "GTD expired");
        continue;
      }
      if (!o.isWorking()
          || o.arrivedAtTick >= b.ticks()
          || gridAndHours.waitsUntil(o, now) != null) {
        continue; // an order outside its session waits for it, as at IB
      }
      BigDecimal price = fillModel.fillPrice(o, b.last());
      if (price == null) {
        continue;
      }
      fill(o, fillModel.fillQuantity(o), price, now);
    }
  }

  synchronized BigDecimal lastPrice(String symbol) {
    return lastOrNull(symbol);
  }

  /** Fills {@code qty} of the order at {@code price}: status now, execution report maybe later. */
  private void fill(SimOrder o, BigDecimal qty, BigDecimal price, Instant now) {
    BigDecimal commission = fillModel.fill(o, qty, price);
    positions.apply(o, qty, price);
    sendStatus(o);
    executions.record(o, qty, price, commission, now, faults.executionDelayMillis());
    afterFill(o, qty);
  }

  /** OCA groups and bracket children react to a fill. */
  private void afterFill(SimOrder o, BigDecimal qty) {
    if (o.ocaGroup != null && !o.ocaGroup.isEmpty()) {
      reduceOcaGroup(o, qty);
    }
    if (o.parentId != 0) {
      reduceBracketSiblings(o, qty);
    }
    if ("Filled".equals(o.status)) {
      releaseChildren(o);
    }
  }

  /** Type 1 cancels the other members of the group; types 2 and 3 reduce them by the fill. */
  private void reduceOcaGroup(SimOrder o, BigDecimal qty) {
    for (SimOrder other : orders.snapshot()) {
      if (other == o
          || other.isDone()
          || other.clientId != o.clientId
          || !o.ocaGroup.equals(other.ocaGroup)) {
        continue;
      }
      if (o.ocaType == 2 || o.ocaType == 3) {
        reduce(other, qty, "OCA group reduced to zero");
      } else {
        cancel(other, "OCA group member filled");
      }
    }
  }

  /**
   * IB links the children of one bracket as an OCA group: a fill of the target reduces the stop by
   * as much (and cancels it at zero), so the exits never sell the position twice.
   */
  private void reduceBracketSiblings(SimOrder o, BigDecimal qty) {
    for (SimOrder sibling : orders.snapshot()) {
      if (sibling == o
          || sibling.isDone()
          || sibling.clientId != o.clientId
          || sibling.parentId != o.parentId
          || sameOcaGroup(o, sibling)) {
        continue;
      }
      reduce(sibling, qty, "bracket sibling filled");
    }
  }

  /** Takes {@code qty} off the order's size; at zero it is cancelled with {@code why}. */
  private void reduce(SimOrder other, BigDecimal qty, String why) {
    other.totalQuantity = other.totalQuantity.subtract(qty);
    if (other.remaining().signum() <= 0) {
      other.totalQuantity = other.filled;
      cancel(other, why);
    } else {
      sendOpenOrder(other, null);
      sendStatus(other);
    }
  }

  /** The children waiting for this parent start working, from the next tick of their symbol. */
  private void releaseChildren(SimOrder parent) {
    for (SimOrder child : orders.all()) {
      if (child.clientId == parent.clientId
          && child.parentId == parent.orderId
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

  /** The sibling was already reduced or cancelled as a member of the same explicit OCA group. */
  private static boolean sameOcaGroup(SimOrder a, SimOrder b) {
    return a.ocaGroup != null && !a.ocaGroup.isEmpty() && a.ocaGroup.equals(b.ocaGroup);
  }

  private void sendStatus(SimOrder o) {
    out.toClient(o.clientId, ServerMessages.orderStatus(o));
    if (faults.duplicateStatus()) {
      out.toClient(o.clientId, ServerMessages.orderStatus(o));
    }
  }

  private void sendOpenOrder(SimOrder o, WhatIf w) {
    out.toClient(o.clientId, ServerMessages.openOrder(o, w));
  }

  /** openOrder + orderStatus of each open order of the client (all clients when allClients). */
  synchronized void sendOpenOrders(int requester, boolean allClients) {
    for (SimOrder o : orders.all()) {
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
    executions.send(requester, reqId, filterClientId);
  }

  synchronized void sendPositions(int requester) {
    for (Map.Entry<String, Map<String, Position>> acct : positions.byAccount().entrySet()) {
      for (Position p : acct.getValue().values()) {
        out.toClient(requester, ServerMessages.position(acct.getKey(), p));
      }
    }
    out.toClient(requester, ServerMessages.positionEnd());
  }

  synchronized Map<String, Position> positions(String account) {
    return positions.of(account);
  }

  synchronized List<SimExecution> executions() {
    return executions.all();
  }

  synchronized long openOrderCount() {
    return orders.openCount();
  }

  synchronized String status(int clientId, int orderId) {
    SimOrder o = orders.get(clientId, orderId);
    return o == null ? null : o.status;
  }
}
