package com.tradeplan.broker.tws;

/** Tick type numbers used by tickPrice / tickSize. */
public final class TickType {
  private TickType() {}

  public static final int BID_SIZE = 0;
  public static final int BID = 1;
  public static final int ASK = 2;
  public static final int ASK_SIZE = 3;
  public static final int LAST = 4;
  public static final int LAST_SIZE = 5;
  public static final int VOLUME = 8;
}
