package com.tradeplan.cluster;

import com.tradeplan.domain.state.PlanSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which symbols this member's users need, counted per unfinished plan. */
final class SymbolDemand {
  private final MarketDataListener listener;
  private final Map<String, Map<String, String>> symbolOfPlanByOwner = new HashMap<>();
  private final Map<String, Integer> plansPerSymbol = new HashMap<>();

  SymbolDemand(MarketDataListener listener) {
    this.listener = listener;
  }

  /** Applies the latest snapshots of a held user: unfinished plans need their symbol. */
  synchronized void update(String owner, Iterable<PlanSnapshot> snapshots) {
    Map<String, String> plans = symbolOfPlanByOwner.computeIfAbsent(owner, o -> new HashMap<>());
    for (PlanSnapshot s : snapshots) {
      boolean needed = !s.status().isTerminal();
      String had = needed ? plans.put(s.planId(), s.plan().symbol()) : plans.remove(s.planId());
      if (needed && had == null) {
        increment(s.plan().symbol());
      } else if (!needed && had != null) {
        decrement(had);
      }
    }
    if (plans.isEmpty()) {
      symbolOfPlanByOwner.remove(owner);
    }
  }

  synchronized void removeUser(String owner) {
    Map<String, String> plans = symbolOfPlanByOwner.remove(owner);
    if (plans != null) {
      plans.values().forEach(this::decrement);
    }
  }

  synchronized Set<String> symbols() {
    return new TreeSet<>(plansPerSymbol.keySet());
  }

  private void increment(String symbol) {
    if (plansPerSymbol.merge(symbol, 1, Integer::sum) == 1) {
      listener.onSymbolNeeded(symbol);
    }
  }

  private void decrement(String symbol) {
    Integer left = plansPerSymbol.computeIfPresent(symbol, (k, n) -> n == 1 ? null : n - 1);
    if (left == null) {
      listener.onSymbolDropped(symbol);
    }
  }
}
