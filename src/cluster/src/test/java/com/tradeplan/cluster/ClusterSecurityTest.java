package com.tradeplan.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import com.tradeplan.testkit.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.management.ObjectName;
import org.example.outside.OutsideTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a member exposes to the network: where it listens, whom it lets join, and what it agrees to
 * deserialize (docs/cluster.md, "Security"). Each test failed before the member was hardened.
 *
 * <p>The listening test connects to 127.0.0.2, not to the machine's network address: a build must
 * send no traffic beyond loopback, and on Linux every 127.x address is this machine, so a member
 * listening on every interface answers there exactly as it would on a LAN address, while one bound
 * to 127.0.0.1 does not. Where 127.0.0.2 is not an address of the machine (macOS configures
 * 127.0.0.1 only) the test says so and is skipped.
 */
class ClusterSecurityTest {
  static final Duration DEADLINE = Duration.ofSeconds(60);

  final List<ClusterNode> nodes = new ArrayList<>();
  final String label = "security-" + UUID.randomUUID();

  @AfterEach
  void stopAll() {
    nodes.parallelStream().forEach(ClusterNode::terminate);
  }

  private ClusterNode start(ClusterConfig config) {
    ClusterNode n = ClusterNode.start(config, OwnershipListener.NONE, MarketDataListener.NONE);
    synchronized (nodes) {
      nodes.add(n);
    }
    return n;
  }

  /** A member of the loopback cluster {@link #label} on {@code ports}; secret null = none set. */
  private ClusterConfig member(int port, List<Integer> ports, String secret) {
    Map<String, String> env = new HashMap<>();
    env.put("TRADEPLAN_CLUSTER_NAME", label);
    env.put("TRADEPLAN_CLUSTER_PORT", Integer.toString(port));
    List<String> members = new ArrayList<>();
    ports.forEach(p -> members.add("127.0.0.1:" + p));
    env.put("TRADEPLAN_CLUSTER_MEMBERS", String.join(",", members));
    if (secret != null) {
      env.put("TRADEPLAN_CLUSTER_SECRET", secret);
    }
    return ClusterConfig.fromEnvironment(env).withMinClusterSize(1);
  }

