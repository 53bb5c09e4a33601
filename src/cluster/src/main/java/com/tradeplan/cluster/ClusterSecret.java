package com.tradeplan.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may join the cluster: the secret every member shares ({@code TRADEPLAN_CLUSTER_SECRET}, or
 * the file named by {@code TRADEPLAN_CLUSTER_SECRET_FILE}) and the Hazelcast cluster name derived
 * from it.
 *
 * <p>Hazelcast's open-source edition has no member authentication: a process that reaches a
 * member's port and sends a join request (or a client handshake) with the right cluster name is in,
 * and may read and change every user's replicated state and run tasks on the members. The cluster
 * name is therefore the credential, and a well-known one ({@code tradeplan}) is none. Here it is
 * {@code tradeplan-} followed by 128 bits of HMAC-SHA256 of the operator's cluster label keyed with
 * the secret: only a process that knows the secret can compute it, and the secret itself is never
 * stored, logged or sent. That is all it does. The derived name still travels in clear in every
 * join request and Hazelcast prints it once at start ({@code Cluster name: ...}), so it keeps out
 * processes that do not know the secret, not an eavesdropper on the member network: there is no
 * encryption (docs/cluster.md, "Security").
 *
 * <p>The secret is required as soon as the member list, the bind address or the announced address
 * names a host other than loopback. A cluster whose members all listen on loopback only (tests, one
 * machine) may do without: it then uses {@link #LOOPBACK_DEFAULT}, and only local processes can
 * reach it at all. Nothing here is stateful; every method throws {@link IllegalArgumentException}
 * naming the variable when a value is missing or malformed, and never puts the secret into a
 * message.
 */
final class ClusterSecret {
  static final String SECRET_VARIABLE = "TRADEPLAN_CLUSTER_SECRET";
  static final String SECRET_FILE_VARIABLE = "TRADEPLAN_CLUSTER_SECRET_FILE";

  /** Shorter secrets are refused: 16 random characters are already well past guessing. */
  static final int MIN_SECRET_LENGTH = 16;

  /** The secret of a cluster whose members all listen on loopback and that set none. */
  static final String LOOPBACK_DEFAULT = "tradeplan-loopback-only-cluster";

  /** Derived names are this prefix and 32 hex digits. */
  static final String NAME_PREFIX = "tradeplan-";

  private ClusterSecret() {}

  /**
   * The Hazelcast cluster name of the cluster labelled {@code label}: derived from the secret in
   * {@code env}, or from {@link #LOOPBACK_DEFAULT} when none is set and every address is loopback.
   *
   * @param members the member list ({@code host:port}), empty for a one-member cluster
   * @param host the address this member binds
   * @param publicAddress the address ({@code host:port}) this member announces
   * @throws IllegalArgumentException naming the variable when the secret is missing although an
   *     address is not loopback, unreadable, too short, or given twice
   */
  static String hazelcastClusterName(
      Map<String, String> env,
      String label,
      List<String> members,
      String host,
      String publicAddress) {
    String secret = read(env);
    if (secret == null) {
      List<String> exposed = new ArrayList<>();
      for (String address : members) {
        if (!isLoopback(hostOf(address))) {
          exposed.add(address);
        }
      }
      if (!members.isEmpty() && !isLoopback(host)) {
        exposed.add("TRADEPLAN_CLUSTER_HOST=" + host);
      }
      if (!members.isEmpty() && !isLoopback(hostOf(publicAddress))) {
        exposed.add("TRADEPLAN_CLUSTER_PUBLIC_ADDRESS=" + publicAddress);
      }
      if (!exposed.isEmpty()) {
        throw new IllegalArgumentException(
            SECRET_VARIABLE
                + " (or "
                + SECRET_FILE_VARIABLE
                + ") is required: this member would reach or be reached beyond loopback ("
                + String.join(", ", exposed)
                + "), and without it anyone who reaches the member port could join the cluster and"
                + " change every user's state. Set the same random value of at least "
                + MIN_SECRET_LENGTH
                + " characters on every member (docs/cluster.md, \"Security\").");
      }
      secret = LOOPBACK_DEFAULT;
    }
    return derive(label, secret);
  }

  /**
   * {@code tradeplan-} and the first 128 bits of HMAC-SHA256(key = secret, message = label), in
   * hex: the same on every member with the same label and secret, and different as soon as either
   * differs.
   */
  static String derive(String label, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] digest = mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
      return NAME_PREFIX + HexFormat.of().formatHex(Arrays.copyOf(digest, 16));
    } catch (GeneralSecurityException e) {
      // Every Java 17 runtime has HmacSHA256: its absence is a broken JDK, not a configuration.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The secret from the environment or its file, stripped of surrounding blanks; null if unset. */
  private static String read(Map<String, String> env) {
    String value = blankToNull(env.get(SECRET_VARIABLE));
    String file = blankToNull(env.get(SECRET_FILE_VARIABLE));
    if (value != null && file != null) {
      throw new IllegalArgumentException(
          "set one of " + SECRET_VARIABLE + " and " + SECRET_FILE_VARIABLE + ", not both");
    }
    String variable = SECRET_VARIABLE;
    if (file != null) {
      variable = SECRET_FILE_VARIABLE;
      try {
        value = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            SECRET_FILE_VARIABLE + ": cannot read " + file.strip() + " (" + e + ")", e);
      }
    }
    if (value == null) {
      return null;
    }
    String secret = value.strip();
    if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          variable
              + ": the secret has "
              + secret.length()
              + " characters; at least "
              + MIN_SECRET_LENGTH
              + " are required (e.g. head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n')");
    }
    return secret;
  }

  private static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v;
  }

  /** The host of {@code host:port} (or of a bare host). */
  static String hostOf(String address) {
    int colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.substring(0, colon);
  }

  /**
   * True for {@code localhost} and 127.x.y.z, decided from the text alone: a name that would
   * resolve to loopback counts as not loopback, so the doubt requires a secret rather than waiving
   * it.
   */
  static boolean isLoopback(String host) {
    return host.equalsIgnoreCase("localhost")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
