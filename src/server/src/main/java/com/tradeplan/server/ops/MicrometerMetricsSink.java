package com.tradeplan.server.ops;

import com.tradeplan.runtime.MetricsSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
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
 *   <li>{@code tradeplan.engine.ticks.coalesced} (counter): ticks a lane that fell behind folded
 *       into a batch instead of evaluating each (none is dropped);
 *   <li>{@code tradeplan.rules.fired} (counter, tag {@code rule}).
 * </ul>
 *
 * Rule names come from the deployed rule files, a bounded set; past {@value #RULE_TAGS_MAX}
 * distinct names the rest are counted under {@code rule="other"} so a runaway rule set cannot blow
 * up the registry.
 */
public final class MicrometerMetricsSink implements MetricsSink {
  static final int RULE_TAGS_MAX = 500;

  private final MeterRegistry registry;
  private final Timer tickToDecision;
  private final Timer orderAck;
  private final Counter ordersSent;
  private final Counter ticksCoalesced;
  private final ConcurrentHashMap<String, Counter> rules = new ConcurrentHashMap<>();

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
