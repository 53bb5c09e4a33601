package com.tradeplan.runtime;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.cluster.ClusterNode;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.store.TradeStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last check before an order leaves: the IbBroker asks it immediately before each {@code
 * placeOrder}, and the order is written to the socket only when it answers true. It answers true
 * only when this member still runs the order's user ({@code ClusterGuard.maySend}) and the broker
 * order id was recorded durably in the store (the send journal, docs/persistence.md): a restarted
 * process can then tell an order that never reached the wire (no id journaled) from one whose fate
 * only IB knows, and a member that lost the user writes nothing more for it.
 *
 * <p>Called on the IbBroker's sender thread, one order at a time. A throw (the store unreachable)
 * counts as false for the broker: the order is not written and the engine hears it as rejected.
 */
final class SendJournalGuard implements IbBroker.SendJournal {
  private static final Logger LOG = LoggerFactory.getLogger(SendJournalGuard.class);

  private final TradeStore store;
  private final Supplier<ClusterNode> cluster;
  private final Function<String, String> ownerOfPlan;
  private final long sendDelayMillis;

  /**
   * @param cluster this member's node; null until {@link ClusterNode#start} returned (nothing is
   *     sent until then)
   * @param ownerOfPlan the owner of a plan this member runs, by plan id; null when it runs none
   * @param sendDelayMillis fault injection for the crash test only (0 in production): how long each
   *     order waits between its recorded intent and the wire
   */
  SendJournalGuard(
      TradeStore store,
      Supplier<ClusterNode> cluster,
      Function<String, String> ownerOfPlan,
      long sendDelayMillis) {
    this.store = store;
    this.cluster = cluster;
    this.ownerOfPlan = ownerOfPlan;
    this.sendDelayMillis = sendDelayMillis;
  }

  @Override
  public boolean beforePlace(OrderRef ref, int orderId) {
    return mayWrite(ref) && store.recordBrokerOrderId(ref.planId(), ref.toString(), orderId);
  }

  /** The one re-send the store allows per orderRef, whichever member asks. */
  @Override
  public boolean beforeResend(OrderRef ref, int orderId) {
    return mayWrite(ref)
        && store.recordBrokerOrderIdOfResend(ref.planId(), ref.toString(), orderId);
  }

  private boolean mayWrite(OrderRef ref) {
    if (sendDelayMillis > 0) {
      // Fault injection for the crash test only: widens "recorded, not yet sent".
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(sendDelayMillis));
    }
    // A member that lost the user writes nothing more for it (onRelease waits for the order in
    // flight, if any).
    ClusterNode node = cluster.get();
    String owner = ownerOfPlan.apply(ref.planId());
    if (node == null || owner == null || !node.guard().maySend(owner)) {
      LOG.warn("order {} not sent: this member does not run its user", ref);
      return false;
    }
    return true;
  }
}
