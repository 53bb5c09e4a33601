package com.tradeplan.gateway;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The executions of the simulated exchange and their reports (execDetails with its
 * commissionReport): each fill's report now or after the fill latency, every client's executions
 * again on a reqExecutions or after a reconnect. Its own class because what is kept and how it
 * leaves is a part of its own: the order's life in {@link SimulatedExchange} only hands it a fill.
 *
 * <p>Bounded: at most {@code historyCapacity} executions; past it the oldest is forgotten (so a
 * later reqExecutions no longer sends it). Not thread-safe: guarded by the exchange's lock. A
 * delayed report is sent from the scheduler's thread without that lock, which is safe because it
 * touches only the immutable execution and {@link SimulatedExchange.Outbound}, which only queues.
 */
final class ExecutionHistory {
  private final GatewayConfig config;
  private final SimulatedExchange.Outbound out;
  private final ScheduledExecutorService scheduler;
  private final List<SimExecution> executions = new ArrayList<>();
  private long execSeq = 1;

  ExecutionHistory(
      GatewayConfig config, SimulatedExchange.Outbound out, ScheduledExecutorService scheduler) {
    this.config = config;
    this.out = out;
    this.scheduler = scheduler;
  }

  /**
   * Keeps the fill of {@code qty} of the order at {@code price} and sends its report to the order's
   * client after the fill latency plus {@code extraDelayMillis} (at once when both are 0).
   */
  void record(
      SimOrder o,
      BigDecimal qty,
      BigDecimal price,
      BigDecimal commission,
      Instant now,
      long extraDelayMillis) {
    SimExecution e = SimExecution.of(o, execSeq++, qty, price, commission, now);
    if (executions.size() >= config.historyCapacity) {
      executions.remove(0);
    }
    executions.add(e);
    long delay = config.fillLatencyMillis + extraDelayMillis;
    if (delay > 0) {
      scheduler.schedule(() -> sendExecution(e), delay, TimeUnit.MILLISECONDS);
    } else {
      sendExecution(e);
    }
  }

  private void sendExecution(SimExecution e) {
    out.toClient(e.clientId(), ServerMessages.execDetails(-1, e));
    out.toClient(e.clientId(), ServerMessages.commissionReport(e));
  }

  /** Sends every execution of the client again, as IB does after some reconnects. */
  void replay(int clientId) {
    for (SimExecution e : executions) {
      if (e.clientId() == clientId) {
        out.toClient(clientId, ServerMessages.execDetails(-1, e));
        out.toClient(clientId, ServerMessages.commissionReport(e));
      }
    }
  }

  /**
   * Executions of the requesting client; with a client filter, of that client; with filter 0, of
   * every client (IB's ExecutionFilter: clientId 0 = no client filter), which is what a cluster
   * member taking users over needs to see the previous member's fills.
   */
  void send(int requester, int reqId, Integer filterClientId) {
    int cid = filterClientId == null ? requester : filterClientId;
    for (SimExecution e : executions) {
      if (cid == 0 || e.clientId() == cid) {
        out.toClient(requester, ServerMessages.execDetails(reqId, e));
        out.toClient(requester, ServerMessages.commissionReport(e));
      }
    }
    out.toClient(requester, ServerMessages.execDetailsEnd(reqId));
  }

  /** A copy of the kept executions, oldest first. */
  List<SimExecution> all() {
    return List.copyOf(executions);
  }
}
