package com.tradeplan.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.tradeplan.domain.state.PlanSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The only ways the replicated user entries change. Each runs atomically on the partition owner and
 * again, with the same inputs, on every sync backup (the default backup processor is the processor
 * itself), so each decides from its parameters and the entry only: no clock, no member lookups.
 * {@code process} runs on the entry's partition thread and must not block there. Expected refusals
 * are answers, never exceptions: the codes below, which {@link Replication} turns into a {@link
 * ReplicationResult} (and {@code Acquire}'s null, {@code Release}'s false).
 *
 * <p>The fencing check ("the writer holds the lease at this epoch") is in {@link HolderProcessor}
 * once, for every change only the holder may make; {@link UserProcessor} gives each type its class
 * id in {@link ClusterSerialization}. Each type's {@code writeData} order is its wire form.
 */
final class UserProcessors {
  private UserProcessors() {}

  static final String REPLICATED = "REPLICATED";
  static final String FENCED = "FENCED";
  static final String STALE = "STALE";
  static final String REFUSED = "REFUSED";

  /** What every processor is on the wire: this module's factory and one class id per type. */
  abstract static class UserProcessor<R>
      implements EntryProcessor<String, UserState, R>, IdentifiedDataSerializable {
    private final int classId;

    UserProcessor(int classId) {
      this.classId = classId;
    }

    @Override
    public final int getFactoryId() {
      return ClusterSerialization.FACTORY_ID;
    }

    @Override
    public final int getClassId() {
      return classId;
    }

    /** The entry's state, or an empty one for its user when the entry does not exist yet. */
    static UserState stateOrEmpty(Map.Entry<String, UserState> entry) {
      UserState u = entry.getValue();
      return u == null ? UserState.empty(UserKeys.ownerOf(entry.getKey())) : u;
    }
  }

  /**
   * A change only the holder of the user's lease at one epoch may make: the fencing check lives
   * here once. On the wire: the holder's id and the epoch, then what the subclass adds.
   */
  abstract static class HolderProcessor<R> extends UserProcessor<R> {
    UUID me;
    long epoch;

    HolderProcessor(int classId) {
      super(classId);
    }

    HolderProcessor(int classId, UUID me, long epoch) {
      super(classId);
      this.me = me;
      this.epoch = epoch;
    }

    /** Whether {@code u} exists and names {@code me} as its holder at {@code epoch}. */
    final boolean heldBy(UserState u) {
      return u != null && me.equals(u.holder()) && u.epoch() == epoch;
    }

    @Override
    public final void writeData(ObjectDataOutput out) throws IOException {
      ClusterSerialization.writeUuid(out, me);
      out.writeLong(epoch);
      writeRest(out);
    }

    @Override
    public final void readData(ObjectDataInput in) throws IOException {
      me = ClusterSerialization.readUuid(in);
      epoch = in.readLong();
      readRest(in);
    }

    abstract void writeRest(ObjectDataOutput out) throws IOException;

    abstract void readRest(ObjectDataInput in) throws IOException;
  }

  /**
   * Takes the user's lease for {@code me} with the next epoch, unless another member that is still
   * in {@code liveMembers} holds it (that member must release first: old stops before new starts),
   * the entry is sealed (the user moved to another key), or the entry replaced a sealed one whose
   * holder the caller has not seen released ({@code cleared}: the keys whose predecessor nobody
   * live holds). Returns the entry after the change, or null when refused or when there is no
   * entry.
   */
  static final class Acquire extends UserProcessor<UserState> {
    private UUID me;
    private String myAddress;
    private Set<UUID> liveMembers;
    private Set<String> cleared;

    Acquire() {
      super(ClusterSerialization.ACQUIRE);
    }

    Acquire(UUID me, String myAddress, Set<UUID> liveMembers, Set<String> cleared) {
      this();
      this.me = me;
      this.myAddress = myAddress;
      this.liveMembers = Set.copyOf(liveMembers);
      this.cleared = Set.copyOf(cleared);
    }

