package com.tradeplan.runtime;

import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.cluster.ClusterConfig;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.gateway.PaperGateway;
import com.tradeplan.store.EmbeddedMongo;
import com.tradeplan.testkit.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Clustered platforms in one JVM over one embedded store and one paper gateway, each member with
 * its own IB client id and data folder: the setup the tests of take-overs share. The store and the
 * gateway start with the fixture (so that a test can publish a first tick before any member runs),
 * the members with {@link #startMembers}, which returns once all have joined and the partitions
 * have settled. {@link #close} stops whatever still runs; a member a test crashed is skipped.
 */
final class PlatformCluster implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);

  /** The live members, in start order; {@link #crash} takes one out. */
  final List<Platform> platforms = new ArrayList<>();

  final PaperGateway gateway;
  private final EmbeddedMongo mongo;
  private final Path dir;

  PlatformCluster(Path dir, GatewayConfig gatewayConfig) throws IOException {
    this.dir = dir;
    this.mongo = EmbeddedMongo.start(dir.resolve("store.mv.db"));
    PaperGateway started;
    try {
      started = new PaperGateway(gatewayConfig).start();
    } catch (IOException | RuntimeException e) {
      mongo.close();
      throw e;
    }
    this.gateway = started;
  }

  /**
   * Starts {@code members} platforms at once, client ids from {@code firstClientId}, generous order
   * rates (the risk gate is not what these tests check), and waits until they form one cluster.
   */
  void startMembers(int members, int firstClientId) throws Exception {
    String clusterName = "platform-cluster-" + UUID.randomUUID();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      ports.add(ClusterConfig.freePort("127.0.0.1"));
    }
    List<CompletableFuture<Platform>> starting = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      PlatformConfig c = memberConfig(i, firstClientId + i, clusterName, ports);
      starting.add(CompletableFuture.supplyAsync(() -> Platform.start(c)));
    }
    for (CompletableFuture<Platform> f : starting) {
      platforms.add(f.get());
    }
    await(
        members + " members",
        () -> platforms.stream().allMatch(p -> p.cluster().clusterSize() == members));
    await(
        "partitions settled", () -> platforms.stream().allMatch(p -> p.cluster().isClusterSafe()));
  }

  private PlatformConfig memberConfig(
      int index, int clientId, String clusterName, List<Integer> ports) {
    Map<String, String> env = new HashMap<>();
    env.put("MONGODB_URI", mongo.connectionString());
    env.put("TRADEPLAN_DATA_DIR", dir.resolve("member-" + index).toString());
    env.put("IB_HOST", "127.0.0.1");
    env.put("IB_PORT", Integer.toString(gateway.port()));
    env.put("IB_CLIENT_ID", Integer.toString(clientId));
    env.put("IB_ACCOUNT", gateway.account());
    env.put("TRADEPLAN_ORDERS_PER_SECOND_PER_OWNER", "1000");
    env.put("TRADEPLAN_ORDER_BURST_PER_OWNER", "1000");
    return PlatformConfig.fromEnvironment(env)
        .withIb(
            IbBrokerConfig.of("127.0.0.1", gateway.port(), clientId, gateway.account())
                .withPacing(500, 50)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 1))
        .withCluster(ClusterConfig.loopback(clusterName, ports.get(index), ports));
  }

  /** Terminates {@code victim} without handing anything over, and takes it out of the members. */
  void crash(Platform victim) {
    victim.crashForTest();
    platforms.remove(victim);
  }

  /** Waits until every user of {@code users}, and no other, is held by exactly one member. */
  void awaitEachUserOnExactlyOneMember(Set<String> users) {
    await(
        "each user held by exactly one member",
        () -> {
          Map<String, Integer> count = new HashMap<>();
          for (Platform p : platforms) {
            for (String u : p.heldUsers()) {
              count.merge(u, 1, Integer::sum);
            }
          }
          return count.keySet().equals(users) && count.values().stream().allMatch(c -> c == 1);
        });
  }

  /** Waits until every member that holds a user has market data of every one of {@code symbols}. */
  void awaitSubscribed(Set<String> symbols) {
    await(
        "market data of " + symbols + " where users run",
        () -> {
          for (Platform p : platforms) {
            if (!p.heldUsers().isEmpty()
                && !p.health().marketDataAgeMillis().keySet().containsAll(symbols)) {
              return false;
            }
          }
          return true;
        });
  }

  static void await(String what, BooleanSupplier condition) {
    Await.until(WAIT, Duration.ofMillis(20), condition, () -> what);
  }

  @Override
  public void close() {
    for (Platform p : platforms) {
      try {
        p.close();
      } catch (RuntimeException e) {
        // it crashed on its own: nothing left to stop
      }
    }
    gateway.stop();
    mongo.close();
  }
}
