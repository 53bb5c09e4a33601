package com.tradeplan.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicrometerMetricsSinkTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MicrometerMetricsSink sink = new MicrometerMetricsSink(registry);

  @Test
  void ruleFiringsAreCountedPerRule() {
    sink.ruleFired("The stop is hit");
    sink.ruleFired("The stop is hit");
    sink.ruleFired("A target is reached");
    assertThat(
            registry.get("tradeplan.rules.fired").tag("rule", "The stop is hit").counter().count())
        .isEqualTo(2.0);
    assertThat(
            registry
                .get("tradeplan.rules.fired")
                .tag("rule", "A target is reached")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void pastTheTagLimitRuleNamesAreCountedAsOther() {
    for (int i = 0; i < MicrometerMetricsSink.RULE_TAGS_MAX + 10; i++) {
      sink.ruleFired("rule " + i);
    }
    assertThat(registry.get("tradeplan.rules.fired").counters())
        .hasSizeLessThanOrEqualTo(MicrometerMetricsSink.RULE_TAGS_MAX + 1);
    assertThat(registry.get("tradeplan.rules.fired").tag("rule", "other").counter().count())
        .isEqualTo(10.0);
  }

  @Test
  void latenciesAndOrdersAreRecorded() {
    sink.tickToDecision(TimeUnit.MICROSECONDS.toNanos(45));
    sink.orderAcknowledged(TimeUnit.MILLISECONDS.toNanos(3));
    sink.orderSent();
    assertThat(registry.get("tradeplan.engine.tick.to.decision").timer().count()).isEqualTo(1);
    assertThat(
            registry
                .get("tradeplan.engine.tick.to.decision")
                .timer()
                .totalTime(TimeUnit.MICROSECONDS))
        .isEqualTo(45.0);
    assertThat(registry.get("tradeplan.broker.order.ack").timer().count()).isEqualTo(1);
    assertThat(registry.get("tradeplan.orders.sent").counter().count()).isEqualTo(1.0);
  }

  @Test
  void alertsAreCountedByKindAndTheWatchedKindsExistAtZero() {
    for (String kind : MicrometerMetricsSink.WATCHED_ALERT_KINDS) {
      assertThat(registry.get("tradeplan.alerts.raised").tag("kind", kind).counter().count())
          .as(kind)
          .isZero();
    }
    sink.alertRaised("UNKNOWN_BROKER_ORDER");
    sink.alertRaised("STORE_QUEUE_FULL");
    assertThat(
            registry
                .get("tradeplan.alerts.raised")
                .tag("kind", "UNKNOWN_BROKER_ORDER")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("tradeplan.alerts.raised")
                .tag("kind", "STORE_QUEUE_FULL")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void pastTheTagLimitAlertKindsAreCountedAsOther() {
    for (int i = 0; i < MicrometerMetricsSink.ALERT_KIND_TAGS_MAX + 5; i++) {
      sink.alertRaised("KIND_" + i);
    }
    assertThat(registry.get("tradeplan.alerts.raised").counters())
        .hasSizeLessThanOrEqualTo(MicrometerMetricsSink.ALERT_KIND_TAGS_MAX + 1);
    assertThat(registry.get("tradeplan.alerts.raised").tag("kind", "other").counter().count())
        .isPositive();
  }

  @Test
  void theReplicationWaitBeforeASendIsTimed() {
    sink.replicatedBeforeSend(TimeUnit.MILLISECONDS.toNanos(2));
    assertThat(
            registry
                .get("tradeplan.cluster.replication.before.send")
                .timer()
                .totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(2.0);
  }
}
