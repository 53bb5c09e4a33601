package com.tradeplan.gateway;

import com.tradeplan.domain.commission.CommissionModel;
import com.tradeplan.domain.plan.TickBands;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the paper gateway. Defaults: loopback, a free port, account DU1234567, IB's 50 msg/s
 * pacing, no tick source (tests publish ticks), full fills, no latency, IB fixed commissions
 * ($0.005/share, min $1, max 1% of value).
 *
 * <p>Everything a client can make the gateway keep has a limit here, with what happens at it, so
 * that no client, however broken or hostile, can exhaust the memory or the threads of the gateway
 * or of the process it is embedded in (docs/ib.md, "Limits of the paper gateway").
 */
public final class GatewayConfig {
  public String bindAddress = "127.0.0.1";

  /** 0 picks a free port; {@link PaperGateway#port()} tells which. */
  public int port = 0;

  public List<String> accounts = new ArrayList<>(List.of("DU1234567"));

  /** Inbound messages per second per client, as IB enforces (error 100 past it). */
  public int pacingPerSecond = 50;

  /** Excess messages within one second after which the client is disconnected, as IB does. */
  public int pacingDisconnectAfterExcess = 50;

  /** Largest quantity one tick fills of one order; 0 fills the whole remainder at once. */
  public BigDecimal maxFillPerTick = BigDecimal.ZERO;

  /** Delay between a fill decision and its execution report. */
  public long fillLatencyMillis = 0;

  /**
   * What each order is charged (the domain's one commission model, shared with the simulator): IB
   * Pro fixed by default, $0.005 a share, at least $1.00, at most 1% of trade value.
   */
  public CommissionModel commission = CommissionModel.IB_FIXED;

  /**
   * The paper accounts charged by a plan of their own (docs/ib.md, "Commissions at the paper
   * gateway"), by account code; every other account is charged {@link #commission}. Real IB charges
   * each account by the pricing plan of that account; this map lets a paper run do the same.
   */
  public Map<String, CommissionModel> accountCommissions = new HashMap<>();

  /** What the orders of {@code account} are charged: its own plan, else {@link #commission}. */
  CommissionModel commissionOf(String account) {
    CommissionModel own = account == null ? null : accountCommissions.get(account);
    return own != null ? own : commission;
  }

  public List<RejectRule> rejectRules = new ArrayList<>();

  /** Each client's first nextValidId. */
  public int firstOrderId = 1;

  /** Outbound messages queued per client before a client that does not read is dropped. */
  public int clientQueueCapacity = 20_000;

  /** Outbound bytes queued per client before a client that does not read is dropped. */
  public int clientQueueBytesMax = 16 * 1024 * 1024;

  /**
   * Each client socket's send buffer in bytes; 0 (the default) leaves it to the system, which grows
   * it up to tcp_wmem's maximum (megabytes) for a client that does not read. A test of {@link
   * #clientQueueBytesMax} sets it small so that the queue, not the kernel, holds what waits.
   */
  public int clientSendBufferBytes = 0;

  /**
   * Connections at once, those still in their handshake included (IB's TWS serves 32 API clients).
   * Past it a new connection is closed at once, unanswered, with a log line, and counted in {@link
   * PaperGateway#refusedConnections()}.
   */
  public int connectionsMax = 32;

  /**
   * Time a new connection has for its whole handshake (API prefix, version range, startApi),
   * however slowly its bytes trickle in. Past it the connection is closed with a log line.
   */
  public long handshakeTimeoutMillis = 10_000;

  /**
   * Largest request after the handshake, in bytes. IB's framing allows 16 MiB, but no request the
   * gateway serves comes near this (a placeOrder is under 1 KiB). Past it the client gets error 320
   * naming the size and the limit, then the connection is closed: the rest of the stream cannot be
   * trusted. The buffer of a request grows with the bytes that arrive, never with the length a
   * client claims.
   */
  public int requestBytesMax = 16 * 1024;

  /**
   * Client ids the gateway keeps state for (their highest order id, their recorded requests),
   * connected or not. A handshake with a client id not yet known past it is answered with error 326
   * and closed; known ids connect as before.
   */
  public int clientIdsMax = 1_000;

  /** reqMktData subscriptions per connection (IB's default allowance); past it error 101. */
  public int marketDataLinesMax = 100;

  /** reqTickByTickData subscriptions per connection; past it error 10190, as IB answers. */
  public int tickByTickMax = 10;

