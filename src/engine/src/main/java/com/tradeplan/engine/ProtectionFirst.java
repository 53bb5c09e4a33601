package com.tradeplan.engine;

import com.tradeplan.domain.plan.Side;
import com.tradeplan.engine.facts.PlanState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The order in which the users woken by one tick are decided, and so the order in which their
 * orders reach the broker's queue: protection first. A user's urgency is that of its most urgent
 * woken plan:
 *
 * <ol>
 *   <li>a triggered stop that still owes an exit (shares not covered by a working exit);
 *   <li>a live plan with an active stop, nearest to it first: the distance is {@code last - stop}
 *       for a LONG and {@code stop - last} for a SHORT, so a price through the stop (a negative
 *       distance) goes before one that only approaches it;
 *   <li>any other live plan (covered, being flattened);
 *   <li>plans not live yet: entries and expiries, after every protective decision.
 * </ol>
 *
 * Ties keep the gate's order, which is deterministic. The sessions are independent of one another,
 * so this order changes when a user's orders are sent, never what a session decides.
 */
final class ProtectionFirst {
  private ProtectionFirst() {}

  private static final int OWED_EXIT = 0;
  private static final int NEAR_STOP = 1;
  private static final int OTHER_LIVE = 2;
  private static final int NOT_LIVE = 3;

  /** How urgent a plan is at a price: lower first. */
  record Urgency(int rank, BigDecimal distanceToStop) implements Comparable<Urgency> {
    private static final Comparator<Urgency> ORDER =
        Comparator.comparingInt(Urgency::rank)
            .thenComparing(
                Urgency::distanceToStop, Comparator.nullsLast(Comparator.naturalOrder()));

    @Override
    public int compareTo(Urgency other) {
      return ORDER.compare(this, other);
    }
  }

  /**
   * The owners of {@code planIds} (plans woken by a tick at {@code last}), most urgent first; each
   * owner once. {@code plans} finds a monitored plan's state (null when it is not monitored).
   */
  static List<String> owners(
      Collection<String> planIds, BigDecimal last, Function<String, PlanState> plans) {
    if (planIds.isEmpty()) {
      return List.of(); // the common case, a tick that woke nobody: nothing to allocate
    }
    Map<String, Urgency> byOwner = new LinkedHashMap<>();
    for (String id : planIds) {
      PlanState p = plans.apply(id);
      if (p == null) {
        continue;
      }
      byOwner.merge(p.getOwner(), urgency(p, last), (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }
    List<String> owners = new ArrayList<>(byOwner.keySet());
    if (owners.size() > 1) {
      owners.sort(Comparator.comparing(byOwner::get)); // stable: ties keep the gate's order
    }
    return owners;
  }

  /** The urgency of one plan at a price. */
  static Urgency urgency(PlanState p, BigDecimal last) {
    if (!p.isLive()) {
      return new Urgency(NOT_LIVE, null);
    }
    if (p.isStopTriggered()) {
      return new Urgency(p.getUncoveredQuantity() > 0 ? OWED_EXIT : OTHER_LIVE, null);
    }
    BigDecimal stop = p.getActiveStop();
    if (p.isFlattenRequested() || stop == null) {
      return new Urgency(OTHER_LIVE, null);
    }
    BigDecimal distance = p.getSide() == Side.LONG ? last.subtract(stop) : stop.subtract(last);
    return new Urgency(NEAR_STOP, distance);
  }
}
