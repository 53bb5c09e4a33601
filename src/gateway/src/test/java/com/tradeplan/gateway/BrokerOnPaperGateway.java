package com.tradeplan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.broker.IbBroker;
import com.tradeplan.broker.IbBrokerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up of the tests that drive IbBroker against the paper gateway: the gateway started in
 * this process with the test's own options on a free loopback port (a real socket, nothing mocked),
 * one IbBroker connected to it with the test's own settings and READY (connected and reconciled),
 * its reports recorded in {@link #listener} and its operator alerts in {@link #alerts}. Both are
 * closed after each test when the fixture is a {@code @RegisterExtension} field, or by {@link
 * #close}.
 */
final class BrokerOnPaperGateway implements AfterEachCallback, AutoCloseable {
  /** How long {@link #connect} waits for READY unless the test says. */
  static final Duration READY = Duration.ofSeconds(15);

  final RecordingListener listener = new RecordingListener();

  /** Every operator alert of the broker, as {@code "KIND: message"}. */
  final List<String> alerts = new CopyOnWriteArrayList<>();

  private PaperGateway gateway;
  private IbBroker broker;

  /** Starts this test's paper gateway with {@code config} on a free loopback port. */
  PaperGateway startGateway(GatewayConfig config) throws IOException {
    if (gateway != null) {
      throw new IllegalStateException("this test's paper gateway is already started");
    }
    gateway = new PaperGateway(config).start();
    return gateway;
  }

  PaperGateway gateway() {
    if (gateway == null) {
      throw new IllegalStateException("no paper gateway: startGateway first");
    }
    return gateway;
  }

  /** Broker settings for the gateway: loopback, its port, {@code clientId}, its first account. */
  IbBrokerConfig brokerConfig(int clientId) {
    return IbBrokerConfig.of("127.0.0.1", gateway().port(), clientId, gateway().account());
  }

  /** An IbBroker with {@code config}, reporting to {@link #listener}, started and READY. */
  IbBroker connect(IbBrokerConfig config) throws InterruptedException {
    return connect(config, READY, b -> {});
  }

  /** As {@link #connect(IbBrokerConfig)}, READY awaited for {@code ready} at the most. */
  IbBroker connect(IbBrokerConfig config, Duration ready) throws InterruptedException {
    return connect(config, ready, b -> {});
  }

  /**
   * As {@link #connect(IbBrokerConfig)}, {@code beforeStart} run once {@link #listener} is set and
   * before the broker starts: a send journal, a gate in front (that takes the listener over).
   */
  IbBroker connect(IbBrokerConfig config, Consumer<IbBroker> beforeStart)
      throws InterruptedException {
    return connect(config, READY, beforeStart);
  }

  private IbBroker connect(IbBrokerConfig config, Duration ready, Consumer<IbBroker> beforeStart)
      throws InterruptedException {
    if (broker != null) {
      throw new IllegalStateException("this test's broker is already connected");
    }
    broker = new IbBroker(config, (kind, message) -> alerts.add(kind + ": " + message));
    broker.setListener(listener);
    beforeStart.accept(broker);
    broker.start();
    assertThat(broker.awaitReady(ready.toMillis(), TimeUnit.MILLISECONDS))
        .as("broker connected")
        .isTrue();
    return broker;
  }

  /** How many alerts of {@code kind} the broker raised. */
  long alertsOf(String kind) {
    return alerts.stream().filter(a -> a.startsWith(kind + ":")).count();
  }

  /** Stops the gateway under the broker, which stays (and will try to reconnect). */
  void stopGateway() {
    PaperGateway g = gateway();
    gateway = null;
    g.stop();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Closes the broker, then stops the gateway; either may be missing. */
  @Override
  public void close() {
    try {
      if (broker != null) {
        broker.close();
      }
    } finally {
      broker = null;
      if (gateway != null) {
        gateway.stop();
        gateway = null;
      }
    }
  }
}
