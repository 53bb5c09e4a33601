package com.tradeplan.broker;

import com.tradeplan.broker.tws.CommissionReport;
import com.tradeplan.broker.tws.Execution;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.domain.plan.Instrument;
import java.math.BigDecimal;

/** Test data for the broker's parts: orders, tracked orders in a given stage, IB's reports. */
final class TestOrders {
  private TestOrders() {}

  static OrderRef ref(String plan) {
    return new OrderRef(plan, OrderRole.ENTRY, 0, 1);
  }

  static OrderRequest buy(String plan, long quantity) {
    return OrderRequest.market(
        ref(plan), "alice", Instrument.stock("AAPL"), OrderAction.BUY, quantity, "test");
  }

  static OrderRequest buyFor(String owner, String plan, long quantity) {
    return OrderRequest.market(
        ref(plan), owner, Instrument.stock("AAPL"), OrderAction.BUY, quantity, "test");
  }

  /** A tracked order brought to {@code stage} through the events that lead there. */
  static TrackedOrder inStage(OrderRequest request, TrackedOrder.Stage stage, int orderId) {
    return switch (stage) {
      case QUEUED -> TrackedOrder.queued(request);
      case QUEUED_FOR_RESEND -> {
        TrackedOrder t = TrackedOrder.restored(request, OrderStatus.CREATED, 0, 1);
        t.queueForResend();
        yield t;
      }
      case JOURNALING -> {
        TrackedOrder t = TrackedOrder.queued(request);
        t.startSending(orderId);
        yield t;
      }
      case WRITTEN -> {
        TrackedOrder t = inStage(request, TrackedOrder.Stage.JOURNALING, orderId);
        t.written(1);
        yield t;
      }
      case ACKNOWLEDGED -> {
        TrackedOrder t = inStage(request, TrackedOrder.Stage.WRITTEN, orderId);
        t.acknowledge(2);
        t.reportStatus(OrderStatus.SUBMITTED);
        yield t;
      }
      case RESTORED -> TrackedOrder.restored(request, OrderStatus.SUBMITTED, 0, 1);
      case RESTORED_UNACKNOWLEDGED -> TrackedOrder.restored(request, OrderStatus.CREATED, 0, 1);
      case DONE -> TrackedOrder.restored(request, OrderStatus.CANCELLED, 0, 1);
    };
  }

  static Execution execution(
      String execId, int orderId, int clientId, String orderRef, long shares, String price) {
    return execution(execId, orderId, clientId, orderRef, shares, price, "20261201  15:30:00");
  }

  /** An execution with IB's time text {@code time}. */
  static Execution execution(
      String execId,
      int orderId,
      int clientId,
      String orderRef,
      long shares,
      String price,
      String time) {
    return new Execution(
        orderId,
        clientId,
        execId,
        time,
        "DU1",
        "SMART",
        "BOT",
        BigDecimal.valueOf(shares),
        new BigDecimal(price),
        0,
        BigDecimal.valueOf(shares),
        new BigDecimal(price),
        orderRef);
  }

  static CommissionReport commission(String execId, String amount) {
    return new CommissionReport(execId, new BigDecimal(amount), "USD", null);
  }
}
