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
