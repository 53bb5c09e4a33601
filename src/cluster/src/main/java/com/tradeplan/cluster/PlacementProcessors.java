package com.tradeplan.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * The two changes of a user's entry that move the user to another key (docs/cluster.md, "Account
 * affinity"), with the same rules as {@link UserProcessors}: decided from the parameters and the
 * entry only, run again on every sync backup, refusals are answers.
 */
final class PlacementProcessors {
  private PlacementProcessors() {}

  /** Answer of {@link Seal} when the user still has plans that are not finished. */
  static final String LIVE = "LIVE";

  /**
   * Seals the user's entry for a move to {@code toKey}: from then on it refuses every write, add
   * and acquire. Answers {@code REPLICATED <epoch>}, the entry's epoch, which no longer changes.
   * Refused ({@link #LIVE}) while any of the user's plans is not finished (those plans run where
   * they are until they end); refused ({@link UserProcessors#REFUSED}) when it was sealed for
   * another key. Sealing an absent entry records the seal (an add racing with the move then finds
   * it sealed). The lease stays: its holder is told here when it runs this copy of the entry (the
   * partition's owner, where a holder normally is), and releases the user on its ownership thread;
   * a holder elsewhere releases it anyway since the partition is not its own.
   */
  static final class Seal extends UserProcessors.UserProcessor<String>
      implements HazelcastInstanceAware {
    private String toKey;
    private transient HazelcastInstance instance;

    Seal() {
      super(ClusterSerialization.SEAL);
    }

    Seal(String toKey) {
      this();
      this.toKey = toKey;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
      this.instance = hazelcastInstance;
    }

    @Override
    public String process(Map.Entry<String, UserState> entry) {
      UserState u = stateOrEmpty(entry);
      if (u.sealedTo() != null) {
        return u.sealedTo().equals(toKey)
            ? UserProcessors.REPLICATED + " " + u.epoch()
            : UserProcessors.REFUSED + " already moved to " + u.sealedTo();
      }
      int live = u.unfinishedPlans();
      if (live > 0) {
        return LIVE + " " + live;
      }
      entry.setValue(u.sealed(toKey));
      if (u.holder() != null && instance != null) {
        if (u.holder().equals(instance.getCluster().getLocalMember().getUuid())
            && instance.getUserContext().get(ClusterNode.USER_CONTEXT_KEY)
                instanceof ClusterNode node) {
          node.userSealed(u.owner(), entry.getKey());
        }
      }
      return UserProcessors.REPLICATED + " " + u.epoch();
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(toKey);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      toKey = in.readString();
    }
  }

  /**
   * Makes this key the user's entry again (or for the first time), replacing the sealed {@code
   * fromKey}: created empty when absent, unsealed when sealed, its epoch raised to at least the
   * sealed entry's (so a user's epochs only go up across a move, as across a handover). Its first
   * acquire waits until nobody live holds {@code fromKey}.
   */
  static final class Reopen extends UserProcessors.UserProcessor<String>
      implements HazelcastInstanceAware {
    private String fromKey;
    private long atLeastEpoch;
    private transient HazelcastInstance instance;

    Reopen() {
      super(ClusterSerialization.REOPEN);
    }

    Reopen(String fromKey, long atLeastEpoch) {
      this();
      this.fromKey = fromKey;
      this.atLeastEpoch = atLeastEpoch;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
      this.instance = hazelcastInstance;
    }

    @Override
    public String process(Map.Entry<String, UserState> entry) {
      UserState u = stateOrEmpty(entry);
      if (u.sealedTo() == null && entry.getValue() != null && u.movedFrom() == null) {
        // Already the user's open entry (a move retried after it completed).
        return UserProcessors.REPLICATED;
      }
      entry.setValue(
          u.withLease(Math.max(u.epoch(), atLeastEpoch), u.holder(), u.holderAddress())
              .reopened(fromKey));
      if (instance != null
          && instance.getUserContext().get(ClusterNode.USER_CONTEXT_KEY) instanceof ClusterNode n) {
        // Every copy of the entry runs this; the partition's owner, which acquires it, listens.
        n.keyReopened(entry.getKey());
      }
      return UserProcessors.REPLICATED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeString(fromKey);
      out.writeLong(atLeastEpoch);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      fromKey = in.readString();
      atLeastEpoch = in.readLong();
    }
  }
}
