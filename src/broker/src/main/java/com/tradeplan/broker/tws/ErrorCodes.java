package com.tradeplan.broker.tws;

/** The IB error and info codes an executor acts on. */
public final class ErrorCodes {
  private ErrorCodes() {}

  /** Max rate of messages per second exceeded. */
  public static final int PACING = 100;

  /** No security definition has been found for the request (reqContractDetails: unknown). */
  public static final int NO_SECURITY_DEFINITION = 200;

  /** Duplicate order id. */
  public static final int DUPLICATE_ORDER_ID = 103;

  /** Order rejected. */
  public static final int ORDER_REJECTED = 201;

  /**
   * The price does not conform to the minimum price variation for this contract: a limit or stop
   * price off the instrument's tick grid at that price (the order is not placed).
   */
  public static final int PRICE_OFF_TICK_GRID = 110;

  /**
   * Order Message: a warning about an accepted order, e.g. that it will not be placed at the
   * exchange until its session opens (it waits, PreSubmitted): never a refusal.
   */
  public static final int ORDER_MESSAGE = 399;

  /** Order cancelled. */
  public static final int ORDER_CANCELLED = 202;

  /** Not connected. */
  public static final int NOT_CONNECTED = 504;

  /** Connectivity between IB and TWS lost. */
  public static final int CONNECTIVITY_LOST = 1100;

  /** Connectivity restored, market data lost: resubscribe. */
  public static final int RESTORED_DATA_LOST = 1101;

  /** Connectivity restored, data maintained. */
  public static final int RESTORED_DATA_KEPT = 1102;

  /** Max number of tickers has been reached (a market data line refused). */
  public static final int MAX_TICKERS = 101;

  /** Can't find EId with ticker id (a request IB does not hold). */
  public static final int TICKER_ID_UNKNOWN = 300;

  /** Requested market data is not subscribed (no market data permission for the instrument). */
  public static final int MARKET_DATA_NOT_SUBSCRIBED = 354;

  /**
   * Market data refusals: IB answers a market data request ({@code reqMktData}) with one of these
   * and sends no price for it. 10167 is IB offering delayed data instead of live: for a platform
   * that trades on the price, delayed prices are refused data too.
   */
  public static boolean isMarketDataRefusal(int code) {
    return code == MAX_TICKERS
        || code == NO_SECURITY_DEFINITION
        || code == TICKER_ID_UNKNOWN
        || code == MARKET_DATA_NOT_SUBSCRIBED
        || code == 10089 // requires additional subscription for API
        || code == 10090 // part of the requested market data is not subscribed
        || code == 10091 // delayed market data requires an additional subscription
        || code == 10167 // not subscribed: displaying delayed market data
        || code == 10168 // not subscribed: delayed market data is not enabled
        || code == 10186 // not subscribed: delayed market data not available
        || code == 10197; // no market data during a competing live session
  }

  /**
   * The market data refusal that can pass without an operator changing the account, and whose
   * request IB does not keep: 101, the account's market data lines all in use (one frees when
   * another subscription ends). Asked again from time to time on the same connection. Not 10197 (a
   * competing live session): whether IB keeps that request until the session ends is not known
   * here, and asking again for a ticker id IB still holds is an error of its own; it waits for the
   * next connection like the others (no permission, no such instrument, delayed data only).
   */
  public static boolean isMarketDataRefusalThatMayPass(int code) {
    return code == MAX_TICKERS;
  }

  public static final int MARKET_DATA_FARM_OK = 2104;
  public static final int HMDS_FARM_OK = 2106;
  public static final int SEC_DEF_FARM_OK = 2158;

  /** Informational codes that are not errors at all. */
  public static boolean isInfo(int code) {
    return code == MARKET_DATA_FARM_OK
        || code == HMDS_FARM_OK
        || code == SEC_DEF_FARM_OK
        || (code >= 2100 && code < 2200);
  }
}