    @Override
    public UserState process(Map.Entry<String, UserState> entry) {
      UserState u = entry.getValue();
      if (u == null || u.sealedTo() != null) {
        return null;
      }
      if (u.movedFrom() != null && !cleared.contains(entry.getKey())) {
        return null;
      }
      if (u.holder() != null && !u.holder().equals(me) && liveMembers.contains(u.holder())) {
        return null;
      }
      UserState acquired = u.reopened(null).withLease(u.epoch() + 1, me, myAddress);
      entry.setValue(acquired);
      return acquired;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      ClusterSerialization.writeUuid(out, me);
      out.writeString(myAddress);
      out.writeInt(liveMembers.size());
      for (UUID id : liveMembers) {
        ClusterSerialization.writeUuid(out, id);
      }
      out.writeInt(cleared.size());
      for (String key : cleared) {
        out.writeString(key);
      }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      me = ClusterSerialization.readUuid(in);
      myAddress = in.readString();
      int n = in.readInt();
      Set<UUID> live = new HashSet<>();
      for (int i = 0; i < n; i++) {
        live.add(ClusterSerialization.readUuid(in));
      }
      liveMembers = live;
      int k = in.readInt();
      Set<String> keys = new HashSet<>();
      for (int i = 0; i < k; i++) {
        keys.add(in.readString());
      }
      cleared = keys;
    }
  }

  /** Gives the lease up if {@code me} holds it at {@code epoch}; the epoch stays (fencing). */
  static final class Release extends HolderProcessor<Boolean> {
    Release() {
      super(ClusterSerialization.RELEASE);
    }

    Release(UUID me, long epoch) {
      super(ClusterSerialization.RELEASE, me, epoch);
    }

    @Override
    public Boolean process(Map.Entry<String, UserState> entry) {
      UserState u = entry.getValue();
      if (!heldBy(u)) {
        return Boolean.FALSE;
      }
      entry.setValue(u.withLease(u.epoch(), null, null));
      return Boolean.TRUE;
    }

    @Override
    void writeRest(ObjectDataOutput out) {}

    @Override
    void readRest(ObjectDataInput in) {}
  }

  /**
   * Writes changed snapshots of one user, all or nothing, only for the holder of the current epoch
   * and only forwards: a version below the stored one, or the same version with other content, is
   * refused. The same version with the same content is a retry of a write that already happened
   * (after an indeterminate result) and succeeds without a change.
   */
  static final class Replicate extends HolderProcessor<String> {
    private List<PlanSnapshot> snapshots;

    Replicate() {
      super(ClusterSerialization.REPLICATE);
    }

    Replicate(UUID me, long epoch, List<PlanSnapshot> snapshots) {
      super(ClusterSerialization.REPLICATE, me, epoch);
      this.snapshots = List.copyOf(snapshots);
    }

    @Override
    public String process(Map.Entry<String, UserState> entry) {
      UserState u = entry.getValue();
      if (u == null) {
        return FENCED + " no replicated entry for user " + entry.getKey();
      }
      if (u.sealedTo() != null) {
        return FENCED + " user " + u.owner() + " moved to " + u.sealedTo();
      }
      if (!heldBy(u)) {
        return FENCED
            + " user "
            + u.owner()
            + " is at epoch "
            + u.epoch()
            + " held by "
            + u.holderAddress()
            + "; writer had epoch "
            + epoch;
      }
      List<PlanSnapshot> changed = new ArrayList<>();
      for (PlanSnapshot s : snapshots) {
        if (!s.plan().owner().equals(u.owner())) {
          return REFUSED + " plan " + s.planId() + " belongs to " + s.plan().owner();
        }
        PlanSnapshot stored = u.plans().get(s.planId());
        if (stored != null && s.version() <= stored.version()) {
          if (s.version() == stored.version() && s.equals(stored)) {
            continue;
          }
          return STALE
              + " plan "
              + s.planId()
              + " is at version "
              + stored.version()
              + ", offered "
              + s.version();
        }
        changed.add(s);
      }
      if (!changed.isEmpty()) {
        entry.setValue(u.withPlans(changed));
      }
      return REPLICATED;
    }

