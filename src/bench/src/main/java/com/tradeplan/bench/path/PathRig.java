package com.tradeplan.bench.path;

import com.tradeplan.broker.IbBrokerConfig;
import com.tradeplan.cluster.ClusterConfig;
import com.tradeplan.domain.plan.PlanDraft;
import com.tradeplan.gateway.AuditEntry;
import com.tradeplan.gateway.GatewayConfig;
import com.tradeplan.gateway.PaperGateway;
import com.tradeplan.runtime.CommandResult;
import com.tradeplan.runtime.PlanView;
import com.tradeplan.runtime.Platform;
import com.tradeplan.runtime.PlatformConfig;
import com.tradeplan.runtime.UserAccounts;
import com.tradeplan.store.EmbeddedMongo;
import com.tradeplan.store.MongoConfig;
import com.tradeplan.store.UserRepository;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The production path in one JVM, as a deployment of two members runs it: the embedded
 * MongoDB-compatible store over TCP (in memory), or a real MongoDB when {@value #REAL_STORE} is set
 * ({@link #storeName}), the paper IB gateway on a loopback port, and two clustered {@link
 * Platform}s (replication to a backup member before every send), each with its own IB connection at
 * IB's real pacing (45 messages/s, the production default). Plans are created and activated through
 * the trader's {@code TradingService}, as the API does. {@link #close} stops everything it started,
 * whatever failed before.
 */
final class PathRig implements AutoCloseable {
  static final int MEMBERS = 2;

  /**
   * The environment variable naming a real MongoDB for the run (a connection string, as {@code
   * MONGODB_URI}; {@code MONGODB_USERNAME}, {@code MONGODB_PASSWORD_FILE} and {@code
   * MONGODB_WRITE_CONCERN} are passed on as the platform reads them). The run writes into a
   * database of its own, {@code tradeplan_bench_path_<random>}, and drops it at the end.
   */
  static final String REAL_STORE = "TRADEPLAN_BENCH_MONGODB_URI";

  private static final Duration WAIT = Duration.ofSeconds(120);

  final PaperGateway gateway;
  final List<Platform> members = new ArrayList<>();

  /** Both members' own timings of the path's stages. */
  final StageMeters meters = new StageMeters();

  /** The embedded store, or null with a real MongoDB. */
  private final EmbeddedMongo store;

  private final Map<String, String> storeEnv = new HashMap<>();

  /**
   * @param real a real MongoDB's connection string ({@value #REAL_STORE}), or null or blank for the
   *     embedded store
   */
  PathRig(Path dir, String real) throws IOException {
    if (real == null || real.isBlank()) {
      store = EmbeddedMongo.startInMemory();
      storeEnv.put("MONGODB_URI", store.connectionString());
    } else {
      store = null;
      storeEnv.put("MONGODB_URI", real);
      storeEnv.put(
          "MONGODB_DATABASE",
          "tradeplan_bench_path_" + UUID.randomUUID().toString().substring(0, 8));
      for (String k :
          List.of("MONGODB_USERNAME", "MONGODB_PASSWORD_FILE", "MONGODB_WRITE_CONCERN")) {
        if (System.getenv(k) != null) {
          storeEnv.put(k, System.getenv(k));
        }
      }
    }
    GatewayConfig g = new GatewayConfig();
    g.historyCapacity = 100_000;
    gateway = new PaperGateway(g).start();
    String clusterName = "path-bench-" + UUID.randomUUID();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      ports.add(ClusterConfig.freePort("127.0.0.1"));
    }
    List<CompletableFuture<Platform>> starting = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      PlatformConfig c = memberConfig(dir, i, clusterName, ports);
      starting.add(CompletableFuture.supplyAsync(() -> Platform.start(c, meters)));
    }
    for (CompletableFuture<Platform> f : starting) {
      members.add(f.join());
    }
    await("members joined", () -> members.stream().allMatch(p -> p.cluster().isClusterSafe()));
  }

  private PlatformConfig memberConfig(
      Path dir, int index, String clusterName, List<Integer> ports) {
    int clientId = 11 + index;
    Map<String, String> env = new HashMap<>();
    env.putAll(storeEnv);
    env.put("TRADEPLAN_DATA_DIR", dir.resolve("member-" + index).toString());
    env.put("IB_HOST", "127.0.0.1");
    env.put("IB_PORT", Integer.toString(gateway.port()));
    env.put("IB_CLIENT_ID", Integer.toString(clientId));
    env.put("IB_ACCOUNT", gateway.account());
    env.put("TRADEPLAN_MARKET_HOURS", "always");
    // the risk gate's per-owner rate is not what this run measures: a storm user sends 5 exits
    env.put("TRADEPLAN_ORDERS_PER_SECOND_PER_OWNER", "1000");
    env.put("TRADEPLAN_ORDER_BURST_PER_OWNER", "1000");
    return PlatformConfig.fromEnvironment(env)
        .withIb(IbBrokerConfig.of("127.0.0.1", gateway.port(), clientId, gateway.account()))
        .withCluster(ClusterConfig.loopback(clusterName, ports.get(index), ports));
  }

  /**
   * The store the run writes to, for its results: {@code embedded (in memory)}, or a real MongoDB's
   * hosts and the run's database (never the credentials).
   */
  String storeName() {
    if (store != null) {
      return "embedded (in memory)";
    }
    return "MongoDB "
        + MongoConfig.hostsOf(storeEnv.get("MONGODB_URI")).map(String::valueOf).orElse("?")
        + ", database "
        + storeEnv.get("MONGODB_DATABASE");
  }

  /**
   * Creates and activates {@code drafts} through the first member's service (commands for users
   * another member runs are forwarded, as the API's are), eight at a time; a refusal ends the run.
   */
  void activateAll(List<PlanDraft> drafts) {
    Platform entry = members.get(0);
    UserRepository users = new UserRepository(entry.storeConnection());
    drafts.stream()
        .map(PlanDraft::owner)
        .distinct()
        .forEach(
            owner -> {
              users.insert(
                  new UserRepository.StoredUser(owner, "no-login", List.of("TRADER"), null));
              if (entry.accounts().link(owner, gateway.account()) != UserAccounts.Linked.LINKED) {
                throw new IllegalStateException("cannot link " + owner);
              }
            });
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (PlanDraft d : drafts) {
        all.add(CompletableFuture.runAsync(() -> activate(entry, d), pool));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    } finally {
      pool.shutdownNow();
    }
  }

  private static void activate(Platform entry, PlanDraft d) {
    CommandResult<PlanView> c = entry.service().createDraft(d.owner(), d);
    if (!(c instanceof CommandResult.Ok<PlanView> ok)) {
      throw new IllegalStateException("createDraft " + d.owner() + ": " + c);
    }
    String id = ok.value().snapshot().planId();
    // a symbol's first activation asks IB for its minimum tick and is refused until it arrives
    boolean activated =
        within(
            WAIT,
            Duration.ofMillis(50),
            () -> {
              CommandResult<PlanView> a = entry.service().activate(d.owner(), id);
              if (a instanceof CommandResult.Ok) {
                return true;
              }
              if (String.valueOf(a).contains("contract details")) {
                return false;
              }
              throw new IllegalStateException("activate " + id + ": " + a);
            });
    if (!activated) {
      throw new IllegalStateException("activate " + id + ": no contract details after " + WAIT);
    }
  }

  /**
   * Writes ticks of {@code symbol} at {@code last}, ten a second, until every member that runs
   * users has received one: the symbol is subscribed where its plans run and its price is known.
   */
  void awaitMarket(String symbol, String last) {
    await(
        "market data of " + symbol,
        () -> {
          gateway.publishTick(symbol, last);
          return members.stream()
              .allMatch(
                  p ->
                      p.heldUsers().isEmpty()
                          || p.health().marketDataAgeMillis().getOrDefault(symbol, -1L) >= 0);
        },
        Duration.ofMillis(100));
  }

  /** What the members' open plans of {@code owners} are, and their latest alerts: for a failure. */
  String describe(List<String> owners) {
    Map<String, Integer> statuses = new java.util.TreeMap<>();
    for (String owner : owners) {
      for (PlanView v : members.get(0).service().openPlans(owner)) {
        statuses.merge(v.snapshot().status().name(), 1, Integer::sum);
      }
    }
    StringBuilder b = new StringBuilder("open plans by status " + statuses);
    for (Platform p : members) {
      List<String> alerts = p.health().recentAlerts();
      b.append("; a member's latest alerts: ")
          .append(alerts.subList(Math.max(0, alerts.size() - 3), alerts.size()));
    }
    return b.toString();
  }

  /**
   * Waits until the members' engines together watch {@code plans} plans: an activation is answered
   * once stored, and its plan reaches its lane just after.
   */
  void awaitMonitored(int plans) {
    await(
        plans + " plans monitored",
        () -> members.stream().mapToInt(p -> p.health().monitoredPlans()).sum() >= plans);
  }

  /** The orders the gateway received from index {@code from} on, in arrival order. */
  List<AuditEntry> ordersSince(int from) {
    List<AuditEntry> all = gateway.getAudit().entries();
    return all.subList(Math.min(from, all.size()), all.size());
  }

  int ordersReceived() {
    return gateway.getAudit().size();
  }

  /**
   * Drops the run's own database on the real MongoDB, on a connection of its own made as the
   * members made theirs (the same connection string and credentials), once they are closed.
   */
  private void dropRunDatabase() {
    try (MongoConfig.MongoConnection c =
        MongoConfig.fromEnvironment(storeEnv).connect("tradeplan-bench-path")) {
      c.dropDatabase();
    }
  }

  /**
   * Waits until {@code condition} holds, asking every {@code poll} (orders are timed by the
   * gateway's own receive stamps, so the poll adds nothing to the figures, only to the wait); false
   * after {@code timeout}.
   */
  static boolean within(Duration timeout, Duration poll, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(poll.toNanos());
    }
    return true;
  }

  static void await(String what, BooleanSupplier condition) {
    await(what, condition, Duration.ofMillis(20));
  }

  static void await(String what, BooleanSupplier condition, Duration poll) {
    if (!within(WAIT, poll, condition)) {
      throw new IllegalStateException("timed out after " + WAIT + " waiting for " + what);
    }
  }

  @Override
  public void close() {
    for (Platform p : members) {
      try {
        p.close();
      } catch (RuntimeException e) {
        System.err.println("closing a member: " + e);
      }
    }
    gateway.stop();
    if (store != null) {
      store.close();
    } else {
      try {
        dropRunDatabase();
      } catch (RuntimeException e) {
        System.err.println("dropping " + storeEnv.get("MONGODB_DATABASE") + ": " + e);
      }
    }
  }
}
