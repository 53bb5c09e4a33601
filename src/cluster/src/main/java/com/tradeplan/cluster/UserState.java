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
 * The replicated entry of one user, keyed by the user id (so it lives in the user's partition): the
 * lease (who may send for this user, and the epoch that fences everyone else) and the latest
 * snapshot of each of the user's plans. Lease and plans share one entry on purpose: an entry
 * processor checks "the writer holds the current epoch" and "the version only goes up" atomically
 * with the write, so a member that lost the user can never overwrite the new holder's state.
 *
 * <p>Treated as immutable: entry processors build a changed copy and {@code setValue} it.
 */
public final class UserState implements IdentifiedDataSerializable {
  private String owner;
  private long epoch;
  private UUID holder;
  private String holderAddress;
  private LinkedHashMap<String, PlanSnapshot> plans = new LinkedHashMap<>();

  /** For deserialization only. */
  public UserState() {}

  UserState(
      String owner,
      long epoch,
      UUID holder,
      String holderAddress,
      Map<String, PlanSnapshot> plans) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.epoch = epoch;
    this.holder = holder;
    this.holderAddress = holderAddress;
    this.plans = new LinkedHashMap<>(plans);
  }

  static UserState empty(String owner) {
    return new UserState(owner, 0, null, null, Map.of());
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
    return new UserState(owner, newEpoch, newHolder, newHolderAddress, plans);
  }

  UserState withPlans(List<PlanSnapshot> changed) {
    LinkedHashMap<String, PlanSnapshot> p = new LinkedHashMap<>(plans);
    for (PlanSnapshot s : changed) {
      p.put(s.planId(), s);
    }
    return new UserState(owner, epoch, holder, holderAddress, p);
  }

  UserState withoutPlans(List<String> planIds) {
    LinkedHashMap<String, PlanSnapshot> p = new LinkedHashMap<>(plans);
    planIds.forEach(p::remove);
    return new UserState(owner, epoch, holder, holderAddress, p);
  }

  @Override
  public int getFactoryId() {
    return ClusterSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return ClusterSerialization.USER_STATE;
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
        + "]";
  }
}