    @Override
    void writeRest(ObjectDataOutput out) throws IOException {
      ClusterSerialization.writeSnapshots(out, snapshots);
    }

    @Override
    void readRest(ObjectDataInput in) throws IOException {
      snapshots = ClusterSerialization.readSnapshots(in);
    }
  }

  /**
   * Adds plans that the cluster does not know yet (a trader's new plan, or plans loaded from the
   * store), from any member. A plan already present is left alone unless identical. When the member
   * running this copy of the entry is the user's holder, it hands the new plans to its {@link
   * ClusterNode} so the running session starts monitoring them.
   */
  static final class AddPlans extends UserProcessor<String> implements HazelcastInstanceAware {
    private List<PlanSnapshot> snapshots;
    private transient HazelcastInstance instance;

    AddPlans() {
      super(ClusterSerialization.ADD_PLANS);
    }

    AddPlans(List<PlanSnapshot> snapshots) {
      this();
      this.snapshots = List.copyOf(snapshots);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
      this.instance = hazelcastInstance;
    }

    @Override
    public String process(Map.Entry<String, UserState> entry) {
      UserState u = stateOrEmpty(entry);
      if (u.sealedTo() != null) {
        return REFUSED + " user " + u.owner() + " moved to " + u.sealedTo();
      }
      List<PlanSnapshot> added = new ArrayList<>();
      for (PlanSnapshot s : snapshots) {
        if (!s.plan().owner().equals(u.owner())) {
          return REFUSED + " plan " + s.planId() + " belongs to " + s.plan().owner();
        }
        PlanSnapshot stored = u.plans().get(s.planId());
        if (stored != null) {
          if (stored.equals(s)) {
            continue;
          }
          return STALE + " plan " + s.planId() + " exists at version " + stored.version();
        }
        added.add(s);
      }
      if (!added.isEmpty() || entry.getValue() == null) {
        entry.setValue(u.withPlans(added));
      }
      if (!added.isEmpty() && u.holder() != null && instance != null) {
        if (u.holder().equals(instance.getCluster().getLocalMember().getUuid())
            && instance.getUserContext().get(ClusterNode.USER_CONTEXT_KEY)
                instanceof ClusterNode node) {
          node.plansAdded(u.owner(), entry.getKey(), u.epoch(), added);
        }
      }
      return REPLICATED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      ClusterSerialization.writeSnapshots(out, snapshots);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      snapshots = ClusterSerialization.readSnapshots(in);
    }
  }

  /** Drops finished plans, for the holder of the current epoch only. */
  static final class RemovePlans extends HolderProcessor<String> {
    private List<String> planIds;

    RemovePlans() {
      super(ClusterSerialization.REMOVE_PLANS);
    }

    RemovePlans(UUID me, long epoch, List<String> planIds) {
      super(ClusterSerialization.REMOVE_PLANS, me, epoch);
      this.planIds = List.copyOf(planIds);
    }

    @Override
    public String process(Map.Entry<String, UserState> entry) {
      UserState u = entry.getValue();
      if (!heldBy(u) || u.sealedTo() != null) {
        return FENCED + " not the holder of epoch " + epoch + " of an open entry";
      }
      entry.setValue(u.withoutPlans(planIds));
      return REPLICATED;
    }

    @Override
    void writeRest(ObjectDataOutput out) throws IOException {
      out.writeInt(planIds.size());
      for (String id : planIds) {
        out.writeString(id);
      }
    }

    @Override
    void readRest(ObjectDataInput in) throws IOException {
      int n = in.readInt();
      List<String> ids = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ids.add(in.readString());
      }
      planIds = ids;
    }
  }
}
