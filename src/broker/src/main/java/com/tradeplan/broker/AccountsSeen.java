package com.tradeplan.broker;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one reconcile read of IB's accounts, as IB said it: every account's positions (signed
 * quantity per symbol; an account or symbol absent is flat) and the open orders that Tradeplan did
 * not send (an orderRef that is not one of Tradeplan's: a manual TWS order, another program's).
 * Kept by {@link IbBroker} for whoever compares it with the plans (the runtime's reconciliation of
 * positions); it decides nothing itself.
 *
 * @param reading this broker's count of readings, the first 1 (a later reading has a higher one)
 * @param positions account to symbol to signed quantity, as reqPositions answered
 * @param outsideOrders the open orders of every client id whose orderRef is not Tradeplan's
 */
public record AccountsSeen(
    int reading, Map<String, Map<String, BigDecimal>> positions, List<OutsideOrder> outsideOrders) {
  public AccountsSeen {
    Map<String, Map<String, BigDecimal>> copy = new LinkedHashMap<>();
    positions.forEach((account, bySymbol) -> copy.put(account, Map.copyOf(bySymbol)));
    positions = java.util.Collections.unmodifiableMap(copy);
    outsideOrders = List.copyOf(outsideOrders);
  }

  /** Before the first reconcile: nothing read. */
  public static final AccountsSeen NONE = new AccountsSeen(0, Map.of(), List.of());

  /**
   * The positions (symbol to signed quantity) of {@code account}; with none (empty), of every
   * account together.
   */
  public Map<String, BigDecimal> positionsOf(String account) {
    Map<String, BigDecimal> out = new java.util.HashMap<>();
    positions.forEach(
        (acct, bySymbol) -> {
          if (account.isEmpty() || account.equals(acct)) {
            bySymbol.forEach((symbol, q) -> out.merge(symbol, q, BigDecimal::add));
          }
        });
    return Map.copyOf(out);
  }

  /** The same reading under another count. */
  AccountsSeen numbered(int count) {
    return new AccountsSeen(count, positions, outsideOrders);
  }

  /** An order open at IB that Tradeplan did not send: shown to operators, never touched. */
  public record OutsideOrder(
      String account,
      String symbol,
      String action,
      BigDecimal quantity,
      String orderType,
      BigDecimal limitPrice,
      BigDecimal stopPrice,
      String orderRef,
      int orderId,
      int clientId,
      String status) {}
}
