package com.tradeplan.gateway;

import com.tradeplan.broker.tws.FieldWriter;
import com.tradeplan.broker.tws.TickType;
import com.tradeplan.domain.market.Tick;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One connection's market data: its reqMktData lines and tick-by-tick subscriptions (a request id
 * for a symbol each) and the messages a tick makes of them. Bounded per connection: a symbol over
 * {@link FieldCheck#SYMBOL_CHARS_MAX} is refused with 321, a new line past {@code
 * marketDataLinesMax} with 101 and a tick-by-tick subscription past {@code tickByTickMax} with
 * 10190, as IB answers; the same request id again replaces its subscription. Subscribing and
 * cancelling happen on the connection's reader thread, ticks on the market thread.
 */
final class MarketDataLines {
  private final int linesMax;
  private final int tickByTickMax;
  private final Map<Integer, String> lines = new ConcurrentHashMap<>();
  private final Map<Integer, String> tickByTick = new ConcurrentHashMap<>();

  MarketDataLines(int linesMax, int tickByTickMax) {
    this.linesMax = linesMax;
    this.tickByTickMax = tickByTickMax;
  }

  /** reqMktData: null when the line is kept, else the error to answer. */
  FieldWriter subscribe(int reqId, String symbol) {
    FieldWriter refusal = symbolRefusal(reqId, symbol);
    if (refusal != null) {
      return refusal;
    }
    if (!lines.containsKey(reqId) && lines.size() >= linesMax) {
      return ServerMessages.error(
          reqId, GatewayErrorCodes.MAX_TICKERS, "Max number of tickers has been reached");
    }
    lines.put(reqId, symbol);
    return null;
  }

  /** reqTickByTickData: null when the subscription is kept, else the error to answer. */
  FieldWriter subscribeTickByTick(int reqId, String symbol) {
    FieldWriter refusal = symbolRefusal(reqId, symbol);
    if (refusal != null) {
      return refusal;
    }
    if (!tickByTick.containsKey(reqId) && tickByTick.size() >= tickByTickMax) {
      return ServerMessages.error(
          reqId,
          GatewayErrorCodes.MAX_TICK_BY_TICK,
          "Max number of tick-by-tick requests has been reached.");
    }
    tickByTick.put(reqId, symbol);
    return null;
  }

  /** Whether a line or a tick-by-tick subscription is on {@code symbol}. */
  boolean watches(String symbol) {
    return lines.containsValue(symbol) || tickByTick.containsValue(symbol);
  }

  void cancel(int reqId) {
    lines.remove(reqId);
  }

  void cancelTickByTick(int reqId) {
    tickByTick.remove(reqId);
  }

  /** The messages of this tick for the subscriptions on its symbol, in order, to {@code send}. */
  void onTick(Tick t, Consumer<FieldWriter> send) {
    BigDecimal size = t.volume() == null ? BigDecimal.ONE : BigDecimal.valueOf(t.volume());
    lines.forEach(
        (reqId, symbol) -> {
          if (symbol.equals(t.symbol())) {
            if (t.bid() != null) {
              send.accept(ServerMessages.tickPrice(reqId, TickType.BID, t.bid(), size));
            }
            if (t.ask() != null) {
              send.accept(ServerMessages.tickPrice(reqId, TickType.ASK, t.ask(), size));
            }
            send.accept(ServerMessages.tickPrice(reqId, TickType.LAST, t.last(), size));
          }
        });
    tickByTick.forEach(
        (reqId, symbol) -> {
          if (symbol.equals(t.symbol())) {
            send.accept(
                ServerMessages.tickByTickLast(reqId, t.time().getEpochSecond(), t.last(), size));
          }
        });
  }

  private static FieldWriter symbolRefusal(int reqId, String symbol) {
    String tooLong = FieldCheck.tooLong("symbol", symbol, FieldCheck.SYMBOL_CHARS_MAX);
    if (tooLong == null) {
      return null;
    }
    return ServerMessages.error(
        reqId, GatewayErrorCodes.ERROR_VALIDATING_REQUEST, "Error validating request: " + tooLong);
  }
}
