package com.tradeplan.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AlertsTest {
  @Test
  void everyAlertIsCountedKeptAndPushedByItsKind() {
    List<String> kinds = new CopyOnWriteArrayList<>();
    Alerts alerts =
        new Alerts(
            new MetricsSink() {
              @Override
              public void alertRaised(String kind) {
                kinds.add(kind);
              }
            });
    alerts.alert("UNKNOWN_BROKER_ORDER", "IB order 7 is not ours");
    alerts.alert("STORE_QUEUE_FULL", "10000 writes queued");
    assertThat(kinds).containsExactly("UNKNOWN_BROKER_ORDER", "STORE_QUEUE_FULL");
    assertThat(alerts.count()).isEqualTo(2);
    assertThat(alerts.recent())
        .containsExactly(
            "UNKNOWN_BROKER_ORDER: IB order 7 is not ours",
            "STORE_QUEUE_FULL: 10000 writes queued");
  }
}
