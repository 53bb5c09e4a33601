package com.tradeplan.server.ops;

import com.tradeplan.runtime.MetricsSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The platform's pushed measurements as Micrometer meters (exposed at /actuator/prometheus):
 *
 * <ul>
 *   <li>{@code tradeplan.engine.tick.to.decision} (timer with histogram buckets): from a tick's
 *       arrival at the engine to its orders reaching the broker port;
 *   <li>{@code tradeplan.broker.order.ack} (timer): from placeOrder on the wire to IB's first
 *       status;
 *   <li>{@code tradeplan.orders.sent} (counter; {@code rate()} gives orders per second);
 *   <li>{@code tradeplan.rules.fired} (counter, tag {@code rule});
 *   <li>{@code tradeplan.cluster.replication.before.send} (timer with histogram buckets): how long
 *       an engine call's order intents waited for the cluster's synchronous replication;
 *   <li>{@code tradeplan.alerts.raised} (counter, tag {@code kind}): operator alerts by their
 *       stable code. The kinds the alert rules watch ({@link #WATCHED_ALERT_KINDS}) exist from the
 *       start at 0, so that the first one is an increase Prometheus sees.
 *   <li>{@code tradeplan.entry.slippage.ticks} (distribution summary, Prometheus {@code
 *       tradeplan_entry_slippage_ticks}): each fill of a slippage-protected entry, in ticks against
 *       its trigger price, positive when worse for the trader (docs/risk.md);
 *   <li>{@code tradeplan.engine.ticks.coalesced} (counter): ticks a lane that fell behind folded
 *       into a batch instead of evaluating each (none is dropped).
 * </ul>
 *
 * Rule names come from the deployed rule files, a bounded set; past {@value #RULE_TAGS_MAX}
 * distinct names the rest are counted under {@code rule="other"} so a runaway rule set cannot blow
 * up the registry. Alert kinds are codes in the platform's source, bounded the same way ({@value
 * #ALERT_KIND_TAGS_MAX}).
 */
public final class MicrometerMetricsSink implements MetricsSink {
  static final int RULE_TAGS_MAX = 500;
  static final int ALERT_KIND_TAGS_MAX = 100;

  /**
   * The alert kinds docker/prometheus/rules/tradeplan.rules.yml pages on (raised by the broker's
   * ReportTranslator and Reconciler).
   */
  public static final List<String> WATCHED_ALERT_KINDS =
      List.of("UNKNOWN_BROKER_ORDER", "UNKNOWN_EXECUTION", "ORDER_GONE_AFTER_RECONNECT");

  private final MeterRegistry registry;
  private final Timer tickToDecision;
  private final Timer orderAck;
  private final Counter ordersSent;
  private final Timer replicatedBeforeSend;
  private final Counter ticksCoalesced;
  private final DistributionSummary entrySlippage;
  private final ConcurrentHashMap<String, Counter> rules = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> alertKinds = new ConcurrentHashMap<>();

  public MicrometerMetricsSink(MeterRegistry registry) {
    this.registry = registry;
    this.tickToDecision =
        Timer.builder("tradeplan.engine.tick.to.decision")
            .description("tick arrival at the engine to orders handed to the broker port")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(1_000))
            .maximumExpectedValue(Duration.ofSeconds(1))
            .register(registry);
    this.orderAck =
        Timer.builder("tradeplan.broker.order.ack")
            .description("placeOrder written to IB until IB's first status report for it")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    this.ordersSent =
        Counter.builder("tradeplan.orders.sent")
            .description("orders handed to the broker port")
            .register(registry);
    this.replicatedBeforeSend =
        Timer.builder("tradeplan.cluster.replication.before.send")
            .description("an engine call's order intents waiting for the cluster's replication")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(10_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    this.entrySlippage =
        DistributionSummary.builder("tradeplan.entry.slippage.ticks")
            .description("fills of slippage-protected entries, ticks against the trigger price")
            .baseUnit("ticks")
            .publishPercentiles(0.5, 0.9, 0.99)
            .register(registry);
    WATCHED_ALERT_KINDS.forEach(this::alertCounter);
    this.ticksCoalesced =
        Counter.builder("tradeplan.engine.ticks.coalesced")
            .description(
                "ticks folded into a batch by a lane that fell behind, not evaluated alone")
            .register(registry);
  }

  @Override
  public void tickToDecision(long nanos) {
    tickToDecision.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void orderAcknowledged(long nanos) {
    orderAck.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void orderSent() {
    ordersSent.increment();
  }

  @Override
  public void replicatedBeforeSend(long nanos) {
    replicatedBeforeSend.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void entrySlipped(BigDecimal ticks) {
    entrySlippage.record(ticks.doubleValue()); // a measurement, never money
  }

  @Override
  public void alertRaised(String kind) {
    alertCounter(kind).increment();
  }

  private Counter alertCounter(String kind) {
    Counter c = alertKinds.get(kind);
    if (c == null) {
      String tag = alertKinds.size() >= ALERT_KIND_TAGS_MAX ? "other" : kind;
      c =
          alertKinds.computeIfAbsent(
              kind,
              k ->
                  Counter.builder("tradeplan.alerts.raised")
                      .description("operator alerts by kind")
                      .tag("kind", tag)
                      .register(registry));
    }
    return c;
  }

  @Override
  public void ticksCoalesced(long count) {
    ticksCoalesced.increment(count);
  }

  @Override
  public void ruleFired(String rule) {
    Counter c = rules.get(rule);
    if (c == null) {
      String tag = rules.size() >= RULE_TAGS_MAX ? "other" : rule;
      c =
          rules.computeIfAbsent(
              rule,
              r ->
                  Counter.builder("tradeplan.rules.fired")
                      .description("rule firings by rule")
                      .tag("rule", tag)
                      .register(registry));
    }
    c.increment();
  }
}
