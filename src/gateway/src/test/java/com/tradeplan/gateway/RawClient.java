package com.tradeplan.gateway;

import com.tradeplan.broker.tws.CommissionReport;
import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.ContractDetails;
import com.tradeplan.broker.tws.EClientSocket;
import com.tradeplan.broker.tws.EWrapper;
import com.tradeplan.broker.tws.Execution;
import com.tradeplan.broker.tws.OrderState;
import com.tradeplan.broker.tws.PriceIncrement;
import com.tradeplan.broker.tws.TwsOrder;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bare TWS client for tests: places orders directly and records, in arrival order, what a real IB
 * client would receive. {@link #events} keeps ids, errors and connection events as text; the typed
 * lists keep order statuses, open orders, executions, commissions, positions and tick-by-tick
 * prices; {@link #orderLog} interleaves the order-related callbacks as text for ordering checks.
 */
final class RawClient implements AutoCloseable {
  record Status(
      int orderId,
      String status,
      BigDecimal filled,
      BigDecimal remaining,
      BigDecimal avgFillPrice,
      int parentId,
      BigDecimal lastFillPrice) {}

  record Open(int orderId, TwsOrder order, OrderState state) {}

  record Err(int id, int code, String message) {}

  record Pos(String account, String symbol, BigDecimal quantity, BigDecimal averageCost) {}

  final List<String> events = new CopyOnWriteArrayList<>();
  final List<Status> statuses = new CopyOnWriteArrayList<>();
  final List<Open> openOrders = new CopyOnWriteArrayList<>();
  final List<Execution> executions = new CopyOnWriteArrayList<>();
  final List<CommissionReport> commissions = new CopyOnWriteArrayList<>();
  final List<Err> errors = new CopyOnWriteArrayList<>();
  final List<Pos> positions = new CopyOnWriteArrayList<>();
  final List<BigDecimal> tickByTickPrices = new CopyOnWriteArrayList<>();
  final List<ContractDetails> contractDetails = new CopyOnWriteArrayList<>();
  final List<Integer> contractDetailsEnds = new CopyOnWriteArrayList<>();

  /** marketRule answers as "id lowEdge:increment ..." (plain decimals as sent). */
  final List<String> marketRules = new CopyOnWriteArrayList<>();

  /** reqMktData ticks as "field price" (TickType fields: 1 BID, 2 ASK, 4 LAST; 0/3/5 sizes). */
  final List<String> marketData = new CopyOnWriteArrayList<>();

  final List<String> orderLog = new CopyOnWriteArrayList<>();
  volatile boolean positionEnd;
  final EClientSocket socket;

  private RawClient() {
    this.socket =
        new EClientSocket(
            new EWrapper() {
              @Override
              public void nextValidId(int orderId) {
                events.add("nextValidId " + orderId);
              }

              @Override
              public void managedAccounts(String accountsList) {
                events.add("managedAccounts " + accountsList);
              }

              @Override
              public void error(int id, int code, String msg, String advanced) {
                events.add("error " + id + " " + code + " " + msg);
                errors.add(new Err(id, code, msg));
                if (id > 0) {
                  orderLog.add("error " + id + " " + code);
                }
              }

              @Override
              public void connectionClosed(String reason) {
                events.add("closed " + reason);
              }

              @Override
              public void currentTime(long time) {
                events.add("currentTime");
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
                statuses.add(
                    new Status(
                        orderId, status, filled, remaining, avgFillPrice, parentId, lastFillPrice));
                orderLog.add("status " + orderId + " " + status);
              }

              @Override
              public void openOrder(int orderId, Contract contract, TwsOrder order, OrderState s) {
                openOrders.add(new Open(orderId, order, s));
              }

              @Override
              public void execDetails(int reqId, Contract contract, Execution e) {
                executions.add(e);
                orderLog.add("exec " + e.orderId());
              }

              @Override
              public void commissionReport(CommissionReport report) {
                commissions.add(report);
                orderLog.add("commission " + report.execId());
              }

              @Override
              public void position(
                  String account, Contract contract, BigDecimal pos, BigDecimal avgCost) {
                positions.add(new Pos(account, contract.symbol, pos, avgCost));
              }

              @Override
              public void contractDetails(int reqId, ContractDetails details) {
                contractDetails.add(details);
              }

              @Override
              public void contractDetailsEnd(int reqId) {
                contractDetailsEnds.add(reqId);
              }

              @Override
              public void marketRule(int marketRuleId, List<PriceIncrement> increments) {
                StringBuilder sb = new StringBuilder(Integer.toString(marketRuleId));
                for (PriceIncrement p : increments) {
                  sb.append(' ').append(p.lowEdge().toPlainString());
                  sb.append(':').append(p.increment().toPlainString());
                }
                marketRules.add(sb.toString());
              }

              @Override
              public void positionEnd() {
                positionEnd = true;
              }

              @Override
              public void tickPrice(int tickerId, int field, BigDecimal price, int attribMask) {
                marketData.add(field + " " + price.stripTrailingZeros().toPlainString());
              }

              @Override
              public void tickSize(int tickerId, int field, BigDecimal size) {
                marketData.add(field + " " + size.stripTrailingZeros().toPlainString());
              }

              @Override
              public void tickByTickAllLast(
                  int reqId,
                  int tickType,
                  long time,
                  BigDecimal price,
                  BigDecimal size,
                  int attribMask,
                  String exchange,
                  String specialConditions) {
                tickByTickPrices.add(price);
              }
            },
            null);
  }

  static RawClient connect(int port, int clientId) throws IOException {
    RawClient c = new RawClient();
    c.socket.connect("127.0.0.1", port, clientId, 5000);
    return c;
  }

  void placeLimit(int id, String symbol, String action, String qty, String lmt, String ref) {
    TwsOrder o = order(action, qty, "LMT");
    o.lmtPrice = new BigDecimal(lmt);
    o.orderRef = ref;
    place(id, symbol, o);
  }

  void place(int id, String symbol, TwsOrder order) {
    socket.placeOrder(id, Contract.stock(symbol, "SMART", "USD"), order);
  }

  /** A transmitted DAY order; set prices, OCA, parent, GTD, whatIf on the result. */
  static TwsOrder order(String action, String qty, String type) {
    TwsOrder o = new TwsOrder();
    o.action = action;
    o.totalQuantity = new BigDecimal(qty);
    o.orderType = type;
    o.tif = "DAY";
    o.transmit = true;
    return o;
  }

  boolean saw(String prefix) {
    return events.stream().anyMatch(e -> e.startsWith(prefix));
  }

  /** The statuses of one order, in arrival order. */
  List<String> statusesOf(int orderId) {
    return statuses.stream().filter(s -> s.orderId() == orderId).map(Status::status).toList();
  }

  List<Status> statusReportsOf(int orderId) {
    return statuses.stream().filter(s -> s.orderId() == orderId).toList();
  }

  String lastStatusOf(int orderId) {
    List<String> all = statusesOf(orderId);
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  List<Execution> executionsOf(int orderId) {
    return executions.stream().filter(e -> e.orderId() == orderId).toList();
  }

  List<Integer> errorCodesOf(int id) {
    return errors.stream().filter(e -> e.id() == id).map(Err::code).toList();
  }

  List<Open> openOrdersOf(int orderId) {
    return openOrders.stream().filter(o -> o.orderId() == orderId).toList();
  }

  @Override
  public void close() {
    socket.eDisconnect();
  }
}
