package com.tradeplan.broker;

import com.tradeplan.broker.tws.CommissionReport;
import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.ContractDetails;
import com.tradeplan.broker.tws.EClientSocket;
import com.tradeplan.broker.tws.EWrapper;
import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.Execution;
import com.tradeplan.broker.tws.ExecutionFilter;
import com.tradeplan.broker.tws.MsgIds;
import com.tradeplan.broker.tws.OrderState;
import com.tradeplan.broker.tws.PriceIncrement;
import com.tradeplan.broker.tws.TokenBucket;
import com.tradeplan.broker.tws.TwsOrder;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.OrderRef;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TWS connection of {@link IbBroker}: its own callbacks, so that a stale reader can never touch
 * the next connection's reconcile. It routes IB's reports as they arrive (orders, executions,
 * commissions and errors to {@link ReportTranslator}, prices to {@link MarketData}) and, for a
 * reconcile, asks IB for its open orders, executions and positions, collects the answer, has {@link
 * OrderRegistry#reconcile} judge and apply it ({@link Reconciler}), and then raises the alerts, has
 * the re-sends queued ({@link Resends}) and passes the updates on.
 *
 * <p>The connection watches itself ({@link IbBrokerConfig#liveness}: a heartbeat, a dead-link
 * bound, bounded writes); a dead link is alerted ({@code IB_LINK_DEAD}) and closed, and the
 * supervisor reconnects. The loss of a connection that was in service is alerted too ({@code
 * IB_LINK_LOST}). IB's own connectivity notices (1100, 1101, 1102) are alerted and passed to the
 * {@link LinkSupervisor}, which stops or resumes the sender.
 *
 * <p>The callbacks run on the connection's reader thread, in wire order; a throw is caught and
 * logged by the reader, which goes on with the next message. {@link #open} and {@link #reconcile}
 * run on the {@link LinkSupervisor}'s thread.
 *
 * <p>Why one class: every callback of one connection (IB's EWrapper) must land in one object, and
 * each callback only routes to its part, where the work is; close to 500 lines.
 */
final class IbConnection implements EWrapper, LinkSupervisor.Link {
  private static final Logger log = LoggerFactory.getLogger(IbConnection.class);

  /** What every connection of one broker shares. */
  record Parts(
      IbBrokerConfig config,
      TokenBucket pacer,
      ClientScope scope,
      OrderRegistry registry,
      ReportTranslator translator,
      MarketData marketData,
      ContractDetailsCache contractDetails,
      WhatIfChecks whatIf,
      Resends resends,
      LinkSupervisor link,
      EngineReports reports,
      OperatorAlerts alerts,
      Consumer<AccountsSeen> accountsSeen,
      Consumer<List<String>> managedAccounts,
      AtomicInteger executionRequests) {}

  private final Parts parts;
  private final IbBrokerConfig config;
  private final EClientSocket socket;
  private final ContractDetailsCache.Requester contractRequests;
  private final WhatIfChecks.Sender whatIfSender;
  private volatile EClientSocket connected;
  private final CountDownLatch firstId = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile long connectedAtNanos;
  // In service: reconciled and its market data requested (its loss is then alerted).
  private volatile boolean inService;
  private volatile boolean shuttingDown;
  private volatile boolean declaredDead;
  private volatile CountDownLatch openOrdersEnd;
  private volatile CountDownLatch executionsEnd;
  private volatile CountDownLatch positionsEnd;
  private volatile int executionsReqId = -2;
  // This reconcile's answer, cleared when it begins; guarded by itself.
  private final Set<String> openRefs = new HashSet<>();
  // orderRefs with an execution in this reconcile's reqExecutions answer, seen or not before.
  private final Set<String> executedRefs = new HashSet<>();
  // account -> symbol -> signed quantity, as reqPositions answers every account of the login.
  private final Map<String, Map<String, BigDecimal>> positionsSeen = new LinkedHashMap<>();
  private final List<AccountsSeen.OutsideOrder> outsideOrders = new ArrayList<>();

  IbConnection(Parts parts) {
    this.parts = parts;
    this.config = parts.config();
    this.socket = new EClientSocket(this, parts.pacer());
    socket.setLiveness(config.liveness());
    this.contractRequests = (id, i) -> socket.reqContractDetails(id, TwsOrders.contract(i));
    this.whatIfSender =
        (id, exit) ->
            socket.placeOrder(
                id,
                TwsOrders.contract(exit.instrument()),
                TwsOrders.whatIf(exit, config.timeInForce(), config.account()));
  }

  @Override
  public void open() throws IOException, InterruptedException {
    socket.connect(
        config.host(), config.port(), config.clientId(), (int) config.connectTimeout().toMillis());
    connected = socket;
    if (!firstId.await(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IOException("no nextValidId within " + config.connectTimeout());
    }
    connectedAtNanos = System.nanoTime();
  }

  @Override
  public EClientSocket socket() {
    return connected;
  }

  @Override
  public boolean awaitClosed(long millis) throws InterruptedException {
    return closed.await(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void requestMarketData() {
    // in service before the first request goes out: a link that ends after it is alerted as lost
    inService = true;
    parts.marketData().connectionReady(socket);
    parts.contractDetails().connectionReady(contractRequests, socket::reqMarketRule);
    parts.whatIf().connectionReady(whatIfSender);
  }

  @Override
  public void shutdown() {
    shuttingDown = true;
    parts.marketData().connectionEnded(socket);
    parts.contractDetails().connectionEnded(contractRequests);
    parts.whatIf().connectionEnded(whatIfSender);
    socket.eDisconnect();
  }

  @Override
  public long reconcile() throws IOException, InterruptedException {
    int reconcile = parts.registry().beginReconcile();
    Answer answer = readAnswer();
    parts.accountsSeen().accept(new AccountsSeen(0, answer.positions(), answer.outsideOrders()));
    OrderRegistry.Settled settled =
        parts
            .registry()
            .reconcile(
                answer.orders(),
                new Reconciler.Moment(
                    reconcile, System.nanoTime(), parts.scope().allClients(), connectedAtNanos));
    settle(settled);
    log.info(
        "reconciled: {} open orders at IB, positions {}",
        answer.orders().openOrderRefs().size(),
        answer.positions());
    return settled.reconciliation().rejudgeAtNanos();
  }

  /** IB's answer to one reconcile's requests. */
  private record Answer(
      Reconciler.BrokerAnswer orders,
      Map<String, Map<String, BigDecimal>> positions,
      List<AccountsSeen.OutsideOrder> outsideOrders) {}

  /**
   * Asks IB for open orders, executions and positions, in that order; throws when one is unread.
   */
  private Answer readAnswer() throws IOException, InterruptedException {
    long timeout = config.reconcileTimeout().toMillis();
    synchronized (openRefs) {
      openRefs.clear();
      executedRefs.clear();
      positionsSeen.clear();
      outsideOrders.clear();
    }
    boolean allClients = parts.scope().allClients();
    openOrdersEnd = new CountDownLatch(1);
    boolean sent = allClients ? socket.reqAllOpenOrders() : socket.reqOpenOrders();
    if (!sent || !openOrdersEnd.await(timeout, TimeUnit.MILLISECONDS)) {
      throw new IOException("open orders not read during reconcile");
    }
    executionsEnd = new CountDownLatch(1);
    executionsReqId = 900_000 + parts.executionRequests().getAndIncrement();
    // Every account of the login (no account filter): one connection serves many accounts, and
    // executions are matched by orderRef, which names the plan whatever its account.
    ExecutionFilter filter =
        new ExecutionFilter(allClients ? 0 : config.clientId(), null, null, null, null, null, null);
    if (!socket.reqExecutions(executionsReqId, filter)
        || !executionsEnd.await(timeout, TimeUnit.MILLISECONDS)) {
      throw new IOException("executions not read during reconcile");
    }
    positionsEnd = new CountDownLatch(1);
    if (!socket.reqPositions() || !positionsEnd.await(timeout, TimeUnit.MILLISECONDS)) {
      throw new IOException("positions not read during reconcile");
    }
    socket.cancelPositions();
    synchronized (openRefs) {
      return new Answer(
          new Reconciler.BrokerAnswer(openRefs, executedRefs),
          new LinkedHashMap<>(positionsSeen),
          List.copyOf(outsideOrders));
    }
  }

  /**
   * Raises the judgement's alerts, has its re-sends queued or ended ({@link Resends}: an entry
   * meets the kill switch first) and passes every update on.
   */
  private void settle(OrderRegistry.Settled settled) {
    Reconciler.Reconciliation r = settled.reconciliation();
    r.alerts().forEach(a -> parts.alerts().alert(a.kind(), a.message()));
    List<OrderUpdate> updates = new ArrayList<>(r.updates());
    updates.addAll(parts.resends().queue(settled.toResend()));
    updates.forEach(parts.reports()::update);
  }

  // ---- callbacks, on the reader thread ----

  @Override
  public void nextValidId(int orderId) {
    parts.registry().raiseNextOrderId(orderId);
    firstId.countDown();
  }

  @Override
  public void managedAccounts(String accountsList) {
    parts.managedAccounts().accept(List.of(accountsList.split(",")));
    if (!config.account().isEmpty()
        && !List.of(accountsList.split(",")).contains(config.account())) {
      parts
          .alerts()
          .alert(
              "ACCOUNT_NOT_MANAGED",
              "IB_ACCOUNT "
                  + config.account()
                  + " is not among this login's accounts "
                  + accountsList);
    }
  }

  @Override
  public void tickPrice(int tickerId, int field, BigDecimal price, int attribMask) {
    parts.marketData().onTickPrice(tickerId, field, price);
  }

  @Override
  public void orderStatus(
      int orderId,
      String status,
      BigDecimal filled,
      BigDecimal remaining,
      BigDecimal avgFillPrice,
      long permId,
      int parentId,
      BigDecimal lastFillPrice,
      int clientId,
      String whyHeld,
      BigDecimal mktCapPrice) {
    parts.translator().onOrderStatus(orderId, status, clientId);
  }

  @Override
  public void openOrder(int orderId, Contract contract, TwsOrder order, OrderState orderState) {
    if (Boolean.TRUE.equals(order.whatIf) && parts.whatIf().onOpenOrder(orderId, orderState)) {
      return; // the answer to a shadow what-if check: never an order of Tradeplan's
    }
    synchronized (openRefs) {
      if (order.orderRef != null) {
        openRefs.add(order.orderRef);
      }
      if (OrderRef.parse(order.orderRef) == null
          && outsideOrders.size() < OUTSIDE_ORDERS_MAX
          && !Boolean.TRUE.equals(order.whatIf)
          && (orderState == null || !isDone(orderState.status()))) {
        outsideOrders.add(outsideOrder(orderId, contract, order, orderState));
      }
    }
    parts.translator().onOpenOrder(orderId, contract, order);
  }

  @Override
  public void openOrderEnd() {
    countDown(openOrdersEnd);
  }

  @Override
  public void execDetails(int reqId, Contract contract, Execution execution) {
    if (reqId == executionsReqId && execution.orderRef() != null) {
      synchronized (openRefs) {
        executedRefs.add(execution.orderRef());
      }
    }
    parts.translator().onExecution(execution);
  }

  @Override
  public void execDetailsEnd(int reqId) {
    if (reqId == executionsReqId) {
      countDown(executionsEnd);
    }
  }

  @Override
  public void commissionReport(CommissionReport report) {
    parts.translator().onCommission(report);
  }

  @Override
  public void position(String account, Contract contract, BigDecimal pos, BigDecimal avgCost) {
    synchronized (openRefs) {
      positionsSeen
          .computeIfAbsent(account == null ? "" : account, a -> new LinkedHashMap<>())
          .merge(contract.symbol, pos, BigDecimal::add);
    }
  }

  @Override
  public void positionEnd() {
    countDown(positionsEnd);
  }

  @Override
  public void error(int id, int code, String msg, String advanced) {
    switch (code) {
      case ErrorCodes.CONNECTIVITY_LOST -> {
        parts
            .alerts()
            .alert(
                "IB_CONNECTIVITY_LOST",
                "IB 1100: " + msg + " Nothing is sent until IB is back; orders wait in the queue.");
        parts.link().ibConnectivityLost(this);
      }
      case ErrorCodes.RESTORED_DATA_LOST -> {
        parts
            .alerts()
            .alert(
                "IB_CONNECTIVITY_RESTORED",
                "IB 1101: "
                    + msg
                    + " Reconciling, then every market data subscription is requested again.");
        parts.link().ibConnectivityRestored(this, true);
      }
      case ErrorCodes.RESTORED_DATA_KEPT -> {
        parts
            .alerts()
            .alert("IB_CONNECTIVITY_RESTORED", "IB 1102: " + msg + " Reconciling, then ready.");
        parts.link().ibConnectivityRestored(this, false);
      }
      default -> {
        if (!parts.contractDetails().onError(id, code, msg)
            && !parts.whatIf().onError(id, code, msg)
            && !marketDataRefused(id, code, msg)) {
          parts.translator().onError(id, code, msg);
        }
      }
    }
  }

  /**
   * A refusal of one of the market data subscriptions (ticker ids and order ids are numbers of one
   * space at IB, so an id that is one of our orders is the order's): kept by {@link MarketData},
   * alerted by the runtime.
   */
  private boolean marketDataRefused(int id, int code, String msg) {
    return !parts.registry().isOrderId(id) && parts.marketData().onError(id, code, msg);
  }

  @Override
  public void contractDetails(int reqId, ContractDetails details) {
    parts.contractDetails().onDetails(reqId, details);
  }

  @Override
  public void contractDetailsEnd(int reqId) {
    parts.contractDetails().onEnd(reqId);
  }

  @Override
  public void marketRule(int marketRuleId, List<PriceIncrement> increments) {
    parts.contractDetails().onMarketRule(marketRuleId, increments);
  }

  /**
   * A message about orders or money that could not be read may hide a fill or a status: the
   * operator must look (the next reconcile reads IB's state again, but may meet the same bytes).
   * Others (prices, accounts, the time) are only logged by the reader.
   */
  @Override
  public void messageSkipped(int msgId, String reason) {
    String kind =
        switch (msgId) {
          case MsgIds.EXECUTION_DATA -> "an execution";
          case MsgIds.COMMISSION_REPORT -> "a commission report";
          case MsgIds.ORDER_STATUS -> "an order status";
          case MsgIds.OPEN_ORDER -> "an open order";
          case MsgIds.POSITION -> "a position";
          default -> null;
        };
    if (kind != null) {
      parts
          .alerts()
          .alert(
              "BROKER_MESSAGE_UNREADABLE",
              "IB sent "
                  + kind
                  + " that could not be read and was skipped ("
                  + reason
                  + "): a fill or an order report may be missing");
    }
  }

  /**
   * The reader is stuck in a callback: no price, status or fill of this connection is processed, so
   * the plans it serves are not protected by the platform until it returns. Alerted at once; the
   * link is left up (IB is not the cause, and a reconnect would need the same stuck code).
   */
  @Override
  public void readerStalled(String reason) {
    parts
        .alerts()
        .alert(
            "IB_READER_STALLED",
            reason
                + ". No tick, order status or fill of this connection is processed until it"
                + " returns (docs/operations.md, \"IB reader stalled\")");
  }

  @Override
  public void readerResumed(String reason) {
    parts.alerts().alert("IB_READER_RESUMED", reason + "; processing IB's messages again");
  }

  @Override
  public void linkDead(String reason) {
    declaredDead = true;
    parts.link().linkDead(this);
    parts
        .alerts()
        .alert(
            "IB_LINK_DEAD",
            "IB link to "
                + config.host()
                + ":"
                + config.port()
                + " is dead: "
                + reason
                + "; reconnecting, then reconciling before anything is sent");
  }

  @Override
  public void connectionClosed(String reason) {
    log.warn("IB connection closed: {}", reason);
    parts.contractDetails().connectionEnded(contractRequests);
    parts.whatIf().connectionEnded(whatIfSender);
    if (inService
        && !shuttingDown
        && !declaredDead
        && parts.link().state() != IbBroker.LinkState.CLOSED) {
      parts
          .alerts()
          .alert(
              "IB_LINK_LOST", "IB connection lost: " + reason + "; reconnecting, then reconciling");
    }
    closed.countDown();
    firstId.countDown();
    countDown(openOrdersEnd);
    countDown(executionsEnd);
    countDown(positionsEnd);
  }

  /**
   * Outside orders one reconcile keeps; past it the rest are not listed (the operator sees the
   * count reached and looks in TWS).
   */
  static final int OUTSIDE_ORDERS_MAX = 1_000;

  private static boolean isDone(String ibStatus) {
    return "Filled".equals(ibStatus)
        || "Cancelled".equals(ibStatus)
        || "ApiCancelled".equals(ibStatus);
  }

  private static AccountsSeen.OutsideOrder outsideOrder(
      int orderId, Contract c, TwsOrder o, OrderState state) {
    return new AccountsSeen.OutsideOrder(
        o.account,
        c.symbol,
        o.action,
        o.totalQuantity,
        o.orderType,
        o.lmtPrice,
        o.auxPrice,
        o.orderRef,
        orderId,
        o.clientId == null ? 0 : o.clientId,
        state == null ? null : state.status());
  }

  private static void countDown(CountDownLatch latch) {
    if (latch != null) {
      latch.countDown();
    }
  }
}
