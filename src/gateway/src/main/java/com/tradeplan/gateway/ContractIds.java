package com.tradeplan.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * The contract id the simulated exchange gives each symbol it is asked to trade (10000, 10001, ...
 * in order of first use). Bounded: past {@code symbolsMax} symbols a new one gets no id (0) and the
 * exchange refuses its order; known symbols keep theirs. Not thread-safe: guarded by the exchange's
 * lock.
 */
final class ContractIds {
  private static final int FIRST_CON_ID = 10_000;

  private final int symbolsMax;
  private final Map<String, Integer> bySymbol = new HashMap<>();

  ContractIds(int symbolsMax) {
    this.symbolsMax = symbolsMax;
  }

  /**
   * The symbol's contract id, given now if the symbol is new; 0 when new and the limit is reached.
   */
  int idOf(String symbol) {
    Integer id = bySymbol.get(symbol);
    if (id != null) {
      return id;
    }
    if (bySymbol.size() >= symbolsMax) {
      return 0;
    }
    int next = FIRST_CON_ID + bySymbol.size();
    bySymbol.put(symbol, next);
    return next;
  }

  int symbolsMax() {
    return symbolsMax;
  }
}
