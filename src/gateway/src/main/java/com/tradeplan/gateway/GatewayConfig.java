package com.tradeplan.gateway;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the paper gateway. Defaults: loopback, a free port, account DU1234567, IB's 50 msg/s
 * pacing, no tick source (tests publish ticks), full fills, no latency, $0.005/share, min $1.
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

  public BigDecimal commissionPerShare = new BigDecimal("0.005");
  public BigDecimal minCommission = new BigDecimal("1.00");
  public List<RejectRule> rejectRules = new ArrayList<>();

  /** Each client's first nextValidId. */
  public int firstOrderId = 1;

  /** Outbound messages queued per client before a client that does not read is dropped. */
  public int clientQueueCapacity = 20_000;

  /** Most orders and executions kept (bounded memory); also the audit's capacity. */
  public int historyCapacity = 200_000;

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
}
