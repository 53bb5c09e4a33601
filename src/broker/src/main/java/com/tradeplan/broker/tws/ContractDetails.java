package com.tradeplan.broker.tws;

import java.math.BigDecimal;
import java.util.OptionalInt;

/**
 * What IB's contractData tells about one contract, as far as Tradeplan uses it: the contract's
 * identity, its minimum price increment ({@code minTick}, the tick grid every price must sit on),
 * and when it trades ({@code tradingHours}, {@code liquidHours}: IB's text, e.g. {@code
 * 20261207:0400-20261207:2000;20261208:CLOSED}, in {@code timeZoneId}), and its price-dependent
 * tick grid: {@code marketRuleIds} is IB's comma-separated list of market rule ids, one per
 * exchange of {@code validExchanges} in the same order (empty when IB sent none). The other fields
 * of the message are read past.
 */
public record ContractDetails(
    int conId,
    String symbol,
    String secType,
    String exchange,
    String primaryExchange,
    String currency,
    String longName,
    BigDecimal minTick,
    String timeZoneId,
    String tradingHours,
    String liquidHours,
    String validExchanges,
    String marketRuleIds) {

  /**
   * The market rule that sets this contract's grid: the rule of its primary exchange when that is
   * among the valid exchanges, else the first listed. Empty when IB named none, or named one that
   * is not a whole number (then the minimum tick is the grid).
   */
  public OptionalInt marketRuleId() {
    if (marketRuleIds == null || marketRuleIds.isBlank()) {
      return OptionalInt.empty();
    }
    String[] ids = marketRuleIds.split(",", -1);
    String[] exchanges = validExchanges == null ? new String[0] : validExchanges.split(",", -1);
    int at = 0;
    for (int i = 0; i < exchanges.length && i < ids.length; i++) {
      if (exchanges[i].trim().equals(primaryExchange)) {
        at = i;
        break;
      }
    }
    try {
      int id = Integer.parseInt(ids[at].trim());
      return id >= 0 ? OptionalInt.of(id) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
