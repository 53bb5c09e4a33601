package com.tradeplan.bench.peers;

import com.tradeplan.domain.order.OrderAction;
import com.tradeplan.domain.order.OrderRef;
import com.tradeplan.domain.order.OrderRole;
import java.util.Comparator;

/**
 * One order as the agreement check compares it: which plan, role, index and attempt, its side and
 * quantity, and the index of the tick during which it was sent.
 */
public record SentOrder(
    String planId,
    OrderRole role,
    int index,
    int attempt,
    OrderAction action,
    long quantity,
    long tick) {
  /** The order in which two runs' orders are compared (within a tick, users run in any order). */
  public static final Comparator<SentOrder> ORDER =
      Comparator.comparingLong(SentOrder::tick)
          .thenComparing(SentOrder::planId)
          .thenComparing(SentOrder::role)
          .thenComparingInt(SentOrder::index)
          .thenComparingInt(SentOrder::attempt);

  public static SentOrder of(OrderRef ref, OrderAction action, long quantity, long tick) {
    return new SentOrder(
        ref.planId(), ref.role(), ref.index(), ref.attempt(), action, quantity, tick);
  }

  /**
   * A 64-bit fingerprint of every field; {@link OrderLog} adds them up, so two logs with the same
   * count and sum hold the same orders in any order (up to a 64-bit collision).
   */
  public long fingerprint() {
    long h = planId.hashCode();
    h = mix(h * 31 + role.ordinal());
    h = mix(h * 31 + index);
    h = mix(h * 31 + attempt);
    h = mix(h * 31 + action.ordinal());
    h = mix(h * 31 + quantity);
    return mix(h * 31 + tick);
  }

  /** SplitMix64's finalizer: every input bit moves about half of the output bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
