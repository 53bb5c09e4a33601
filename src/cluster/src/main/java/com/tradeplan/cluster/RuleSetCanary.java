package com.tradeplan.cluster;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A canary deploy as the cluster holds it (docs/rules.md, "Canary"): rule-set version {@code
 * number} is the version that plans of {@code users} activated from now on are pinned to; every
 * other user's take the deployed version. One value in the replicated map {@code
 * tradeplan.rules.canary}, written only after every member prepared the version; its class is in
 * the members' deserialization list by its package ({@code com.tradeplan.}).
 *
 * @param users the user names, sorted, at most {@link #USERS_MAX}
 * @param actor who started it
 * @param at when
 */
public record RuleSetCanary(int number, List<String> users, String actor, Instant at)
    implements Serializable {
  /** At most this many users in one canary: a canary is a few users, not a second deploy. */
  public static final int USERS_MAX = 100;

  public RuleSetCanary {
    users = List.copyOf(users.stream().sorted().distinct().toList());
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(at, "at");
    if (users.isEmpty() || users.size() > USERS_MAX) {
      throw new IllegalArgumentException(
          "a canary has 1 to " + USERS_MAX + " users, not " + users.size());
    }
  }

  /** Whether {@code owner}'s newly activated plans take the canary's version. */
  public boolean covers(String owner) {
    return users.contains(owner);
  }
}
