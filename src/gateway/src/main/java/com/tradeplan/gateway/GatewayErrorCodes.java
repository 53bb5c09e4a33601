package com.tradeplan.gateway;

/**
 * The IB error codes the paper gateway answers with besides those a client acts on (which are in
 * {@code com.tradeplan.broker.tws.ErrorCodes}): mostly the answers at its limits.
 */
final class GatewayErrorCodes {
  private GatewayErrorCodes() {}

  /** Max number of tickers (market data lines) has been reached. */
  static final int MAX_TICKERS = 101;

  /** Error reading request: unreadable, unknown or too long. */
  static final int ERROR_READING_REQUEST = 320;

  /** Error validating request: a field out of bounds outside a new order (which gets 201). */
  static final int ERROR_VALIDATING_REQUEST = 321;

  /** Unable to connect: the client id is in use or cannot be admitted. */
  static final int CLIENT_ID_REFUSED = 326;

  /** Max number of tick-by-tick requests has been reached. */
  static final int MAX_TICK_BY_TICK = 10190;
}
