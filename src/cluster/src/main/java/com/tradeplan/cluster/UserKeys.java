package com.tradeplan.cluster;

import com.hazelcast.partition.PartitioningStrategy;

/**
 * The key of a user's replicated entry, and the partition it lives in. A user <b>placed</b> in an
 * IB account has the key {@code user@account}, and the entry lives in the partition of the account
 * (Hazelcast's {@code @} partition-key convention, applied to the users map by {@link
 * AccountPartitioning}): every user of one account lands in one partition, so the one member that
 * owns it runs them all and its account figures are exact (docs/cluster.md, "Account affinity"). A
 * user placed nowhere (no account: a plan activated before accounts existed) has the bare key
 * {@code user}, in the user's own partition, as every user had before account affinity.
 *
 * <p>User names never contain {@code @} ({@code UserStore.USERNAME}, {@code [A-Za-z0-9_.-]}) and
 * neither do account codes, so a key names exactly one (user, account) pair. Pure functions, any
 * thread.
 */
final class UserKeys {
  private UserKeys() {}

  /** The key of {@code owner}'s entry when placed in {@code account} (null or blank: nowhere). */
  static String keyOf(String owner, String account) {
    if (owner.indexOf('@') >= 0) {
      throw new IllegalArgumentException("a user name cannot contain '@': " + owner);
    }
    return account == null || account.isBlank() ? owner : owner + "@" + account;
  }

  /** The user a key belongs to. */
  static String ownerOf(String key) {
    int at = key.indexOf('@');
    return at < 0 ? key : key.substring(0, at);
  }

  /** The account a key places its user in, or null for a bare key. */
  static String accountOf(String key) {
    int at = key.indexOf('@');
    return at < 0 ? null : key.substring(at + 1);
  }

  /**
   * What decides the partition of a key: the account for a placed user, the user otherwise. Every
   * call that routes by a user (the partition's owner, a holder call) goes through this, so that it
   * finds the same member as the map's own operations.
   */
  static String partitionKey(String key) {
    String account = accountOf(key);
    return account == null ? key : account;
  }

  /** The users map's partitioning: {@link #partitionKey}. Stateless; one instance serves all. */
  static final class AccountPartitioning implements PartitioningStrategy<Object> {
    @Override
    public Object getPartitionKey(Object key) {
      return key instanceof String s ? partitionKey(s) : null;
    }
  }
}
