package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
  @Test
  void noMembersIsAOneMemberClusterOnLoopbackWithAFreePort() {
    ClusterConfig c = ClusterConfig.fromEnvironment(Map.of());
    assertThat(c.members()).isEmpty();
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isPositive();
    assertThat(c.minClusterSize()).isEqualTo(1);
    assertThat(c.backupCount()).isEqualTo(1);
    // Standalone: it looks for nobody, and nobody finds it by accident.
    assertThat(c.toHazelcastConfig().getNetworkConfig().getJoin().getTcpIpConfig().isEnabled())
        .isFalse();
  }

  @Test
  void oneMemberClustersHaveANameOfTheirOwnUnlessOneIsGiven() {
    ClusterConfig a = ClusterConfig.fromEnvironment(Map.of());
    ClusterConfig b = ClusterConfig.fromEnvironment(Map.of());
    assertThat(a.clusterName()).startsWith(ClusterConfig.SOLO_NAME_PREFIX);
    assertThat(b.clusterName()).startsWith(ClusterConfig.SOLO_NAME_PREFIX);
    assertThat(a.clusterName()).isNotEqualTo(b.clusterName());
    assertThat(
            ClusterConfig.fromEnvironment(Map.of("TRADEPLAN_CLUSTER_NAME", "mine")).clusterName())
        .isEqualTo("mine");
    assertThat(
            ClusterConfig.fromEnvironment(Map.of("TRADEPLAN_CLUSTER_MEMBERS", "127.0.0.1:5701"))
                .clusterName())
        .isEqualTo(ClusterConfig.DEFAULT_NAME);
  }

  @Test
  void threeMembersNeedAMajorityOfTwo() {
    ClusterConfig c =
        ClusterConfig.fromEnvironment(
            Map.of(
                "TRADEPLAN_CLUSTER_MEMBERS", "127.0.0.1:5701, 127.0.0.1:5702,127.0.0.1:5703",
                "TRADEPLAN_CLUSTER_PORT", "5702",
                "TRADEPLAN_CLUSTER_BACKUPS", "2",
                "TRADEPLAN_CLUSTER_NAME", "prod"));
    assertThat(c.members()).hasSize(3);
    assertThat(c.minClusterSize()).isEqualTo(2);
    assertThat(c.port()).isEqualTo(5702);
    Config hz = c.toHazelcastConfig();
    assertThat(hz.getClusterName()).isEqualTo("prod");
    assertThat(hz.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(hz.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(hz.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).hasSize(3);
    assertThat(hz.getMapConfig(ClusterConfig.USERS_MAP).getBackupCount()).isEqualTo(2);
    assertThat(hz.getMapConfig(ClusterConfig.USERS_MAP).getAsyncBackupCount()).isZero();
    assertThat(hz.getMapConfig(ClusterConfig.USERS_MAP).getSplitBrainProtectionName())
        .isEqualTo(ClusterConfig.SPLIT_BRAIN_PROTECTION);
    assertThat(hz.getProperty("hazelcast.operation.fail.on.indeterminate.state")).isEqualTo("true");
  }

  @Test
  void malformedValuesNameTheVariable() {
    assertThatThrownBy(
            () -> ClusterConfig.fromEnvironment(Map.of("TRADEPLAN_CLUSTER_MEMBERS", "host")))
        .hasMessageContaining("TRADEPLAN_CLUSTER_MEMBERS");
    assertThatThrownBy(
            () -> ClusterConfig.fromEnvironment(Map.of("TRADEPLAN_CLUSTER_BACKUPS", "seven")))
        .hasMessageContaining("TRADEPLAN_CLUSTER_BACKUPS");
    assertThatThrownBy(
            () -> ClusterConfig.fromEnvironment(Map.of("TRADEPLAN_CLUSTER_MIN_SIZE", "0")))
        .hasMessageContaining("TRADEPLAN_CLUSTER_MIN_SIZE");
  }
}
