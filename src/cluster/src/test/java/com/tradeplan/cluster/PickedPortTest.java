package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A one-member cluster picks its port free, and another process can take that port before Hazelcast
 * binds it (CI saw this with a second build on the machine): the member then binds another free
 * port. A port the operator configured is never moved.
 */
class PickedPortTest {

  @Test
  void aPickedPortTakenBeforeTheBindIsReplacedByAnotherFreePort() throws Exception {
    ClusterConfig config = ClusterConfig.singleMember();
    assertThat(config.portPicked()).isTrue();
    try (ServerSocket thief =
        new ServerSocket(config.port(), 1, InetAddress.getByName("127.0.0.1"))) {
      ClusterNode node = ClusterNode.start(config, OwnershipListener.NONE, MarketDataListener.NONE);
      try {
        assertThat(node.address())
            .startsWith("127.0.0.1:")
            .isNotEqualTo("127.0.0.1:" + config.port());
        assertThat(node.isRunning()).isTrue();
      } finally {
        node.terminate();
      }
    }
  }

  @Test
  void aConfiguredPortIsNeverMoved() throws Exception {
    int port = ClusterConfig.freePort("127.0.0.1");
    ClusterConfig config =
        ClusterConfig.fromEnvironment(Map.of("TRADEPLAN_CLUSTER_PORT", Integer.toString(port)));
    assertThat(config.portPicked()).isFalse();
    assertThatThrownBy(config::withFreshPort).isInstanceOf(IllegalStateException.class);
    try (ServerSocket thief = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(
              () -> ClusterNode.start(config, OwnershipListener.NONE, MarketDataListener.NONE))
          .hasMessageContaining(Integer.toString(port));
    }
  }
}
