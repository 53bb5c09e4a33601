package com.tradeplan.gateway;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.domain.order.OrderRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A send journal that enforces what the runtime's (the store's broker-order journal) must: an
 * orderRef is placed once, and re-sent at most once, and only after it was placed. Everything it
 * was asked is kept, refusals included, so a test can show the broker never asks for more.
 */
final class OnceJournal implements IbBroker.SendJournal {
  private final Map<String, Boolean> resentByRef = new ConcurrentHashMap<>();
  final List<String> asked = new CopyOnWriteArrayList<>();

  @Override
  public synchronized boolean beforePlace(OrderRef ref, int orderId) {
    boolean first = resentByRef.putIfAbsent(ref.toString(), false) == null;
    asked.add("place " + ref + (first ? "" : " REFUSED"));
    return first;
  }

  @Override
  public synchronized boolean beforeResend(OrderRef ref, int orderId) {
    boolean allowed = Boolean.FALSE.equals(resentByRef.get(ref.toString()));
    if (allowed) {
      resentByRef.put(ref.toString(), true);
    }
    asked.add("resend " + ref + (allowed ? "" : " REFUSED"));
    return allowed;
  }
}
