package com.tradeplan.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.tradeplan.domain.state.PlanSnapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The identified serialization of everything this module puts on the wire: no Java serialization,
 * no reflection, and an explicit id per type so that a member with a different class layout fails
 * loudly instead of reading garbage.
 */
public final class ClusterSerialization implements DataSerializableFactory {
  public static final int FACTORY_ID = 7_601;
  static final int USER_STATE = 1;
  static final int ACQUIRE = 2;
  static final int RELEASE = 3;
  static final int REPLICATE = 4;
  static final int ADD_PLANS = 5;
  static final int REMOVE_PLANS = 6;

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case USER_STATE -> new UserState();
      case ACQUIRE -> new UserProcessors.Acquire();
      case RELEASE -> new UserProcessors.Release();
      case REPLICATE -> new UserProcessors.Replicate();
      case ADD_PLANS -> new UserProcessors.AddPlans();
      case REMOVE_PLANS -> new UserProcessors.RemovePlans();
      default -> throw new IllegalArgumentException("unknown cluster type id " + typeId);
    };
  }

  static void writeUuid(ObjectDataOutput out, UUID id) throws IOException {
    out.writeBoolean(id != null);
    if (id != null) {
      out.writeLong(id.getMostSignificantBits());
      out.writeLong(id.getLeastSignificantBits());
    }
  }

  static UUID readUuid(ObjectDataInput in) throws IOException {
    return in.readBoolean() ? new UUID(in.readLong(), in.readLong()) : null;
  }

  static void writeSnapshots(ObjectDataOutput out, List<PlanSnapshot> list) throws IOException {
    out.writeInt(list.size());
    for (PlanSnapshot s : list) {
      PlanSnapshotCodec.write(out, s);
    }
  }

  static List<PlanSnapshot> readSnapshots(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 100_000) {
      throw new IOException(n + " snapshots in one message");
    }
    List<PlanSnapshot> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(PlanSnapshotCodec.read(in));
    }
    return list;
  }
}
