package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.instance.EndpointQualifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertThat(
            c.toHazelcastConfig().getAdvancedNetworkConfig().getJoin().getTcpIpConfig().isEnabled())
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
    // The label "prod" is not the Hazelcast cluster name: that is derived from it and the secret
    // (here the loopback default, every member being on 127.0.0.1).
    assertThat(c.clusterName()).isEqualTo("prod");
    assertThat(hz.getClusterName())
        .isEqualTo(ClusterSecret.derive("prod", ClusterSecret.LOOPBACK_DEFAULT));
    assertThat(hz.getAdvancedNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(hz.getAdvancedNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled())
        .isFalse();
    assertThat(hz.getAdvancedNetworkConfig().getJoin().getTcpIpConfig().getMembers()).hasSize(3);
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

  @Test
  void theMemberListensOnTheConfiguredInterfaceOnlyAndAnnouncesItsPublicAddress() {
    ClusterConfig c =
        ClusterConfig.fromEnvironment(
            Map.of("TRADEPLAN_CLUSTER_HOST", "127.0.0.1", "TRADEPLAN_CLUSTER_PORT", "5801"));
    Config hz = c.toHazelcastConfig();
    assertThat(hz.getProperty("hazelcast.socket.bind.any"))
        .as("Hazelcast listens on every interface unless bind.any is false")
        .isEqualTo("false");
    // A member-only endpoint (SilentPeerTest says why): no client protocol on the member port.
    assertThat(hz.getAdvancedNetworkConfig().isEnabled()).isTrue();
    assertThat(hz.getAdvancedNetworkConfig().getEndpointConfigs().keySet())
        .containsExactly(EndpointQualifier.MEMBER);
    ServerSocketEndpointConfig member = memberEndpoint(hz);
    assertThat(member.getPort()).isEqualTo(5801);
    assertThat(member.isPortAutoIncrement()).isFalse();
    assertThat(member.getInterfaces().isEnabled()).isTrue();
    assertThat(member.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(member.getPublicAddress()).isEqualTo("127.0.0.1:5801");

    ClusterConfig announced =
        ClusterConfig.fromEnvironment(
            Map.of(
                "TRADEPLAN_CLUSTER_HOST", "localhost",
                "TRADEPLAN_CLUSTER_PORT", "5801",
                "TRADEPLAN_CLUSTER_PUBLIC_ADDRESS", "member-1.internal"));
    assertThat(announced.publicAddress()).isEqualTo("member-1.internal:5801");
    assertThat(announced.bindAddress())
        .as("a name is resolved: Hazelcast matches addresses")
        .isEqualTo("127.0.0.1");
    assertThat(
            memberEndpoint(
                    ClusterConfig.fromEnvironment(
                            Map.of("TRADEPLAN_CLUSTER_PUBLIC_ADDRESS", "10.1.2.3:15701"))
                        .toHazelcastConfig())
                .getPublicAddress())
        .isEqualTo("10.1.2.3:15701");
  }

  private static ServerSocketEndpointConfig memberEndpoint(Config hz) {
    return (ServerSocketEndpointConfig)
        hz.getAdvancedNetworkConfig().getEndpointConfigs().get(EndpointQualifier.MEMBER);
  }

  @Test
  void everyInterfaceOrAMalformedAddressIsRefusedNamingTheVariable() {
    assertThatThrownBy(
            () -> ClusterConfig.fromEnvironment(Map.of("TRADEPLAN_CLUSTER_HOST", "0.0.0.0")))
        .hasMessageContaining("TRADEPLAN_CLUSTER_HOST")
        .hasMessageContaining("every interface");
    assertThatThrownBy(() -> ClusterConfig.fromEnvironment(Map.of("TRADEPLAN_CLUSTER_HOST", "a b")))
        .hasMessageContaining("TRADEPLAN_CLUSTER_HOST");
    assertThatThrownBy(
            () ->
                ClusterConfig.fromEnvironment(
                    Map.of("TRADEPLAN_CLUSTER_PUBLIC_ADDRESS", "host:port")))
        .hasMessageContaining("TRADEPLAN_CLUSTER_PUBLIC_ADDRESS");
  }

  @Test
  void aMemberListBeyondLoopbackRefusesToStartWithoutASecret() {
    Map<String, String> env =
        Map.of(
            "TRADEPLAN_CLUSTER_MEMBERS", "10.0.0.1:5701,10.0.0.2:5701",
            "TRADEPLAN_CLUSTER_PORT", "5701");
    assertThatThrownBy(() -> ClusterConfig.fromEnvironment(env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TRADEPLAN_CLUSTER_SECRET")
        .hasMessageContaining("10.0.0.1:5701");
    // Announcing or binding beyond loopback needs one too, even with a loopback member list.
    assertThatThrownBy(
            () ->
                ClusterConfig.fromEnvironment(
                    Map.of(
                        "TRADEPLAN_CLUSTER_MEMBERS", "127.0.0.1:5701",
                        "TRADEPLAN_CLUSTER_PUBLIC_ADDRESS", "203.0.113.7")))
        .hasMessageContaining("TRADEPLAN_CLUSTER_SECRET")
        .hasMessageContaining("TRADEPLAN_CLUSTER_PUBLIC_ADDRESS");

    Map<String, String> withSecret = new java.util.HashMap<>(env);
    withSecret.put("TRADEPLAN_CLUSTER_SECRET", "0123456789abcdef-prod");
    assertThat(ClusterConfig.fromEnvironment(withSecret).hazelcastClusterName())
        .isEqualTo(ClusterSecret.derive(ClusterConfig.DEFAULT_NAME, "0123456789abcdef-prod"));
  }

  @Test
  void theHazelcastClusterNameDependsOnLabelAndSecretAndNeverShowsTheSecret() {
    String secret = "s3cret-value-0123456789";
    ClusterConfig a =
        ClusterConfig.fromEnvironment(
            Map.of(
                "TRADEPLAN_CLUSTER_MEMBERS", "127.0.0.1:5701", "TRADEPLAN_CLUSTER_SECRET", secret));
    ClusterConfig sameAgain =
        ClusterConfig.fromEnvironment(
            Map.of(
                "TRADEPLAN_CLUSTER_MEMBERS",
                "127.0.0.1:5702",
                "TRADEPLAN_CLUSTER_SECRET",
                " " + secret + "\n"));
    ClusterConfig otherSecret =
        ClusterConfig.fromEnvironment(
            Map.of(
                "TRADEPLAN_CLUSTER_MEMBERS",
                "127.0.0.1:5701",
                "TRADEPLAN_CLUSTER_SECRET",
                secret + "x"));
    ClusterConfig otherLabel =
        ClusterConfig.fromEnvironment(
            Map.of(
                "TRADEPLAN_CLUSTER_MEMBERS", "127.0.0.1:5701",
                "TRADEPLAN_CLUSTER_NAME", "other",
                "TRADEPLAN_CLUSTER_SECRET", secret));
    assertThat(a.hazelcastClusterName())
        .matches("tradeplan-[0-9a-f]{32}")
        .isEqualTo(sameAgain.hazelcastClusterName())
        .isNotEqualTo(otherSecret.hazelcastClusterName())
        .isNotEqualTo(otherLabel.hazelcastClusterName())
        .doesNotContain(secret);
    assertThat(a.toString())
        .contains("clusterName=tradeplan")
        .doesNotContain(secret)
        .doesNotContain(a.hazelcastClusterName());
    assertThat(a.toHazelcastConfig().toString()).doesNotContain(secret);
  }

  @Test
  void theSecretCanComeFromAFileAndIsCheckedWithoutBeingShown(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("cluster-secret");
    Files.writeString(file, "from-a-file-0123456789\n");
    ClusterConfig c =
        ClusterConfig.fromEnvironment(
            Map.of(
                "TRADEPLAN_CLUSTER_MEMBERS",
                "tradeplan1:5701,tradeplan2:5701",
                "TRADEPLAN_CLUSTER_SECRET_FILE",
                file.toString()));
    assertThat(c.hazelcastClusterName())
        .isEqualTo(ClusterSecret.derive(ClusterConfig.DEFAULT_NAME, "from-a-file-0123456789"));

    assertThatThrownBy(
            () ->
                ClusterConfig.fromEnvironment(
                    Map.of(
                        "TRADEPLAN_CLUSTER_SECRET_FILE",
                        file.toString(),
                        "TRADEPLAN_CLUSTER_SECRET",
                        "from-the-environment-0123")))
        .hasMessageContaining("not both");
    assertThatThrownBy(
            () ->
                ClusterConfig.fromEnvironment(
                    Map.of("TRADEPLAN_CLUSTER_SECRET_FILE", dir.resolve("missing").toString())))
        .hasMessageContaining("TRADEPLAN_CLUSTER_SECRET_FILE");
    assertThatThrownBy(
            () -> ClusterConfig.fromEnvironment(Map.of("TRADEPLAN_CLUSTER_SECRET", "short-one")))
        .hasMessageContaining("TRADEPLAN_CLUSTER_SECRET")
        .hasMessageContaining("at least 16")
        .hasMessageNotContaining("short-one");
  }
}
