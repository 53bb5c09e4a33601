package com.tradeplan.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.PartitioningStrategyConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import com.hazelcast.spi.properties.ClusterProperty;
import com.tradeplan.domain.config.EnvironmentVariables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How this process joins the Tradeplan cluster. Read from the environment by {@link
 * #fromEnvironment(Map)}:
 *
 * <table>
 *   <caption>environment variables</caption>
 *   <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code TRADEPLAN_CLUSTER_MEMBERS}</td><td>empty</td><td>comma-separated {@code
 *   host:port} of every member; empty = a one-member cluster</td></tr>
 *   <tr><td>{@code TRADEPLAN_CLUSTER_HOST}</td><td>127.0.0.1</td><td>the one address this member
 *   listens on (an address of this machine, or a name that resolves to one at start); never every
 *   interface</td></tr>
 *   <tr><td>{@code TRADEPLAN_CLUSTER_PUBLIC_ADDRESS}</td><td>host:port</td><td>{@code host[:port]}
 *   this member announces to the others (behind NAT or a container network)</td></tr>
 *   <tr><td>{@code TRADEPLAN_CLUSTER_PORT}</td><td>5701 with members, else a free port</td>
 *   <td>this member's port; 0 = a free port</td></tr>
 *   <tr><td>{@code TRADEPLAN_CLUSTER_BACKUPS}</td><td>1</td><td>synchronous backups of the
 *   replicated state (0..6)</td></tr>
 *   <tr><td>{@code TRADEPLAN_CLUSTER_MIN_SIZE}</td><td>majority of the member list</td><td>split-brain
 *   protection: fewer reachable members than this and nobody on that side sends</td></tr>
 *   <tr><td>{@code TRADEPLAN_CLUSTER_NAME}</td><td>{@code tradeplan} with a member list; without
 *   one, {@code tradeplan-solo-<random UUID>} (unique per config)</td><td>the cluster's label:
 *   members with another label never join</td></tr>
 *   <tr><td>{@code TRADEPLAN_CLUSTER_SECRET} or {@code TRADEPLAN_CLUSTER_SECRET_FILE}</td><td>none;
 *   required once an address is not loopback</td><td>the shared secret the Hazelcast cluster name
 *   is derived from ({@link ClusterSecret})</td></tr>
 * </table>
 *
 * <p>{@link #clusterName} is the label; {@link #hazelcastClusterName} is what Hazelcast uses and
 * sends, derived from the label and the secret. The secret itself is not kept here, and {@link
 * #toString} leaves the derived name out (it is the membership credential).
 *
 * <p>The timing values are chosen so that a member cut off from the others notices it (heartbeats
 * older than {@link #heartbeatToleranceMillis}) well before the others declare it dead ({@link
 * #maxNoHeartbeatSeconds}) and take its users over: the old side stops before the new side starts.
 */
public record ClusterConfig(
    String clusterName,
    String hazelcastClusterName,
    String host,
    int port,
    String publicAddress,
    List<String> members,
    int backupCount,
    int minClusterSize,
    int heartbeatIntervalSeconds,
    int heartbeatToleranceMillis,
    int maxNoHeartbeatSeconds,
    int backupTimeoutMillis,
    boolean portPicked) {

  public static final String USERS_MAP = "tradeplan.users";

  /** The member attribute that says how this member keys users, and its value here. */
  static final String USER_KEYS_ATTRIBUTE = "tradeplan.user-keys";

  static final String USER_KEYS_BY_ACCOUNT = "by-account";

  /** User to the account its entry is placed in ({@code Placements}). */
  static final String PLACEMENTS_MAP = "tradeplan.placements";

  public static final String SPLIT_BRAIN_PROTECTION = "tradeplan.majority";
  public static final int DEFAULT_PORT = 5701;

  /** The cluster name of members configured with a member list and no explicit name. */
  public static final String DEFAULT_NAME = "tradeplan";

  /** The prefix of the name each one-member cluster without an explicit name gets. */
  public static final String SOLO_NAME_PREFIX = "tradeplan-solo-";

  public ClusterConfig {
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(hazelcastClusterName, "hazelcastClusterName");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(publicAddress, "publicAddress");
    members = List.copyOf(members);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port outside 0..65535: " + port);
    }
    if (backupCount < 0 || backupCount > 6) {
      throw new IllegalArgumentException("backup count outside 0..6: " + backupCount);
    }
    if (minClusterSize < 1) {
      throw new IllegalArgumentException("minimum cluster size must be >= 1: " + minClusterSize);
    }
    if (heartbeatToleranceMillis >= maxNoHeartbeatSeconds * 1000) {
      // Otherwise the majority could take a user over while the cut-off member still believes
      // it may send.
      throw new IllegalArgumentException(
          "heartbeat tolerance "
              + heartbeatToleranceMillis
              + " ms must be shorter than the failure detection "
              + maxNoHeartbeatSeconds
              + " s");
    }
  }

  /** A one-member cluster on loopback with a free port (tests, the default setup). */
  public static ClusterConfig singleMember() {
    return fromEnvironment(Map.of());
  }

  /** A member of a loopback cluster whose members listen on {@code ports}. */
  public static ClusterConfig loopback(String clusterName, int port, List<Integer> ports) {
    List<String> members = new ArrayList<>();
    for (int p : ports) {
      members.add("127.0.0.1:" + p);
    }
    return fromEnvironment(
        Map.of(
            "TRADEPLAN_CLUSTER_NAME", clusterName,
            "TRADEPLAN_CLUSTER_PORT", Integer.toString(port),
            "TRADEPLAN_CLUSTER_MEMBERS", String.join(",", members)));
  }

  /**
   * Reads the {@code TRADEPLAN_CLUSTER_*} variables (see the class comment).
   *
   * @throws IllegalArgumentException naming the variable when a value is malformed
   */
  public static ClusterConfig fromEnvironment(Map<String, String> env) {
    EnvironmentVariables vars = EnvironmentVariables.of(env);
    List<String> members = new ArrayList<>();
    String list = env.getOrDefault("TRADEPLAN_CLUSTER_MEMBERS", "").trim();
    if (!list.isEmpty()) {
      for (String m : list.split(",")) {
        String member = m.trim();
        if (!member.matches(HOST + ":\\d{1,5}")) {
          throw new IllegalArgumentException(
              "TRADEPLAN_CLUSTER_MEMBERS: '" + member + "' is not host:port");
        }
        members.add(member);
      }
    }
    String host = bindHost(env);
    int port =
        vars.integer("TRADEPLAN_CLUSTER_PORT", members.isEmpty() ? 0 : DEFAULT_PORT, 0, 65_535);
    boolean portPicked = port == 0;
    if (portPicked) {
      port = freePort(host);
    }
    String publicAddress = publicAddress(env, host, port);
    int backups = vars.integer("TRADEPLAN_CLUSTER_BACKUPS", 1, 0, 6);
    int majority = Math.max(1, members.size() / 2 + 1);
    int minSize = vars.integer("TRADEPLAN_CLUSTER_MIN_SIZE", majority, 1, 1_000);
    String name = env.getOrDefault("TRADEPLAN_CLUSTER_NAME", "").trim();
    if (name.isEmpty() && !env.containsKey("TRADEPLAN_CLUSTER_NAME")) {
      // A member list names a shared cluster ("tradeplan"); a one-member cluster gets a name of its
      // own, so that two unrelated processes on one machine (two servers, a test next to a running
      // ./tradeplan up) can never join each other even if one lists the other's port.
      name = members.isEmpty() ? uniqueName() : DEFAULT_NAME;
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("TRADEPLAN_CLUSTER_NAME must not be empty");
    }
    String hazelcastName =
        ClusterSecret.hazelcastClusterName(env, name, members, host, publicAddress);
    // Backup acks time out after 1.5 s: a write whose backup died with its member turns
    // INDETERMINATE (held, rebuilt) that soon, and the lane it blocked runs the take-overs.
    return new ClusterConfig(
        name,
        hazelcastName,
        host,
        port,
        publicAddress,
        members,
        backups,
        minSize,
        1,
        2_500,
        5,
        1_500,
        portPicked);
  }

  /** A host name or IPv4 address, as the variables accept them. */
  private static final String HOST = "[A-Za-z0-9.\\-]+";

  private static String bindHost(Map<String, String> env) {
    String host = env.getOrDefault("TRADEPLAN_CLUSTER_HOST", "127.0.0.1").trim();
    if (host.isEmpty()) {
      host = "127.0.0.1";
    }
    if (host.equals("0.0.0.0")) {
      // Listening on every interface is exactly what must not happen: the member port takes
      // joins and tasks from whoever reaches it.
      throw new IllegalArgumentException(
          "TRADEPLAN_CLUSTER_HOST: 0.0.0.0 would listen on every interface; give the one address"
              + " (or a name resolving to it) on which the other members reach this one");
    }
    if (!host.matches(HOST)) {
      throw new IllegalArgumentException(
          "TRADEPLAN_CLUSTER_HOST: '" + host + "' is not a host name or IPv4 address");
    }
    return host;
  }

  private static String publicAddress(Map<String, String> env, String host, int port) {
    String v = env.getOrDefault("TRADEPLAN_CLUSTER_PUBLIC_ADDRESS", "").trim();
    if (v.isEmpty()) {
      return host + ":" + port;
    }
    if (!v.matches(HOST + "(:\\d{1,5})?")) {
      throw new IllegalArgumentException(
          "TRADEPLAN_CLUSTER_PUBLIC_ADDRESS: '" + v + "' is not host or host:port");
    }
    return v.contains(":") ? v : v + ":" + port;
  }

  private static String uniqueName() {
    return SOLO_NAME_PREFIX + java.util.UUID.randomUUID();
  }

  /** A port nobody listens on right now (tests and the one-member default). */
  public static int freePort(String host) {
    // The OS may hand out the same port twice in a row; callers often ask for several before
    // binding any. A port handed out recently by this JVM is not handed out again (bounded).
    for (int attempt = 0; ; attempt++) {
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
        s.setReuseAddress(true);
        port = s.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on " + host, e);
      }
      synchronized (RECENT_PORTS) {
        if (RECENT_PORTS.add(port) || attempt >= 20) {
          if (RECENT_PORTS.size() > 1_000) {
            RECENT_PORTS.remove(RECENT_PORTS.iterator().next());
          }
          return port;
        }
      }
    }
  }

  private static final java.util.LinkedHashSet<Integer> RECENT_PORTS =
      new java.util.LinkedHashSet<>();

  /** This config with another minimum cluster size (tests of split-brain protection). */
  public ClusterConfig withMinClusterSize(int size) {
    return new ClusterConfig(
        clusterName,
        hazelcastClusterName,
        host,
        port,
        publicAddress,
        members,
        backupCount,
        size,
        heartbeatIntervalSeconds,
        heartbeatToleranceMillis,
        maxNoHeartbeatSeconds,
        backupTimeoutMillis,
        portPicked);
  }

  /**
   * This config on another free port, for a member whose port was picked here ({@link #portPicked})
   * and taken by another process between the pick and the bind. The announced address follows the
   * port unless the operator named one.
   *
   * @throws IllegalStateException when the port was configured: an operator's port is never moved
   */
  public ClusterConfig withFreshPort() {
    if (!portPicked) {
      throw new IllegalStateException("port " + port + " was configured; it is not moved");
    }
    int fresh = freePort(host);
    String announced = publicAddress.equals(host + ":" + port) ? host + ":" + fresh : publicAddress;
    return new ClusterConfig(
        clusterName,
        hazelcastClusterName,
        host,
        fresh,
        announced,
        members,
        backupCount,
        minClusterSize,
        heartbeatIntervalSeconds,
        heartbeatToleranceMillis,
        maxNoHeartbeatSeconds,
        backupTimeoutMillis,
        true);
  }

  /**
   * Everything but the derived cluster name, which is the membership credential (it travels in
   * clear in join requests, so a log line with it hands the cluster to whoever reads the log and
   * reaches the port).
   */
  @Override
  public String toString() {
    return "ClusterConfig[clusterName="
        + clusterName
        + ", hazelcastClusterName=(derived from the secret, not shown), host="
        + host
        + ", port="
        + port
        + ", publicAddress="
        + publicAddress
        + ", members="
        + members
        + ", backupCount="
        + backupCount
        + ", minClusterSize="
        + minClusterSize
        + ", heartbeatIntervalSeconds="
        + heartbeatIntervalSeconds
        + ", heartbeatToleranceMillis="
        + heartbeatToleranceMillis
        + ", maxNoHeartbeatSeconds="
        + maxNoHeartbeatSeconds
        + ", backupTimeoutMillis="
        + backupTimeoutMillis
        + "]";
  }

  /**
   * The address the member listens on: {@link #host} itself when it is an IPv4 address, else what
   * it resolves to now (Hazelcast matches interfaces by address only).
   *
   * @throws IllegalArgumentException naming {@code TRADEPLAN_CLUSTER_HOST} when it does not resolve
   */
  public String bindAddress() {
    if (host.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
      return host;
    }
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "TRADEPLAN_CLUSTER_HOST: '" + host + "' does not resolve to an address", e);
    }
  }

  /** The embedded member's Hazelcast configuration. */
  public Config toHazelcastConfig() {
    Config c = new Config();
    c.setClusterName(hazelcastClusterName);
    c.setInstanceName("tradeplan-" + host + "-" + port);
    // A member-only endpoint (Hazelcast's advanced networking) instead of the unified port that
    // also speaks the client protocols. On the unified port, a connection to a peer that accepts
    // TCP and never speaks (a frozen process: its kernel still completes the connection) keeps its
    // member handshake queued while it waits for the peer's protocol, and its IO thread reruns it
    // forever: that thread burns a core and starves every other connection it serves. With one
    // member frozen, the two survivors stopped hearing each other, split, and never merged
    // (SilentPeerTest; docs/cluster.md). The member endpoint waits for the peer blocked. No
    // Hazelcast client ever connects to a member: nothing of the client protocol is lost.
    AdvancedNetworkConfig net = c.getAdvancedNetworkConfig().setEnabled(true);
    // Listen on the configured interface only. Hazelcast's default (hazelcast.socket.bind.any)
    // listens on every interface even when one is configured, which exposed the member port on
    // networks the operator never named.
    InterfacesConfig interfaces = new InterfacesConfig().setEnabled(true);
    interfaces.addInterface(bindAddress());
    net.setMemberEndpointConfig(
        new ServerSocketEndpointConfig()
            .setPort(port)
            .setPortAutoIncrement(false)
            .setPublicAddress(publicAddress)
            .setInterfaces(interfaces));
    c.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2);
    if (members.isEmpty()) {
      // A one-member cluster: no join at all (Hazelcast starts standalone at once instead of
      // looking for itself over TCP for a second or more).
      join.getTcpIpConfig().setEnabled(false);
    } else {
      members.forEach(join.getTcpIpConfig()::addMember);
    }
    c.getJetConfig().setEnabled(false);
    c.setProperty(ClusterProperty.LOGGING_TYPE.getName(), "slf4j");
    // Hazelcast prefixes every log line with the cluster name; here that is the membership
    // credential. The thread names still say which member logs (hz.<instance name>.*).
    c.setProperty(ClusterProperty.LOGGING_ENABLE_DETAILS.getName(), "false");
    c.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
    // ClusterNode.stop() releases every user before Hazelcast leaves; a JVM hook racing it
    // would drop partitions while sessions still run.
    c.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
    c.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), "1");
    c.setProperty(ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN.getName(), "5");
    c.setProperty(
        ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(),
        Integer.toString(heartbeatIntervalSeconds));
    c.setProperty(
        ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(),
        Integer.toString(maxNoHeartbeatSeconds));
    // A write whose sync backup did not answer fails with IndeterminateOperationStateException
    // instead of silently succeeding: the caller must then not send (fail closed).
    c.setProperty(ClusterProperty.FAIL_ON_INDETERMINATE_OPERATION_STATE.getName(), "true");
    c.setProperty(
        ClusterProperty.OPERATION_BACKUP_TIMEOUT_MILLIS.getName(),
        Integer.toString(backupTimeoutMillis));
    // While partitions migrate after a member loss, an operation on a migrating partition is
    // retried; Hazelcast's default pause of 500 ms between retries held each lane's writes (and
    // so the take-over queued behind them) for seconds. 50 ms keeps the take-over short.
    c.setProperty(ClusterProperty.INVOCATION_RETRY_PAUSE.getName(), "50");
    // Two halves that formed separately (start-up race, healed split) merge within seconds.
    c.setProperty(ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS.getName(), "5");
    c.setProperty(ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS.getName(), "5");

    if (minClusterSize > 1) {
      // A minimum of one is no protection at all (and Hazelcast reports it unmet until the first
      // heartbeat): a one-member cluster has no other side to split from.
      c.addSplitBrainProtectionConfig(
          SplitBrainProtectionConfig.newRecentlyActiveSplitBrainProtectionConfigBuilder(
                  SPLIT_BRAIN_PROTECTION, minClusterSize, heartbeatToleranceMillis)
              .enabled(true)
              .build());
    }
    MapConfig users =
        new MapConfig(USERS_MAP)
            .setBackupCount(backupCount)
            .setAsyncBackupCount(0)
            .setReadBackupData(false)
            // Entry processors work on the object itself: no decode/encode of a user's plans on
            // every write.
            .setInMemoryFormat(InMemoryFormat.OBJECT)
            // A user placed in an account lives in the account's partition (UserKeys).
            .setPartitioningStrategyConfig(
                new PartitioningStrategyConfig(new UserKeys.AccountPartitioning()))
            .setStatisticsEnabled(true)
            .setSplitBrainProtectionName(minClusterSize > 1 ? SPLIT_BRAIN_PROTECTION : null)
            // After a healed split the majority's entry stays: the minority could not write.
            .setMergePolicyConfig(
                new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(), 100));
    c.addMapConfig(users);
    c.addMapConfig(
        new MapConfig(PLACEMENTS_MAP)
            .setBackupCount(backupCount)
            .setAsyncBackupCount(0)
            .setReadBackupData(false)
            .setSplitBrainProtectionName(minClusterSize > 1 ? SPLIT_BRAIN_PROTECTION : null)
            .setMergePolicyConfig(
                new MergePolicyConfig(PutIfAbsentMergePolicy.class.getName(), 100)));
    // Members of the version before account affinity key users differently: they must never
    // share a cluster with this one (ClusterNode refuses to start next to one).
    c.getMemberAttributeConfig().setAttribute(USER_KEYS_ATTRIBUTE, USER_KEYS_BY_ACCOUNT);
    c.getSerializationConfig()
        .addDataSerializableFactory(ClusterSerialization.FACTORY_ID, new ClusterSerialization())
        .setJavaSerializationFilterConfig(ClusterSerialization.javaSerializationFilter());
    return c;
  }
}
