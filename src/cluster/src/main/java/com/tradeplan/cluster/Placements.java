package com.tradeplan.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each user's entry is: the directory {@value ClusterConfig#PLACEMENTS_MAP} (user to the
 * account it is placed in, {@code ""} for none), and the one way a user moves from one key to
 * another (docs/cluster.md, "Account affinity").
 *
 * <p><b>A user has one open entry at a time.</b> An entry is created only at the key the directory
 * names ({@link #place} writes the directory before any add) or by a move; a move first seals the
 * old entry ({@link PlacementProcessors.Seal}, refused while any of the user's plans is unfinished,
 * atomic with every add on that entry), then opens the new one ({@link PlacementProcessors.Reopen})
 * and only then points the directory at it (compare-and-set). An add that read the directory before
 * the move lands on the sealed entry and is refused; a move that crashed halfway is completed by
 * the next {@link #place} or {@link #follow} from the seal, which names the new key. So two members
 * can never run one user from two entries: each entry has its own lease, and only one is open.
 *
 * <p>Threads: any; each call is a few blocking map operations (an activation, a relink, a plan
 * loaded at start, a read from the UI), never on the path of an order.
 */
final class Placements {
  /** A move retried this often when other moves of the same user race with it, then refused. */
  static final int MOVE_ATTEMPTS = 3;

  private static final Logger LOG = LoggerFactory.getLogger(Placements.class);

  private final IMap<String, String> directory;
  private final IMap<String, UserState> users;

  Placements(IMap<String, String> directory, IMap<String, UserState> users) {
    this.directory = directory;
    this.users = users;
  }

  /**
   * Where a user is after {@link #place}: {@code key} is the user's open entry; {@code refusal} is
   * null when it is the key of the account asked for, else why the user could not move there.
   */
  record Placed(String key, String refusal) {
    boolean moved() {
      return refusal == null;
    }
  }

  /** The key of {@code owner}'s entry now (the bare key when the directory names none). */
  String keyOf(String owner) {
    return UserKeys.keyOf(owner, directory.get(owner));
  }

  /** The keys of several users' entries, in one directory read. */
  Map<String, String> keysOf(Set<String> owners) {
    Map<String, String> placed = directory.getAll(owners);
    Map<String, String> keys = new HashMap<>();
    for (String owner : owners) {
      keys.put(owner, UserKeys.keyOf(owner, placed.get(owner)));
    }
    return keys;
  }

  /**
   * Places {@code owner} in {@code account} (null: nowhere), moving it from where it is when that
   * is elsewhere and none of its plans is unfinished there. Refused (the user stays where it is,
   * {@link Placed#refusal} says why) while it has unfinished plans elsewhere.
   */
  Placed place(String owner, String account) {
    String want = account == null ? "" : account;
    for (int attempt = 0; attempt < MOVE_ATTEMPTS; attempt++) {
      String now = directory.putIfAbsent(owner, want);
      if (now == null || now.equals(want)) {
        return new Placed(UserKeys.keyOf(owner, want), null);
      }
      String from = UserKeys.keyOf(owner, now);
      String to = UserKeys.keyOf(owner, want);
      String sealed = users.executeOnKey(from, new PlacementProcessors.Seal(to));
      if (sealed.startsWith(PlacementProcessors.LIVE)) {
        return new Placed(
            from,
            "user "
                + owner
                + " has "
                + sealed.substring(PlacementProcessors.LIVE.length()).trim()
                + " unfinished plan(s) in "
                + describe(now)
                + ": it moves to "
                + describe(want)
                + " once they have ended");
      }
      if (!sealed.startsWith(UserProcessors.REPLICATED)) {
        // Sealed for another key by a move that has not pointed the directory yet: finish it.
        follow(owner);
        continue;
      }
      long sealedEpoch =
          Long.parseLong(sealed.substring(UserProcessors.REPLICATED.length()).trim());
      users.executeOnKey(to, new PlacementProcessors.Reopen(from, sealedEpoch));
      if (directory.replace(owner, now, want)) {
        LOG.info("user {} moved from {} to {}", owner, from, to);
        return new Placed(to, null);
      }
    }
    return new Placed(
        keyOf(owner), "user " + owner + " is being moved by another change at the same time");
  }

  /**
   * Completes a move recorded in a seal but not yet in the directory (its mover stopped halfway),
   * and returns the user's key afterwards.
   */
  String follow(String owner) {
    for (int hop = 0; hop < MOVE_ATTEMPTS; hop++) {
      String now = directory.get(owner);
      String from = UserKeys.keyOf(owner, now);
      UserState u = users.get(from);
      if (u == null || u.sealedTo() == null) {
        return from;
      }
      String to = u.sealedTo();
      users.executeOnKey(to, new PlacementProcessors.Reopen(from, u.epoch()));
      String toAccount = UserKeys.accountOf(to) == null ? "" : UserKeys.accountOf(to);
      if (now == null) {
        directory.putIfAbsent(owner, toAccount);
      } else {
        directory.replace(owner, now, toAccount);
      }
    }
    return keyOf(owner);
  }

  /**
   * Whether this member owns the partition of each of {@code owners} (see {@link
   * ClusterNode#partitionOwnership}): the directory is read once, here.
   */
  Predicate<String> ownership(
      Set<String> owners, PartitionService partitions, BooleanSupplier running) {
    Map<String, String> keys = keysOf(owners);
    return owner -> {
      if (!running.getAsBoolean()) {
        return false;
      }
      String key = keys.getOrDefault(owner, owner);
      Member m = partitions.getPartition(UserKeys.partitionKey(key)).getOwner();
      return m != null && m.localMember();
    };
  }

  private static String describe(String account) {
    return account.isEmpty() ? "no account" : "account " + account;
  }
}