  /** Working orders (not filled or cancelled) per client id; past it a new order gets 201. */
  public int workingOrdersPerClientMax = 10_000;

  /** Largest quantity of one order; past it the order gets 201 naming totalQuantity. */
  public BigDecimal quantityMax = new BigDecimal("10000000");

  /** Distinct symbols the exchange gives a contract id; past it an order on a new one gets 201. */
  public int symbolsMax = 10_000;

  /**
   * Bytes of client requests kept for {@link PaperGateway#recordedRequests}, all clients together
   * (each request costs its length plus a fixed overhead). Past it nothing more is recorded and
   * {@link PaperGateway#recordingFull()} says so.
   */
  public int recordedRequestBytesMax = 4 * 1024 * 1024;

  /**
   * Most orders and executions kept (bounded memory); also the audit's capacity. Finished orders
   * are forgotten first; when every kept order is still working, a new order gets 201.
   */
  public int historyCapacity = 200_000;

  /**
   * Tick sizes of the symbols that are not on the 0.01 grid, as reqContractDetails answers them
   * (docs/ib.md, "Contract details"): {@code NICKEL} trades in 0.05, the sub-dollar {@code PENNY}
   * in 0.0001. A limit or stop price off a symbol's grid is refused with IB's error 110 ({@link
   * PriceGridAndHours}).
   */
  public Map<String, BigDecimal> tickSizes =
      new HashMap<>(Map.of("NICKEL", new BigDecimal("0.05"), "PENNY", new BigDecimal("0.0001")));

  /**
   * IB's market rules the gateway knows besides one flat rule per tick size, by rule id
   * (docs/ib.md, "Market rules"): rule 31, a sub-dollar stock's (0.0001 below $1, 0.01 from $1),
   * and rule 32, a coarser one (0.01 below $10, 0.05 from $10, 0.10 from $100).
   */
  public Map<Integer, TickBands> marketRules =
      new HashMap<>(
          Map.of(
              31, bands("0", "0.0001", "1", "0.01"),
              32, bands("0", "0.01", "10", "0.05", "100", "0.1")));

  /**
   * The symbols on one of {@link #marketRules}: their contract details name that rule and their
   * minimum tick is its finest increment. By default {@code PENNY} on rule 31 and {@code COARSE} on
   * rule 32; every other symbol is on the flat rule of its tick size ({@link #tickSizes}).
   */
  public Map<String, Integer> symbolMarketRules = new HashMap<>(Map.of("PENNY", 31, "COARSE", 32));

  private static TickBands bands(String... edgeThenIncrement) {
    List<TickBands.Band> out = new ArrayList<>();
    for (int i = 0; i < edgeThenIncrement.length; i += 2) {
      out.add(
          new TickBands.Band(
              new BigDecimal(edgeThenIncrement[i]), new BigDecimal(edgeThenIncrement[i + 1])));
    }
    return new TickBands(out);
  }

  /** Symbols reqContractDetails does not know (error 200, as IB for an unknown contract). */
  public Set<String> symbolsWithoutContract = new HashSet<>();

  /** Tick file to replay (time,symbol,last[,bid,ask,volume]); null: none. */
  public Path ticksFile;

  /** Replay speed: 1 = real time, 10 = ten times faster; 0 = as fast as possible. */
  public double speed = 1.0;

  /** Random-walk symbols when no tick file is given; empty: no random walk. */
  public List<String> randomWalkSymbols = new ArrayList<>();

  public long seed = 42;
  public long randomWalkIntervalMillis = 250;
  public BigDecimal randomWalkStart = new BigDecimal("100.00");

  public Clock clock = Clock.systemUTC();

  /**
   * Orders wait for their session as IB's do (docs/ib.md, "Trading hours at the paper gateway"): a
   * stock order without outsideRth is accepted outside its regular session ({@link #calendar}'s
   * liquid hours, by {@link #clock}) with IB's warning 399, kept PreSubmitted and filled only once
   * a tick arrives in the session; with outsideRth it may fill in the extended hours. The hours are
   * those its contract details give. Off by default: tests and demos run at any hour and expect
   * fills then.
   */
  public boolean tradingHours;

  /**
   * The sessions and holidays contract details give (and {@link #tradingHours} keeps orders to): by
   * default 09:30-16:00 regular and 04:00-20:00 extended, US/Eastern, weekdays, no holidays.
   */
  public ExchangeCalendar calendar = ExchangeCalendar.US_EQUITIES;
}
