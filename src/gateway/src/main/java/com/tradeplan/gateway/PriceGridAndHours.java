package com.tradeplan.gateway;

import com.tradeplan.broker.tws.ErrorCodes;
import com.tradeplan.broker.tws.FieldWriter;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Two checks IB makes that the simulated exchange makes the same way, from the contract details the
 * gateway answers ({@link ContractDirectory}): a limit or stop price off the symbol's tick grid at
 * that price is refused with error 110 and IB's words; and, when {@link GatewayConfig#tradingHours}
 * is on, an order outside its session is accepted but waits (warning 399, PreSubmitted) and fills
 * only in it: the regular session, or the extended hours with outsideRth, of the gateway's calendar
 * (holidays included). Pure answers; the exchange calls them under its lock and sends what they
 * build.
 */
final class PriceGridAndHours {
  /** IB's text of error 110. */
  static final String OFF_GRID_TEXT =
      "The price does not conform to the minimum price variation for this contract.";

  private final ContractDirectory contracts;
  private final boolean tradingHours;

  PriceGridAndHours(ContractDirectory contracts, boolean tradingHours) {
    this.contracts = contracts;
    this.tradingHours = tradingHours;
  }

  /**
   * True when a price the order type uses (a LMT's limit, a STP's stop, both of a STP LMT) is above
   * 0 and off the symbol's grid at that price. A market order's prices are not looked at.
   */
  boolean offGrid(String symbol, String orderType, BigDecimal limit, BigDecimal stop) {
    boolean usesLimit = "LMT".equals(orderType) || "STP LMT".equals(orderType);
    boolean usesStop = "STP".equals(orderType) || "STP LMT".equals(orderType);
    return (usesLimit && isOff(symbol, limit)) || (usesStop && isOff(symbol, stop));
  }

  private boolean isOff(String symbol, BigDecimal price) {
    return price != null && price.signum() > 0 && !contracts.gridOf(symbol).isOnGrid(price);
  }

  /** Error 110 for the order {@code orderId}, in IB's words. */
  static FieldWriter offGridError(int orderId) {
    return ServerMessages.error(orderId, ErrorCodes.PRICE_OFF_TICK_GRID, OFF_GRID_TEXT);
  }

  /**
   * Null when {@code o} may fill at {@code now} (always, with the hours off); otherwise when its
   * session opens, in IB's words ({@code 2026-12-07 09:30:00 US/Eastern}).
   */
  String waitsUntil(SimOrder o, Instant now) {
    return tradingHours ? contracts.closedUntil(o.symbol, now, o.outsideRth) : null;
  }

  /** IB's warning 399 for an order accepted outside its session: it waits until {@code until}. */
  static FieldWriter waitsWarning(SimOrder o, String until) {
    return ServerMessages.error(
        o.orderId,
        ErrorCodes.ORDER_MESSAGE,
        "Order Message:\n"
            + o.action
            + " "
            + o.totalQuantity.stripTrailingZeros().toPlainString()
            + " "
            + o.symbol
            + " "
            + o.exchange
            + "\nWarning: Your order will not be placed at the exchange until "
            + until);
  }
}
