package com.tradeplan.server.ops;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.runtime.PlatformHealth;
import com.tradeplan.store.PlanCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The platform's numbers as Prometheus metrics (docs/api.md, "Metrics"), read at scrape time from
 * {@link PlatformHealth}, the IB link, the kill switch, the position reconciliation's last report
 * and the store (plans by status: one indexed count per status; the realized P&L of the trading
 * day). The latencies, orders and rule firings are pushed by the engine and broker through {@link
 * MicrometerMetricsSink}. Only what the platform measures is exposed: no number here is made up.
 */
@Component
public class PlatformMetrics implements MeterBinder {
  /** A scrape must not hang on the store: a count that takes longer reports NaN. */
  private static final Duration COUNT_TIMEOUT = Duration.ofMillis(500);

  private static double countPlans(PlanCounts plans, PlanStatus status) {
    try {
      return plans.inStatuses(List.of(status), COUNT_TIMEOUT);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Every state of the IB link, CONNECTIVITY_LOST included: one gauge each. */
  private static final List<String> BROKER_STATES =
      Arrays.stream(IbBroker.LinkState.values()).map(Enum::name).toList();

  /** Symbols given an age gauge of their own at most; beyond, the stalest ones are shown. */
  static final int SYMBOL_AGES_MAX = 1_000;

  private final PlatformHealthSource source;
  private final PlanCounts plans;
  private final ZoneId tradingDayZone;
  private volatile MultiGauge symbolAges;

  public PlatformMetrics(
      PlatformHealthSource source,
      PlanCounts plans,
      @Value("${tradeplan.metrics.trading-day-zone:America/New_York}") ZoneId tradingDayZone) {
    this.source = source;
    this.plans = plans;
    this.tradingDayZone = tradingDayZone;
  }

  /**
   * The realized P&L of the plans that changed since midnight in {@link #tradingDayZone}, as a
   * double for Prometheus (a display figure: the exact decimals stay in the store); NaN when the
   * store does not answer in time.
   */
  private double realizedPnlToday() {
    try {
      return plans
          .realizedPnlOfPlansUpdatedSince(
              LocalDate.now(tradingDayZone).atStartOfDay(tradingDayZone).toInstant(), COUNT_TIMEOUT)
          .doubleValue();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  /**
   * One age gauge per subscribed symbol ({@code tradeplan_market_data_age_seconds{symbol=...}}),
   * refreshed every 5 s: the symbols come and go with the plans. At most {@value #SYMBOL_AGES_MAX}
   * rows (the stalest kept).
   */
  @Scheduled(initialDelay = 5_000, fixedDelay = 5_000)
  public void refreshSymbolAges() {
    MultiGauge ages = symbolAges;
    if (ages == null) {
      return;
    }
    try {
      List<MultiGauge.Row<?>> rows =
          source.get().marketDataAgeMillis().entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .limit(SYMBOL_AGES_MAX)
              .<MultiGauge.Row<?>>map(
                  e -> MultiGauge.Row.of(Tags.of("symbol", e.getKey()), e.getValue() / 1000.0))
              .toList();
      ages.register(rows, true);
    } catch (RuntimeException e) {
      // the next round tries again; a scrape must never fail because of it
    }
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("tradeplan.plans.monitored", source, s -> s.get().monitoredPlans())
        .description("plans the engine watches (ACTIVE, ENTRY_SUBMITTED, live)")
        .register(registry);
    Gauge.builder("tradeplan.store.write.queue.depth", source, s -> s.get().writeQueueDepth())
        .description("store writes accepted and not yet durable")
        .register(registry);
    Gauge.builder(
            "tradeplan.engine.inbox.depth.max",
            source,
            s -> s.get().laneInboxDepths().stream().mapToInt(Integer::intValue).max().orElse(0))
        .description("entries (reports, commands, tick batches) waiting in the fullest engine lane")
        .register(registry);
    Gauge.builder(
            "tradeplan.engine.inbox.depth.total",
            source,
            s -> s.get().laneInboxDepths().stream().mapToInt(Integer::intValue).sum())
        .description("entries (reports, commands, tick batches) waiting in all engine lanes")
        .register(registry);
    Gauge.builder("tradeplan.engine.ticks.pending", source, s -> s.get().ticksPending())
        .description(
            "ticks that arrived and wait for their lanes (folded per symbol, never dropped)")
        .register(registry);
    FunctionCounter.builder("tradeplan.alerts", source, s -> s.get().alerts())
        .description("operator alerts raised since start")
        .register(registry);
    Gauge.builder(
            "tradeplan.marketdata.age.max.seconds",
            source,
            s ->
                s.get().marketDataAgeMillis().values().stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElse(0)
                    / 1000.0)
        .description("age of the stalest subscribed symbol's last tick (-0.001: none yet)")
        .register(registry);
    Gauge.builder("tradeplan.market.data.stale.symbols", source, s -> s.get().staleSymbols().size())
        .description("watched symbols without a tick for too long while their market is open")
        .register(registry);
    this.symbolAges =
        MultiGauge.builder("tradeplan.market.data.age")
            .baseUnit("seconds")
            .description("seconds since each subscribed symbol's last tick (-0.001: none yet)")
            .register(registry);
    refreshSymbolAges();
    Gauge.builder("tradeplan.store.up", source, s -> s.get().storeUp() ? 1 : 0).register(registry);
    FunctionCounter.builder("tradeplan.broker.reconnects", source, s -> s.brokerReconnects())
        .description("times the IB link was re-established since start")
        .register(registry);
    Gauge.builder("tradeplan.killswitch.engaged", source, s -> s.killSwitchEngaged() ? 1 : 0)
        .description("1 while the kill switch stops every new order")
        .register(registry);
    Gauge.builder("tradeplan.position.mismatches", source, PlatformHealthSource::positionMismatches)
        .description(
            "account/symbol pairs whose IB position differs from the sum of their plans' positions"
                + " (confirmed by two reconciliations in a row)")
        .register(registry);
    Gauge.builder("tradeplan.cluster.members", source, s -> s.get().clusterMembers())
        .description("cluster members this member's side sees (itself included)")
        .register(registry);
    Gauge.builder("tradeplan.cluster.quorum", source, s -> s.get().clusterQuorum() ? 1 : 0)
        .description("1 while split-brain protection is satisfied (this member may send)")
        .register(registry);
    Gauge.builder("tradeplan.cluster.users.run", source, s -> s.get().usersRun())
        .description("users this member runs now")
        .register(registry);
    Gauge.builder(
            "tradeplan.cluster.users.not.monitored",
            source,
            s -> s.get().usersNotMonitored().size())
        .description(
            "users this member holds whose plans are not in its engine (a take-over or rebuild"
                + " under way, or a failed rebuild waiting for its retry)")
        .register(registry);
    Gauge.builder("tradeplan.pnl.realized.today", this, PlatformMetrics::realizedPnlToday)
        .description(
            "realized P&L after commissions of the plans that changed since midnight of the"
                + " trading day (from the store; the same figure on every member)")
        .register(registry);
    Gauge.builder("tradeplan.pnl.unrealized", source, s -> s.unrealizedPnl().doubleValue())
        .description("unrealized P&L of the open positions this member runs, at the last prices")
        .register(registry);
    for (PlanStatus status : PlanStatus.values()) {
      Gauge.builder("tradeplan.plans", plans, p -> countPlans(p, status))
          .tag("status", status.name())
          .description("plans by order status (from the store)")
          .register(registry);
    }
    for (String state : BROKER_STATES) {
      Gauge.builder(
              "tradeplan.broker.state", source, s -> state.equals(s.get().brokerState()) ? 1 : 0)
          .tag("state", state)
          .description("1 for the IB link's current state")
          .register(registry);
    }
  }
}
