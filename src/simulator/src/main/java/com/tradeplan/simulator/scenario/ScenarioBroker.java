package com.tradeplan.simulator.scenario;

import com.tradeplan.domain.broker.OrderRequest;
import com.tradeplan.domain.broker.OrderUpdate;
import com.tradeplan.domain.broker.SubmitResult;
import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import com.tradeplan.domain.order.OrderStatus;
import com.tradeplan.simulator.SimulatedBroker;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated broker with the faults a scenario asks for: it rejects the next order of a role
 * (the broker refuses it), denies it (a local limit refuses it before it leaves), or holds orders
 * of a role (no simulated fills) until they are released, so that a scenario can report partial and
 * late fills itself. Everything else is the {@link SimulatedBroker}.
 */
final class ScenarioBroker extends SimulatedBroker {
  private record Armed(String plan, OrderRole role, Integer index, String reason) {
    boolean matches(OrderRef ref) {
      return plan.equals(ref.planId())
          && role == ref.role()
          && (index == null || index == ref.index());
    }
  }

  private record HoldKey(String plan, OrderRole role) {}

  private final List<Armed> rejects = new ArrayList<>();
  private final List<Armed> denials = new ArrayList<>();
  private final List<HoldKey> holds = new ArrayList<>();
  private final Map<OrderRef, OrderRequest> held = new LinkedHashMap<>();
  private final Map<OrderRef, Long> heldRemaining = new LinkedHashMap<>();

  ScenarioBroker(Long maxFillPerTick, CommissionModel commission) {
    super(maxFillPerTick, commission);
  }

  void rejectNext(String plan, OrderRole role, Integer index, String reason) {
    rejects.add(new Armed(plan, role, index, reason));
  }

  void denyNext(String plan, OrderRole role, Integer index, String reason) {
    denials.add(new Armed(plan, role, index, reason));
  }

  void hold(String plan, OrderRole role) {
    holds.add(new HoldKey(plan, role));
  }

  /** Sends the remainder of every held order of {@code role} on to the simulated market. */
  void release(String plan, OrderRole role) {
    HoldKey key = new HoldKey(plan, role);
    holds.remove(key);
    for (Iterator<Map.Entry<OrderRef, OrderRequest>> it = held.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<OrderRef, OrderRequest> e = it.next();
      OrderRef ref = e.getKey();
      if (ref.planId().equals(plan) && ref.role() == role) {
        it.remove();
        long remaining = heldRemaining.remove(ref);
        if (remaining > 0) {
          OrderRequest r = e.getValue();
          super.submit(
              new OrderRequest(
                  r.ref(),
                  r.owner(),
                  r.instrument(),
                  r.action(),
                  r.type(),
                  remaining,
                  r.limitPrice(),
                  r.stopPrice(),
                  r.reason(),
                  r.account()));
        }
      }
    }
  }

  /** A held order's remainder shrinks by a fill the scenario reported; false if not held. */
  boolean filledWhileHeld(OrderRef ref, long quantity) {
    Long remaining = heldRemaining.get(ref);
    if (remaining == null) {
      return false;
    }
    heldRemaining.put(ref, Math.max(0, remaining - quantity));
    return true;
  }

  @Override
  public SubmitResult submit(OrderRequest request) {
    OrderRef ref = request.ref();
    for (Iterator<Armed> it = denials.iterator(); it.hasNext(); ) {
      Armed a = it.next();
      if (a.matches(ref)) {
        it.remove();
        // A local refusal, as the risk gate or IbBroker's own bounds answer: nothing left.
        return SubmitResult.denied(a.reason);
      }
    }
    for (Iterator<Armed> it = rejects.iterator(); it.hasNext(); ) {
      Armed a = it.next();
      if (a.matches(ref)) {
        it.remove();
        // A venue rejection: the order left, the broker refused it (not a local denial).
        listener().onOrderUpdate(OrderUpdate.rejected(ref, a.reason));
        return SubmitResult.ACCEPTED;
      }
    }
    if (holds.contains(new HoldKey(ref.planId(), ref.role()))) {
      held.put(ref, request);
      heldRemaining.put(ref, request.quantity());
      return SubmitResult.ACCEPTED;
    }
    return super.submit(request);
  }

  @Override
  public SubmitResult cancel(OrderRef ref) {
    if (held.remove(ref) != null) {
      heldRemaining.remove(ref);
      listener().onOrderUpdate(OrderUpdate.status(ref, OrderStatus.CANCELLED));
      return SubmitResult.ACCEPTED;
    }
    return super.cancel(ref);
  }
}
