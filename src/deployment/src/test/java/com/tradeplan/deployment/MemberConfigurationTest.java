package com.tradeplan.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.cluster.ClusterConfig;
import com.tradeplan.runtime.PlatformConfig;
import com.tradeplan.server.security.MetricsScrapeToken;
import com.tradeplan.store.MongoConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each member's environment, exactly as docker-compose.yml gives it (the example settings, and the
 * secrets make-secrets.sh makes, at the paths their Docker secrets would have), fed to the
 * platform's own configuration parsers: {@link PlatformConfig#fromEnvironment} (which reads the
 * cluster's {@link ClusterConfig}, with its secret, and {@link IbBrokerConfig}), {@link
 * MongoConfig#fromEnvironment} and the metrics token. A misspelt variable, a malformed value, a
 * missing secret or a member list that does not match the members fails here, not on a server.
 */
class MemberConfigurationTest {
  private static final ComposeFile COMPOSE =
      ComposeFile.load(ComposeFile.envFile(Repository.docker().resolve("env.example")));

  @TempDir static Path secrets;

  /** What each member's parsers made of its environment. */
  private record Member(
      String service, PlatformConfig platform, MongoConfig store, Set<String> variablesRead) {}

  private static final Map<String, Member> MEMBERS = new LinkedHashMap<>();

  @BeforeAll
  static void parseEveryMember() {
    Shell.Result made =
        Shell.run(
            List.of(
                "bash",
                Repository.docker().resolve("make-secrets.sh").toString(),
                secrets.toString()),
            Map.of(),
            Repository.root(),
            Duration.ofSeconds(20));
    assertThat(made.exit()).as(made.stderr()).isZero();
    for (String service : ComposeFileTest.members()) {
      Map<String, String> env = new HashMap<>();
      COMPOSE
          .environment(service)
          .forEach((k, v) -> env.put(k, v.replace("/run/secrets/", secrets + "/")));
      ReadRecorder read = new ReadRecorder(env);
      PlatformConfig platform = PlatformConfig.fromEnvironment(read);
      MongoConfig store = MongoConfig.fromEnvironment(platform.storeEnvironment());
      MetricsScrapeToken token =
          MetricsScrapeToken.fromFile(read.get("TRADEPLAN_METRICS_TOKEN_FILE"));
      assertThat(token.enabled()).as("%s's metrics token", service).isTrue();
      MEMBERS.put(service, new Member(service, platform, store, read.keysRead()));
    }
  }

  @Test
  void everyVariableAMemberIsGivenIsReadByTheParsers() {
    for (Member m : MEMBERS.values()) {
      Set<String> given = new TreeSet<>(COMPOSE.environment(m.service()).keySet());
      given.removeAll(m.variablesRead());
      assertThat(given).as("%s: variables no parser read (a typo?)", m.service()).isEmpty();
    }
  }

  @Test
  void theThreeMembersFormOneClusterEachAnnouncingItsOwnAddress() {
    Set<String> announced = new HashSet<>();
    Set<String> derivedNames = new HashSet<>();
    for (Member m : MEMBERS.values()) {
      ClusterConfig c = m.platform().cluster();
      assertThat(c.host()).as(m.service()).startsWith("hz-").endsWith(m.service());
      assertThat(c.publicAddress()).isEqualTo(c.host() + ":" + c.port());
      assertThat(c.members()).as("%s lists itself", m.service()).contains(c.publicAddress());
      assertThat(c.minClusterSize()).as("a majority of three").isEqualTo(2);
      assertThat(c.backupCount()).isEqualTo(1);
      announced.add(c.publicAddress());
      derivedNames.add(c.hazelcastClusterName());
    }
    for (Member m : MEMBERS.values()) {
      assertThat(Set.copyOf(m.platform().cluster().members()))
          .as("%s's member list is exactly the members' announced addresses", m.service())
          .isEqualTo(announced);
    }
    assertThat(announced).hasSize(3);
    assertThat(derivedNames).as("one secret and one label: one Hazelcast cluster name").hasSize(1);
  }

  @Test
  void eachMemberTalksToTheGatewayWithItsOwnClientId() {
    Set<Integer> clientIds = new HashSet<>();
    for (Member m : MEMBERS.values()) {
      IbBrokerConfig ib = m.platform().ib();
      assertThat(ib)
          .as("%s connects to an IB gateway (no embedded one in a cluster)", m.service())
          .isNotNull();
      assertThat(COMPOSE.services()).contains(ib.host());
      assertThat(clientIds.add(ib.clientId()))
          .as(
              "%s's IB client id %d is its own (IB drops a second connection with the same id)",
              m.service(), ib.clientId())
          .isTrue();
      assertThat(ib.clientId()).as("client id 0 is TWS's master client").isPositive();
    }
  }

  @Test
  void theMembersShareTheAuthenticatedReplicaSetTheMongoServicesForm() {
    String replSet = Repository.read(Repository.docker().resolve("mongo/start-mongod.sh"));
    String initiate = Repository.read(Repository.docker().resolve("mongo/init-replica-set.js"));
    String user = Repository.read(Repository.docker().resolve("mongo/initdb/10-tradeplan-user.js"));
    for (Member m : MEMBERS.values()) {
      MongoConfig store = m.store();
      assertThat(store.embedded()).isFalse();
      assertThat(store.durability()).isEqualTo(MongoConfig.Durability.MAJORITY_JOURNALED);
      assertThat(MongoConfig.hostsOf(store.uri()).orElseThrow())
          .containsExactly("mongo1:27017", "mongo2:27017", "mongo3:27017");
      assertThat(store.uri()).contains("replicaSet=rs0");
      assertThat(replSet).contains("--replSet rs0").contains("--keyFile");
      for (String host : List.of("mongo1:27017", "mongo2:27017", "mongo3:27017")) {
        assertThat(initiate).contains("host: '" + host + "'");
      }
      assertThat(user)
          .contains("user: '" + store.username() + "'")
          .contains("db: '" + store.database() + "'");
      assertThat(store.passwordFile()).isRegularFile();
    }
  }

  @Test
  void theRecorderSeesATypo() {
    ReadRecorder read =
        new ReadRecorder(Map.of("TRADEPLAN_CLUSTER_MEMEBRS", "a:1", "IB_HOST", "ib-gateway"));
    PlatformConfig.fromEnvironment(read);
    assertThat(read.keysRead()).contains("IB_HOST").doesNotContain("TRADEPLAN_CLUSTER_MEMEBRS");
  }

  /** A read-only environment that remembers which variables were asked for. */
  static final class ReadRecorder extends java.util.AbstractMap<String, String> {
    private final Map<String, String> env;
    private final Set<String> read = new HashSet<>();

    ReadRecorder(Map<String, String> env) {
      this.env = Map.copyOf(env);
    }

    Set<String> keysRead() {
      return Set.copyOf(read);
    }

    @Override
    public String get(Object key) {
      read.add(String.valueOf(key));
      return env.get(key);
    }

    @Override
    public String getOrDefault(Object key, String fallback) {
      read.add(String.valueOf(key));
      return env.getOrDefault(key, fallback);
    }

    @Override
    public boolean containsKey(Object key) {
      read.add(String.valueOf(key));
      return env.containsKey(key);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
      throw new UnsupportedOperationException(
          "a parser that iterates the environment reads all of it");
    }
  }
}
