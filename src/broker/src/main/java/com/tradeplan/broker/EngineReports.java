package com.tradeplan.broker;

import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import java.math.BigDecimal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes {@link IbBroker}'s reports to the engine's {@link BrokerListener}. Called on the
 * connection's reader thread (statuses, fills, commissions), on the link thread at the end of a
 * reconcile, and on the sender thread (an order cancelled before it was written, or refused by the
 * send journal); never with a lock of this package held. A throw of the listener is logged and that
 * report is lost for it, as {@link BrokerListener} says: listeners must not throw.
 */
final class EngineReports {
  private static final Logger log = LoggerFactory.getLogger(EngineReports.class);

  private static final BrokerListener NONE =
      new BrokerListener() {
        @Override
        public void onOrderUpdate(OrderUpdate update) {}

        @Override
        public void onFill(Fill fill) {}
      };

  private volatile BrokerListener listener = NONE;

  void setListener(BrokerListener listener) {
    this.listener = listener;
  }

  void update(OrderUpdate update) {
    try {
      listener.onOrderUpdate(update);
    } catch (RuntimeException ex) {
      log.error("listener failed on update {}", update, ex);
    }
  }

  void fill(Fill fill) {
    try {
      listener.onFill(fill);
    } catch (RuntimeException ex) {
      log.error("listener failed on fill {}", fill, ex);
    }
  }

  void commission(String execId, OrderRef ref, BigDecimal commission) {
    try {
      listener.onCommission(execId, ref, commission);
    } catch (RuntimeException ex) {
      log.error("listener failed on commission {}", execId, ex);
    }
  }
}
