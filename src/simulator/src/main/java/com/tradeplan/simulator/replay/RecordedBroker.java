package com.tradeplan.simulator.replay;

import com.tradeplan.domain.broker.Broker;
import com.tradeplan.domain.broker.BrokerListener;
import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.order.Fill;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.engine.facts.Commission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The replay's broker: it sends nothing and fills nothing by a model. An order the replay sends is
 * matched to the live one by its {@link OrderRef} (plan, role, index, attempt: deterministic, so
 * the same decision gives the same ref) and answered as the live broker port answered it (a risk
 * denial included); the recorded reports of an order are delivered when they come in the recording,
 * or, when the replay has not sent that order yet, held until it does. Reports of an order the
 * replay never sends stay held: they are counted in the result ({@link #held}), as a divergence the
 * histories show.
 *
 * <p>Bounded by the recording: it holds at most the reports and answers of one replay.
 */
final class RecordedBroker implements Broker {
  private final Map<OrderRef, SubmitResult> recordedSubmits;
  private final Map<OrderRef, SubmitResult> recordedCancels;
  private final Set<OrderRef> sent = new HashSet<>();
  private final Map<OrderRef, List<Object>> held = new LinkedHashMap<>();
  private final Map<OrderRef, List<Object>> heldForCancel = new LinkedHashMap<>();
  private final Set<OrderRef> cancelled = new HashSet<>();
  private final List<OrderRequest> decisions = new ArrayList<>();
  private BrokerListener listener;

  RecordedBroker(Map<OrderRef, SubmitResult> submits, Map<OrderRef, SubmitResult> cancels) {
    this.recordedSubmits = new HashMap<>(submits);
    this.recordedCancels = new HashMap<>(cancels);
  }

  @Override
  public SubmitResult submit(OrderRequest request) {
    decisions.add(request);
    sent.add(request.ref());
    List<Object> waiting = held.remove(request.ref());
    if (waiting != null) {
      waiting.forEach(this::deliver);
    }
    return recordedSubmits.getOrDefault(request.ref(), SubmitResult.ACCEPTED);
  }

  @Override
  public SubmitResult cancel(OrderRef ref) {
    cancelled.add(ref);
    List<Object> waiting = heldForCancel.remove(ref);
    if (waiting != null) {
      waiting.forEach(this::deliver);
    }
    return recordedCancels.getOrDefault(ref, SubmitResult.ACCEPTED);
  }

  @Override
  public void setListener(BrokerListener listener) {
    this.listener = listener;
  }

  /** The recorded reports the replay can take now (their orders sent); the others are held. */
  List<Object> deliverable(List<Object> reports) {
    List<Object> now = new ArrayList<>();
    for (Object r : reports) {
      OrderRef ref = refOf(r);
      if (answersALiveCancel(r) && !cancelled.contains(ref)) {
        heldForCancel.computeIfAbsent(ref, k -> new ArrayList<>()).add(r);
      } else if (sent.contains(ref)) {
        now.add(r);
      } else {
        held.computeIfAbsent(ref, k -> new ArrayList<>()).add(r);
      }
    }
    return now;
  }

  /**
   * A cancel's confirmation (pending cancel, cancelled) of an order the live run cancelled: the
   * broker's answer to that cancel, so the replay gets it only once it cancels the order too.
   */
  private boolean answersALiveCancel(Object r) {
    return r instanceof OrderUpdate u
        && !u.rejected()
        && recordedCancels.containsKey(u.ref())
        && (u.status() == OrderStatus.PENDING_CANCEL
            || u.status() == OrderStatus.CANCELLED
            || u.status() == OrderStatus.API_CANCELLED);
  }

  /** The orders the replay sent, in order: its decisions. */
  List<OrderRequest> decisions() {
    return decisions;
  }

  /** Recorded reports never delivered: their orders were never sent by the replay. */
  int held() {
    int n = 0;
    for (List<Object> l : held.values()) {
      n += l.size();
    }
    for (List<Object> l : heldForCancel.values()) {
      n += l.size();
    }
    return n;
  }

  private void deliver(Object r) {
    if (r instanceof Fill f) {
      listener.onFill(f);
    } else if (r instanceof OrderUpdate u) {
      listener.onOrderUpdate(u);
    } else if (r instanceof Commission c) {
      listener.onCommission(c.executionId(), c.ref(), c.amount());
    }
  }

  private static OrderRef refOf(Object r) {
    if (r instanceof Fill f) {
      return f.orderRef();
    }
    if (r instanceof OrderUpdate u) {
      return u.ref();
    }
    if (r instanceof Commission c) {
      return c.ref();
    }
    throw new IllegalArgumentException("not a broker report: " + r);
  }
}
