package com.tradeplan.broker.tws;

/** Message ids of the TWS protocol, as public documentation of the protocol lists them. */
public final class MsgIds {
  private MsgIds() {}

  // client -> server
  public static final int REQ_MKT_DATA = 1;
  public static final int CANCEL_MKT_DATA = 2;
  public static final int PLACE_ORDER = 3;
  public static final int CANCEL_ORDER = 4;
  public static final int REQ_OPEN_ORDERS = 5;
  public static final int REQ_EXECUTIONS = 7;
  public static final int REQ_IDS = 8;
  public static final int REQ_CONTRACT_DATA = 9;
  public static final int REQ_AUTO_OPEN_ORDERS = 15;
  public static final int REQ_ALL_OPEN_ORDERS = 16;
  public static final int REQ_MANAGED_ACCTS = 17;
  public static final int REQ_CURRENT_TIME = 49;
  public static final int REQ_GLOBAL_CANCEL = 58;
  public static final int REQ_MARKET_DATA_TYPE = 59;
  public static final int REQ_POSITIONS = 61;
  public static final int CANCEL_POSITIONS = 64;
  public static final int START_API = 71;
  public static final int REQ_MARKET_RULE = 91;
  public static final int REQ_TICK_BY_TICK_DATA = 97;
  public static final int CANCEL_TICK_BY_TICK_DATA = 98;

  // server -> client
  public static final int TICK_PRICE = 1;
  public static final int TICK_SIZE = 2;
  public static final int ORDER_STATUS = 3;
  public static final int ERR_MSG = 4;
  public static final int OPEN_ORDER = 5;
  public static final int NEXT_VALID_ID = 9;
  public static final int CONTRACT_DATA = 10;
  public static final int EXECUTION_DATA = 11;
  public static final int MANAGED_ACCTS = 15;
  public static final int CURRENT_TIME = 49;
  public static final int CONTRACT_DATA_END = 52;
  public static final int OPEN_ORDER_END = 53;
  public static final int EXECUTION_DATA_END = 55;
  public static final int COMMISSION_REPORT = 59;
  public static final int POSITION = 61;
  public static final int POSITION_END = 62;
  public static final int MARKET_RULE = 93;
  public static final int TICK_BY_TICK = 99;
}
