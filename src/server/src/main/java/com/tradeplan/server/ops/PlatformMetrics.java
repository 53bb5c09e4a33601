package com.tradeplan.server.ops;

import com.tradeplan.domain.plan.PlanStatus;
import com.tradeplan.runtime.PlatformHealth;
import com.tradeplan.store.PlanCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The platform's numbers as Prometheus metrics (docs/api.md, "Metrics"), read at scrape time from
 * {@link PlatformHealth}, the IB link and the store (plans by status: one indexed count per
 * status). The latencies, orders and rule firings are pushed by the engine and broker through
 * {@link MicrometerMetricsSink}. Only what the platform measures is exposed: no number here is made
 * up.
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

  private static final List<String> BROKER_STATES =
      List.of("DISCONNECTED", "CONNECTING", "RECONCILING", "READY", "CLOSED");

  private final PlatformHealthSource source;
  private final PlanCounts plans;

  public PlatformMetrics(PlatformHealthSource source, PlanCounts plans) {
    this.source = source;
    this.plans = plans;
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
        .description("messages waiting in the fullest engine lane")
        .register(registry);
    Gauge.builder(
            "tradeplan.engine.inbox.depth.total",
            source,
            s -> s.get().laneInboxDepths().stream().mapToInt(Integer::intValue).sum())
        .description("messages waiting in all engine lanes")
        .register(registry);
    FunctionCounter.builder("tradeplan.engine.ticks.dropped", source, s -> s.get().ticksDropped())
        .description("ticks dropped because a lane's inbox stayed full")
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
    Gauge.builder("tradeplan.store.up", source, s -> s.get().storeUp() ? 1 : 0).register(registry);
    FunctionCounter.builder("tradeplan.broker.reconnects", source, s -> s.brokerReconnects())
        .description("times the IB link was re-established since start")
        .register(registry);
    Gauge.builder("tradeplan.killswitch.engaged", source, s -> s.killSwitchEngaged() ? 1 : 0)
        .description("1 while the kill switch stops every new order")
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
