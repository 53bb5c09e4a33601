package com.tradeplan.gateway;

/**
 * A placeOrder request as read: an order the exchange can act on, or the field that keeps it from
 * being placed (a number that is not a plain decimal within bounds, a text over its limit, a
 * missing symbol). An unreadable request, whose order id itself cannot be read, is neither: it is
 * answered with error 320 by the session.
 */
sealed interface PlaceOrderRequest {
  int orderId();

  /** Every field read and within its bounds. */
  record Valid(ParsedOrder order) implements PlaceOrderRequest {
    @Override
    public int orderId() {
      return order.orderId();
    }
  }

  /** The order {@code orderId} cannot be placed: {@code reason} names the field and why. */
  record Invalid(int orderId, String reason) implements PlaceOrderRequest {}
}