  private static List<Integer> freePorts(int n) {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ports.add(ClusterConfig.freePort("127.0.0.1"));
    }
    return ports;
  }

  private static boolean connects(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isAddressOfThisMachine(InetAddress address) {
    try (ServerSocket s = new ServerSocket(0, 1, address)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void aMemberBoundToLoopbackCannotBeReachedOnAnotherAddressOfThisMachine() throws IOException {
    InetAddress other = InetAddress.getByName("127.0.0.2");
    assumeTrue(
        isAddressOfThisMachine(other),
        "127.0.0.2 is not an address of this machine, so there is no second local address to"
            + " connect to without leaving loopback: the listening test cannot run here");
    ClusterConfig config = ClusterConfig.singleMember();
    assertThat(config.host()).isEqualTo("127.0.0.1");
    start(config);

    assertThat(connects("127.0.0.1", config.port()))
        .as("the member listens on its configured address 127.0.0.1:%d", config.port())
        .isTrue();
    assertThat(connects("127.0.0.2", config.port()))
        .as(
            "the member answers on 127.0.0.2:%d although it was told to listen on 127.0.0.1 only:"
                + " it listens on every interface",
            config.port())
        .isFalse();
  }

  @Test
  void onlyMembersWithTheSameSecretFormOneClusterAndTheSecretIsNeverLogged() throws Exception {
    String secretA = "secret-a-" + UUID.randomUUID();
    String secretB = "secret-b-" + UUID.randomUUID();
    List<Integer> ports = freePorts(3);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    // slf4j-simple (Hazelcast's and our log in tests) writes to whatever System.err is now.
    System.setErr(new PrintStream(new Tee(stderr, log), true, StandardCharsets.UTF_8));
    try {
      // a and b list each other under the same label but with different secrets. Both start at
      // once; start() returns after Hazelcast's join phase, in which each was refused by the other.
      CompletableFuture<ClusterNode> startA =
          CompletableFuture.supplyAsync(() -> start(member(ports.get(0), ports, secretA)));
      CompletableFuture<ClusterNode> startB =
          CompletableFuture.supplyAsync(() -> start(member(ports.get(1), ports, secretB)));
      ClusterNode a = startA.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      ClusterNode b = startB.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      assertThat(a.clusterSize()).as("a joined a member with another secret").isEqualTo(1);
      assertThat(b.clusterSize()).as("b joined a member with another secret").isEqualTo(1);

      // c has a's secret: it joins a, and still not b.
      ClusterNode c = start(member(ports.get(2), ports, secretA));
      Await.until(
          DEADLINE,
          () -> a.clusterSize() == 2 && c.clusterSize() == 2,
          () ->
              "c never joined a (same secret): sizes " + a.clusterSize() + ", " + c.clusterSize());
      assertThat(b.clusterSize()).as("b (another secret) joined a and c").isEqualTo(1);
    } finally {
      System.setErr(stderr);
    }

    String text = log.toString(StandardCharsets.UTF_8);
    assertThat(text).as("the log was captured").contains("Members {size:2");
    assertThat(text).doesNotContain(secretA).doesNotContain(secretB);
    // The derived name is the credential on the wire: Hazelcast prints it once at start, and no
    // longer in front of every line.
    String derived = ClusterSecret.derive(label, secretA);
    for (String line : text.split("\n")) {
      if (line.contains(derived)) {
        assertThat(line).as("a log line with the derived cluster name").contains("Cluster name: ");
      }
    }
  }

  @Test
  void aMemberRefusesToDeserializeClassesOutsideItsListAndTheCallsItNeedsStillWork()
      throws Exception {
    List<Integer> ports = freePorts(2);
    CompletableFuture<ClusterNode> startA =
        CompletableFuture.supplyAsync(() -> start(member(ports.get(0), ports, null)));
    CompletableFuture<ClusterNode> startB =
        CompletableFuture.supplyAsync(() -> start(member(ports.get(1), ports, null)));
    ClusterNode a = startA.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    ClusterNode b = startB.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    Await.until(
        DEADLINE,
        () -> a.clusterSize() == 2 && b.clusterSize() == 2,
        () -> "the two members never formed one cluster");
    Member onB = b.hazelcast().getCluster().getLocalMember();
    IExecutorService executor = a.hazelcast().getExecutorService("security-test");

    // A task whose class is outside the list: refused before its readObject runs.
    var outside = executor.submitToMember(new OutsideTask(), onB);
    assertThatThrownBy(() -> outside.get(30, TimeUnit.SECONDS))
        .hasStackTraceContaining(
            "Resolving class " + OutsideTask.class.getName() + " is not allowed");
    assertThat(OutsideTask.deserialized()).as("the refused class's readObject ran").isFalse();

    // One of ours carrying a JDK class outside the list (javax.management): refused too.
    var carrying =
        executor.submitToMember(new Carrying(new ObjectName("tradeplan:type=test")), onB);
    assertThatThrownBy(() -> carrying.get(30, TimeUnit.SECONDS))
        .hasStackTraceContaining("Resolving class javax.management.ObjectName is not allowed");

    // The same refusal when b reads such a value from a map.
    IMap<String, Object> fromA = a.hazelcast().getMap("security-test");
    fromA.put("outside", new OutsideTask());
    IMap<String, Object> fromB = b.hazelcast().getMap("security-test");
    assertThatThrownBy(() -> fromB.get("outside"))
        .hasStackTraceContaining(
            "Resolving class " + OutsideTask.class.getName() + " is not allowed");
    assertThat(OutsideTask.deserialized()).isFalse();

    // The types the runtime's calls and answers are made of still travel, both ways.
    Echo expected =
        new Echo(
            List.of("AAPL", "MSFT"),
            Map.of("entry", new BigDecimal("100.10")),
            Instant.parse("2026-12-03T14:30:00Z"),
            UUID.fromString("5bab7da2-0000-4000-8000-000000000001"),
            ReplicationResult.Outcome.REPLICATED);
    assertThat(executor.submitToMember(new EchoTask(expected), onB).get(30, TimeUnit.SECONDS))
        .isEqualTo(expected);
    // An exception on the other member comes back as itself, with its cause.
    var failing = executor.submitToMember(new FailingTask(), onB);
    assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS))
        .hasStackTraceContaining("refused on purpose")
        .hasRootCauseInstanceOf(TimeoutException.class);

    // A call on a user's holder (HolderTask there, HolderReply back), asked on both members: one
    // of them does not hold the user, so at least one call crosses. A take-over in progress
    // answers Unavailable; the call is asked again until answered.
    Await.until(
        DEADLINE, () -> a.isClusterSafe() && b.isClusterSafe(), () -> "partitions never settled");
    String user = "alice";
    assertThat(a.addPlans(user, List.of(SyntheticPlans.plan(user, 0, 5))).ok()).isTrue();
    a.setCallTarget("the holder");
    b.setCallTarget("the holder");
    Echo answered =
        new Echo(
            List.of("the holder"),
            expected.prices(),
            expected.at(),
            expected.id(),
            expected.outcome());
    for (ClusterNode asker : List.of(a, b)) {
      List<HolderReply<Echo>> replies = new ArrayList<>();
      Await.until(
          DEADLINE,
          () -> {
            replies.add(asker.callOnHolder(new EchoCall(user, expected), Duration.ofSeconds(10)));
            return replies.get(replies.size() - 1) instanceof HolderReply.Answered;
          },
          () -> "never answered: " + replies.get(replies.size() - 1));
      assertThat(replies.get(replies.size() - 1)).isEqualTo(new HolderReply.Answered<>(answered));
    }
  }

  /** The kinds of values the runtime's answers carry: lists, maps, decimals, times, ids, enums. */
  record Echo(
      List<String> texts,
      Map<String, BigDecimal> prices,
      Instant at,
      UUID id,
      ReplicationResult.Outcome outcome)
      implements Serializable {}

  record EchoTask(Echo echo) implements Callable<Echo>, Serializable {
    @Override
    public Echo call() {
      return echo;
    }
  }

  record EchoCall(String owner, Echo echo) implements HolderCall<String, Echo> {
    @Override
    public Echo call(String target) {
      return new Echo(List.of(target), echo.prices(), echo.at(), echo.id(), echo.outcome());
    }
  }

  record FailingTask() implements Callable<String>, Serializable {
    @Override
    public String call() {
      throw new IllegalStateException(
          "refused on purpose", new TimeoutException("the cause travels too"));
    }
  }

  /** A task of ours whose field is a JDK class outside the list. */
  record Carrying(ObjectName name) implements Callable<String>, Serializable {
    @Override
    public String call() {
      return name.toString();
    }
  }

  /** Writes to the real stderr and to the capture. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
