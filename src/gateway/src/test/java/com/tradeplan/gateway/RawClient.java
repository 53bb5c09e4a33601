package com.tradeplan.gateway;

import com.tradeplan.broker.tws.Contract;
import com.tradeplan.broker.tws.EClientSocket;
import com.tradeplan.broker.tws.EWrapper;
import com.tradeplan.broker.tws.TwsOrder;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bare TWS client for tests: places orders directly and records errors and ids it hears. */
final class RawClient implements AutoCloseable {
  final List<String> events = new CopyOnWriteArrayList<>();
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
              public void error(int id, int code, String msg, String advanced) {
                events.add("error " + id + " " + code + " " + msg);
              }

              @Override
              public void connectionClosed(String reason) {
                events.add("closed " + reason);
              }

              @Override
              public void currentTime(long time) {
                events.add("currentTime");
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
    TwsOrder o = new TwsOrder();
    o.action = action;
    o.totalQuantity = new BigDecimal(qty);
    o.orderType = "LMT";
    o.lmtPrice = new BigDecimal(lmt);
    o.tif = "DAY";
    o.orderRef = ref;
    o.transmit = true;
    socket.placeOrder(id, Contract.stock(symbol, "SMART", "USD"), o);
  }

  boolean saw(String prefix) {
    return events.stream().anyMatch(e -> e.startsWith(prefix));
  }

  @Override
  public void close() {
    socket.eDisconnect();
  }
}
