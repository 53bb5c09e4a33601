package com.tradeplan.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.tradeplan.domain.state.PlanSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The replicated entry of one user, keyed by {@link UserKeys} (so it lives in the partition of the
 * user's account, or of the user when it has none): the lease (who may send for this user, and the
 * epoch that fences everyone else) and the latest snapshot of each of the user's plans. Lease and
 * plans share one entry on purpose: an entry processor checks "the writer holds the current epoch"
 * and "the version only goes up" atomically with the write, so a member that lost the user can
 * never overwrite the new holder's state.
 *
 * <p>Placement (docs/cluster.md, "Account affinity"): a user has one open entry at a time. When it
 * moves to another account's key the old entry is <b>sealed</b> ({@link #sealedTo}: refuses every
 * write, add and acquire from then on, so no member can run the user from it again) and the new one
 * remembers where it came from ({@link #movedFrom}) until its first acquire, which waits until
 * nobody live holds the sealed one: the old holder stops before the new one starts, as in any
 * handover.
 *
 * <p>Treated as immutable: entry processors build a changed copy and {@code setValue} it.
 */
public final class UserState implements IdentifiedDataSerializable {
  private String owner;
  private long epoch;
  private UUID holder;
  private String holderAddress;
  private LinkedHashMap<String, PlanSnapshot> plans = new LinkedHashMap<>();
  private String sealedTo;
  private String movedFrom;

  /** For deserialization only. */
  public UserState() {}

  UserState(
      String owner,
      long epoch,
      UUID holder,
      String holderAddress,
      Map<String, PlanSnapshot> plans) {
    this(owner, epoch, holder, holderAddress, plans, null, null);
  }

  private UserState(
      String owner,
      long epoch,
      UUID holder,
      String holderAddress,
      Map<String, PlanSnapshot> plans,
      String sealedTo,
      String movedFrom) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.epoch = epoch;
    this.holder = holder;
    this.holderAddress = holderAddress;
    this.plans = new LinkedHashMap<>(plans);
    this.sealedTo = sealedTo;
    this.movedFrom = movedFrom;
  }

  static UserState empty(String owner) {
    return new UserState(owner, 0, null, null, Map.of());
  }

  /** The key the user moved to when this entry was sealed; null while the entry is the user's. */
  public String sealedTo() {
    return sealedTo;
  }

  /**
   * The sealed entry this one replaced, until its first acquire (which waits until nobody live
   * holds that one); null otherwise.
   */
  public String movedFrom() {
    return movedFrom;
  }

  /** The user's plans that are not finished (they may still send orders). */
  int unfinishedPlans() {
    int n = 0;
    for (PlanSnapshot s : plans.values()) {
      if (!s.status().isTerminal()) {
        n++;
      }
    }
    return n;
  }

  public String owner() {
    return owner;
  }

  /** The current epoch: 0 before anyone held the user; each acquire makes it larger. */
  public long epoch() {
    return epoch;
  }

  /** The member (UUID) that holds the user's send rights, or null when released. */
  public UUID holder() {
    return holder;
  }

  public String holderAddress() {
    return holderAddress;
  }

  public Map<String, PlanSnapshot> plans() {
    return Collections.unmodifiableMap(plans);
  }

  public List<PlanSnapshot> planList() {
    return List.copyOf(plans.values());
  }

  UserState withLease(long newEpoch, UUID newHolder, String newHolderAddress) {
    return new UserState(owner, newEpoch, newHolder, newHolderAddress, plans, sealedTo, movedFrom);
  }

  UserState sealed(String toKey) {
    return new UserState(owner, epoch, holder, holderAddress, plans, toKey, null);
  }

  /** Open again (or for the first time) as the user's entry, replacing {@code fromKey}. */
  UserState reopened(String fromKey) {
    return new UserState(owner, epoch, holder, holderAddress, plans, null, fromKey);
  }

  UserState withPlans(List<PlanSnapshot> changed) {
    LinkedHashMap<String, PlanSnapshot> p = new LinkedHashMap<>(plans);
    for (PlanSnapshot s : changed) {
      p.put(s.planId(), s);
    }
    return new UserState(owner, epoch, holder, holderAddress, p, sealedTo, movedFrom);
  }

  UserState withoutPlans(List<String> planIds) {
    LinkedHashMap<String, PlanSnapshot> p = new LinkedHashMap<>(plans);
    planIds.forEach(p::remove);
    return new UserState(owner, epoch, holder, holderAddress, p, sealedTo, movedFrom);
  }

  @Override
  public int getFactoryId() {
    return ClusterSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return ClusterSerialization.USER_STATE_PLACED;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(owner);
    out.writeLong(epoch);
    ClusterSerialization.writeUuid(out, holder);
    out.writeString(holderAddress);
    out.writeInt(plans.size());
    for (PlanSnapshot s : plans.values()) {
      PlanSnapshotCodec.write(out, s);
    }
    out.writeString(sealedTo);
    out.writeString(movedFrom);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    owner = in.readString();
    epoch = in.readLong();
    holder = ClusterSerialization.readUuid(in);
    holderAddress = in.readString();
    int n = in.readInt();
    if (n < 0 || n > 100_000) {
      throw new IOException("user " + owner + " with " + n + " plans");
    }
    plans = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      PlanSnapshot s = PlanSnapshotCodec.read(in);
      plans.put(s.planId(), s);
    }
    sealedTo = in.readString();
    movedFrom = in.readString();
  }

  @Override
  public String toString() {
    List<String> versions = new ArrayList<>();
    plans.values().forEach(s -> versions.add(s.planId() + "@" + s.version()));
    return "UserState["
        + owner
        + " epoch "
        + epoch
        + " holder "
        + holderAddress
        + " "
        + versions
        + (sealedTo == null ? "" : " sealed to " + sealedTo)
        + (movedFrom == null ? "" : " moved from " + movedFrom)
        + "]";
  }
}
